import { describe, expect, it } from 'vitest';
import { useMigratedDb } from './migrated-db';

/** Migration 0011 (qr_checkouts): a Checkout Session per QR code, paid once, void or refunded with its reason. */
const db = useMigratedDb(`
  INSERT INTO sessions (id, plate_raw, plate_key, plate_fold, vehicle_class, zone_id, space_type, entry_at, status, opened_by)
  VALUES (1, 'AB12CDE', 'AB12CDE', 'AB12CDE', 'car', 'main', 'regular', 0, 'open', 'anna');`);

const insert = (id: string, fields: Partial<{ state: string; voidReason: string | null; paymentId: number | null; refundId: string | null; url: string; amount: number }> = {}) =>
  db()
    .prepare(`INSERT INTO qr_checkouts (id, session_id, amount_minor, currency, url, expires_at, state, void_reason, payment_id, refund_id, created_at, created_by, updated_at)
              VALUES (?, 1, ?, 'GBP', ?, 0, ?, ?, ?, ?, 0, 'anna', 0)`)
    .run(id, fields.amount ?? 650, fields.url ?? 'https://checkout.stripe.com/c/pay/x', fields.state ?? 'open', fields.voidReason ?? null, fields.paymentId ?? null, fields.refundId ?? null);

describe('0011_qr_checkouts', () => {
  it('keeps a Checkout Session open, void with its reason, or refunded with the refund', () => {
    insert('cs_test_open');
    insert('cs_test_void', { state: 'void', voidReason: 'superseded' });
    insert('cs_test_refunded', { state: 'refunded', voidReason: 'expired', refundId: 're_1' });
    expect(db().prepare('SELECT count(*) FROM qr_checkouts').pluck().get()).toBe(3);
  });

  it('refuses a row that is paid without a payment, void without a reason, refunded without a refund, or not a Checkout Session', () => {
    expect(() => insert('cs_test_1', { state: 'paid' })).toThrow(/CHECK/);
    expect(() => insert('cs_test_2', { state: 'void' })).toThrow(/CHECK/);
    expect(() => insert('cs_test_3', { state: 'refunded' })).toThrow(/CHECK/);
    expect(() => insert('pi_123456789')).toThrow(/CHECK/);
    expect(() => insert('cs_test_4', { url: 'http://checkout.example' })).toThrow(/CHECK/);
    expect(() => insert('cs_test_5', { amount: 0 })).toThrow(/CHECK/);
    expect(db().prepare('SELECT count(*) FROM qr_checkouts').pluck().get()).toBe(0);
  });
});
