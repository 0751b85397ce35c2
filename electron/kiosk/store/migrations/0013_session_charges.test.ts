import { describe, expect, it } from 'vitest';
import { useMigratedDb } from './migrated-db';

/** Migration 0013 (session charges): a stay's recorded charge with its lines, append-only; overpayments kept. */
const db = useMigratedDb(`
  INSERT INTO sessions (plate_raw, plate_key, plate_fold, vehicle_class, zone_id, space_type, entry_at, status, opened_by)
    VALUES ('AB12CDE', 'AB12CDE', 'A812CDE', 'car', 'main', 'regular', 0, 'open', 't');`);

const charge = (values: { sessionId?: number; event?: string; lines?: string; totalMinor?: number; paidMinor?: number }) =>
  db()
    .prepare(`INSERT INTO session_charges (session_id, event, lines, total_minor, paid_minor, currency, priced_at, grace_until, recorded_at, recorded_by)
      VALUES (?, ?, ?, ?, ?, 'GBP', 0, NULL, 0, 'anna')`)
    .run(values.sessionId ?? 1, values.event ?? 'payment', values.lines ?? '[{"code":"lost_ticket","label":"Lost ticket","quantity":1,"amountMinor":3000}]', values.totalMinor ?? 3000, values.paidMinor ?? 3000);

describe('0013_session_charges', () => {
  it('keeps every recorded charge of a stay and never changes or deletes one', () => {
    charge({});
    charge({ event: 'exit' });
    expect(db().prepare('SELECT event, total_minor FROM session_charges WHERE session_id = 1 ORDER BY id').all()).toEqual([
      { event: 'payment', total_minor: 3000 },
      { event: 'exit', total_minor: 3000 },
    ]);
    expect(() => db().exec('UPDATE session_charges SET total_minor = 0')).toThrow(/append-only/);
    expect(() => db().exec('DELETE FROM session_charges')).toThrow(/append-only/);
  });

  it('refuses a charge for no session, an unknown event, lines that are not a list, or a negative total', () => {
    expect(() => charge({ sessionId: 9 })).toThrow(/FOREIGN KEY/);
    expect(() => charge({ event: 'quote' })).toThrow(/CHECK/);
    expect(() => charge({ lines: '{"code":"x"}' })).toThrow(/CHECK/);
    expect(() => charge({ totalMinor: -3000 })).toThrow(/CHECK/);
    expect(db().prepare('SELECT count(*) FROM session_charges').pluck().get()).toBe(0);
  });

  it('keeps an overpayment left with the site only for a real session, a positive amount and a reason', () => {
    const keep = db().prepare("INSERT INTO overpayments_kept (session_id, amount_minor, reason, by, at) VALUES (?, ?, ?, 'sam', 0)");
    keep.run(1, 200, 'driver said keep the change');
    expect(() => keep.run(1, 0, 'nothing')).toThrow(/CHECK/);
    expect(() => keep.run(1, 200, '')).toThrow(/CHECK/);
    expect(() => keep.run(9, 200, 'no such stay')).toThrow(/FOREIGN KEY/);
  });
});
