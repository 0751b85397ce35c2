import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { databaseBefore, insertBooking } from './migrated-db';

/** Migration 0024 (booking cards, erasure): a booking's card attempts, card charges/refunds on booking_payments, and stored text an erasure may rewrite. */
const tempDir = useTempDirs();

describe('0024_booking_cards_erasure', () => {
  it('keeps booking money already there, takes card attempts once per key, counts finished ones in the reader report and lists refunds due', () => {
    const { db, apply } = databaseBefore(tempDir(), 'booking_cards_erasure');
    db.pragma('foreign_keys = ON');
    insertBooking(db);
    db.exec("INSERT INTO booking_payments (booking_id, idempotency_key, kind, method, amount_minor, at, by) VALUES (1, 'ref-0001-fee', 'fee', 'owed', 500, 1, 'anna')");
    apply();

    expect(db.prepare('SELECT kind, stripe_payment_intent, stripe_refund FROM booking_payments').all()).toEqual([{ kind: 'fee', stripe_payment_intent: null, stripe_refund: null }]);
    const attempt = db.prepare("INSERT INTO booking_card_attempts (idempotency_key, booking_id, amount_minor, currency, state, terminal_id, created_by, created_at, updated_at) VALUES (?, 1, 900, 'GBP', 'created', 'booth-reader', 'anna', 0, 0)");
    attempt.run('ref-0001-card');
    expect(() => attempt.run('ref-0001-card')).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO booking_card_attempts (idempotency_key, booking_id, amount_minor, currency, state, terminal_id, created_by, created_at, updated_at) VALUES ('ref-0002-card', 99, 900, 'GBP', 'created', 'r', 'anna', 0, 0)").run()).toThrow(/FOREIGN KEY/);
    db.exec(`UPDATE booking_card_attempts SET state = 'succeeded', updated_at = ${3 * 3_600_000} WHERE id = 1`);
    expect(db.prepare("SELECT attempts FROM report_card WHERE terminal_id = 'booth-reader' AND state = 'succeeded'").pluck().get()).toBe(1);

    db.exec("INSERT INTO booking_payments (booking_id, idempotency_key, kind, method, amount_minor, stripe_payment_intent, terminal_id, at, by) VALUES (1, 'ref-0001-refund', 'refund', 'card', 900, 'pi_1', 'booth-reader', 2, 'anna')");
    const due = "SELECT idempotency_key FROM booking_payments WHERE kind = 'refund' AND method = 'card' AND stripe_refund IS NULL";
    expect(db.prepare(due).pluck().all()).toEqual(['ref-0001-refund']);
    expect(JSON.stringify(db.prepare(`EXPLAIN QUERY PLAN ${due}`).all())).toMatch(/booking_payments_card_refunds_due/);
    db.exec("UPDATE booking_payments SET stripe_refund = 're_1' WHERE idempotency_key = 'ref-0001-refund'");
    expect(db.prepare(due).pluck().all()).toEqual([]);
    db.close();
  });

  it('lets an erasure rewrite receipt bodies and outbox payloads to pseudonymised text, and nothing else of them', () => {
    const { db, apply } = databaseBefore(tempDir(), 'booking_cards_erasure');
    apply();
    db.exec(`INSERT INTO receipts (no, kind, issued_at, body) VALUES (1, 'receipt', 0, '{"plate":"AB12CDE"}')`);
    db.exec(`INSERT INTO outbox (key, kind, payload, created_at) VALUES ('s:1', 'session', '{"plate":"AB12CDE"}', 0)`);
    db.exec(`UPDATE receipts SET body = replace(body, 'AB12CDE', 'ERASED'); UPDATE outbox SET payload = replace(payload, 'AB12CDE', 'ERASED')`);
    expect(db.prepare('SELECT body FROM receipts').pluck().get()).toBe('{"plate":"ERASED"}');
    expect(() => db.exec('UPDATE receipts SET issued_at = 1')).toThrow(/immutable/);
    expect(() => db.exec(`UPDATE receipts SET body = '{"plate":"XY99ZZZ"}'`)).toThrow(/immutable/);
    expect(() => db.exec(`UPDATE outbox SET payload = '{"x":1}'`)).toThrow(/immutable/);
    expect(() => db.exec("UPDATE outbox SET kind = 'x'")).toThrow(/immutable/);
    expect(() => db.exec('DELETE FROM outbox')).toThrow(/never deleted/);
    db.close();
  });
});
