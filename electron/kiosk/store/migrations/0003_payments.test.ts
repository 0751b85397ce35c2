import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useMigratedDb } from './migrated-db';

/** Migration 0003 (payments): attempts, payments, gapless receipts, wallets, validations, drawer, refunds, debts. */
const db = useMigratedDb(`
    INSERT INTO users (id, username, display_name, role, secret_kind, secret_hash, created_at) VALUES (1, 'anna', 'Anna', 'attendant', 'pin', 'x', 0);
    INSERT INTO shifts (id, user_id, opened_at, float_minor) VALUES (1, 1, 0, 5000);
    INSERT INTO sessions (id, plate_raw, plate_key, plate_fold, vehicle_class, zone_id, space_type, entry_at, status, opened_by)
    VALUES (1, 'AB12', 'AB12', 'A8I2', 'car', 'main', 'regular', 0, 'open', 't');`);

const attempt = (on: Database) => on.prepare(`INSERT INTO payment_attempts (idempotency_key, session_id, method, amount_minor, currency, state, terminal_id, created_by, created_at, updated_at)
  VALUES (?, 1, ?, ?, 'GBP', ?, ?, 'anna', 0, 0)`);
const payment = (key: string, receiptNo: number, extra: Partial<Record<'method' | 'amount' | 'tendered' | 'change' | 'shift', unknown>> = {}) =>
  db().prepare(`INSERT INTO payments (idempotency_key, session_id, method, amount_minor, currency, tax_minor, tendered_minor, change_minor, shift_id, quote, receipt_no, taken_by, taken_at)
    VALUES (?, 1, ?, ?, 'GBP', 0, ?, ?, ?, '{}', ?, 'anna', 0)`).run(key, extra.method ?? 'cash', extra.amount ?? 700, extra.tendered ?? 1000, extra.change ?? 300, 'shift' in extra ? extra.shift : 1, receiptNo);
const receipt = (no: number, paymentId: number | null = null) =>
  db().prepare(`INSERT INTO receipts (no, kind, payment_id, issued_at, body) VALUES (?, 'receipt', ?, 0, '{}')`).run(no, paymentId);

describe('0003_payments', () => {
  it('keeps attempts to a known state machine, a positive amount and one row per idempotency key', () => {
    const insert = attempt(db());
    expect(() => insert.run('key-00001', 'card', 700, 'created', 'sim1')).not.toThrow();
    expect(() => insert.run('key-00001', 'card', 700, 'created', 'sim1')).toThrow(/UNIQUE/);
    expect(() => insert.run('key-00002', 'card', 0, 'created', 'sim1')).toThrow(/CHECK/);
    expect(() => insert.run('key-00003', 'card', 700, 'half-done', 'sim1')).toThrow(/CHECK/);
    expect(() => insert.run('key-00004', 'card', 700, 'created', null)).toThrow(/CHECK/); // a card attempt names its reader
    expect(() => insert.run('key-00005', 'cheque', 700, 'created', null)).toThrow(/CHECK/);
  });

  it('refuses cash underpayment and wrong change, and a refund above the payment', () => {
    expect(() => payment('p-1', 1, { tendered: 500, change: -200 })).toThrow(/CHECK/);
    expect(() => payment('p-2', 1, { tendered: 1000, change: 200 })).toThrow(/CHECK/);
    expect(() => payment('p-3', 1, { shift: null })).toThrow(/CHECK/);
    payment('p-4', 1);
    expect(() => db().exec(`UPDATE payments SET refunded_minor = 701 WHERE idempotency_key = 'p-4'`)).toThrow(/CHECK/);
    expect(() => db().exec(`UPDATE payments SET refunded_minor = 700 WHERE idempotency_key = 'p-4'`)).not.toThrow();
  });

  it('numbers receipts without gaps and never changes or deletes one', () => {
    receipt(1);
    expect(() => receipt(3)).toThrow(/gapless/);
    receipt(2);
    expect(() => db().exec(`UPDATE receipts SET body = '{"x":1}' WHERE no = 1`)).toThrow(/immutable/);
    expect(() => db().exec('DELETE FROM receipts WHERE no = 2')).toThrow(/immutable/);
  });

  it('never lets a wallet balance go below zero', () => {
    db().exec(`INSERT INTO wallets (id, holder, currency, balance_minor, created_at, updated_at) VALUES (1, 'Fleet Ltd', 'GBP', 500, 0, 0)`);
    expect(() => db().exec('UPDATE wallets SET balance_minor = balance_minor - 501 WHERE id = 1')).toThrow(/CHECK/);
    expect(db().prepare('UPDATE wallets SET balance_minor = balance_minor - 501 WHERE id = 1 AND balance_minor >= 501').run().changes).toBe(0);
  });

  it('keeps validation codes to one kind of value, within their use limit', () => {
    const code = db().prepare(`INSERT INTO validation_codes (code, merchant, kind, minutes_off, value_off_minor, max_uses, valid_from, valid_to, created_at, created_by) VALUES (?, 'Cafe', ?, ?, ?, 2, 0, 10, 0, 'sam')`);
    expect(() => code.run('CAFE-1', 'time', 60, null)).not.toThrow();
    expect(() => code.run('CAFE-2', 'time', 60, 100)).toThrow(/CHECK/);
    expect(() => code.run('CAFE-3', 'value', null, null)).toThrow(/CHECK/);
    expect(() => code.run('cafe-4', 'time', 60, null)).toThrow(/CHECK/);
    expect(() => db().exec(`UPDATE validation_codes SET uses = 3 WHERE code = 'CAFE-1'`)).toThrow(/CHECK/);
  });

  it('signs cash movements by kind and ties a sale to its payment', () => {
    const move = db().prepare(`INSERT INTO cash_movements (shift_id, kind, amount_minor, payment_id, at, by) VALUES (1, ?, ?, ?, 0, 'anna')`);
    expect(() => move.run('paid_out', 500, null)).toThrow(/CHECK/);
    expect(() => move.run('sale', 700, null)).toThrow(/CHECK/);
    expect(() => move.run('paid_in', 500, null)).not.toThrow();
  });

  it('keeps a QR link paid only with its payment, and a refund to a positive amount with a reason', () => {
    const link = db().prepare(`INSERT INTO qr_links (nonce, session_id, amount_minor, currency, expires_at, state, payment_id, created_at, created_by) VALUES (?, 1, 650, 'GBP', 0, ?, NULL, 0, 'anna')`);
    expect(() => link.run('a'.repeat(32), 'paid')).toThrow(/CHECK/);
    expect(() => link.run('b'.repeat(32), 'issued')).not.toThrow();
    payment('p-9', 1);
    const refund = db().prepare(`INSERT INTO refunds (idempotency_key, payment_id, kind, amount_minor, currency, state, reason, by, at, updated_at) VALUES (?, 1, 'refund', ?, 'GBP', 'created', ?, 'sam', 0, 0)`);
    expect(() => refund.run('refund-001', 0, 'overcharged')).toThrow(/CHECK/);
    expect(() => refund.run('refund-002', 100, 'no')).toThrow(/CHECK/);
    expect(() => refund.run('refund-003', 100, 'overcharged')).not.toThrow();
  });

  it('records one debt per session and ships a "hold" offline policy by default', () => {
    const debt = db().prepare(`INSERT INTO debts (plate_key, plate_fold, session_id, amount_minor, currency, reason, status, created_at, created_by) VALUES ('AB12', 'A8I2', 1, 700, 'GBP', 'card offline', 'open', 0, 'anna')`);
    debt.run();
    expect(() => debt.run()).toThrow(/UNIQUE/);
    expect(db().prepare('SELECT offline_policy FROM payment_settings').get()).toEqual({ offline_policy: 'hold' });
  });
});
