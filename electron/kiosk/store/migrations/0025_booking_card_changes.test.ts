import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { databaseBefore, insertBooking } from './migrated-db';

/** Migration 0025 (booking card changes): the change a booking's card attempt pays for, as JSON beside the attempt. */
const tempDir = useTempDirs();

describe('0025_booking_card_changes', () => {
  it('keeps the attempts already there (paying a new booking), and takes a change only as valid JSON', () => {
    const { db, apply } = databaseBefore(tempDir(), 'booking_card_changes');
    db.pragma('foreign_keys = ON');
    insertBooking(db);
    const attempt = db.prepare("INSERT INTO booking_card_attempts (idempotency_key, booking_id, amount_minor, currency, state, terminal_id, created_by, created_at, updated_at) VALUES (?, 1, 900, 'GBP', 'created', 'booth-reader', 'anna', 0, 0)");
    attempt.run('ref-0001-card');
    apply();

    expect(db.prepare('SELECT idempotency_key, pending_change FROM booking_card_attempts').all()).toEqual([{ idempotency_key: 'ref-0001-card', pending_change: null }]);
    const change = db.prepare("INSERT INTO booking_card_attempts (idempotency_key, booking_id, amount_minor, currency, state, terminal_id, created_by, created_at, updated_at, pending_change) VALUES (?, 1, 300, 'GBP', 'created', 'booth-reader', 'anna', 0, 0, ?)");
    change.run('ref-0002-card', JSON.stringify({ spaceId: 4, startsAt: 10, endsAt: 30 }));
    expect(db.prepare("SELECT json_extract(pending_change, '$.endsAt') FROM booking_card_attempts WHERE idempotency_key = 'ref-0002-card'").pluck().get()).toBe(30);
    expect(() => change.run('ref-0003-card', '{not json')).toThrow(/CHECK/);
    db.close();
  });
});
