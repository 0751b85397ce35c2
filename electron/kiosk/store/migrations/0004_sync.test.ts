import { describe, expect, it } from 'vitest';
import { useMigratedDb } from './migrated-db';

/** Migration 0004 (sync): sync state, pulls, reconciliations, the SMS outbox and opt-outs. */
const db = useMigratedDb();

const queueSms = (eventKey: string, to = '+447700900123', state = 'queued') =>
  db()
    .prepare(`INSERT INTO sms_outbox (event_key, to_number, template, language, body, state, next_attempt_at, created_at) VALUES (?, ?, 'receipt', 'en', 'Hi', ?, 0, 0)`)
    .run(eventKey, to, state);

describe('0004_sync', () => {
  it('starts with one sync state row at seq 0 and allows no second', () => {
    expect(db().prepare('SELECT acked_seq, config_version FROM sync_state').all()).toEqual([{ acked_seq: 0, config_version: 0 }]);
    expect(() => db().exec('INSERT INTO sync_state (id) VALUES (2)')).toThrow(/CHECK/);
    expect(() => db().exec('UPDATE sync_state SET acked_seq = -1')).toThrow(/CHECK/);
  });

  it('queues one SMS per event key, to E.164 numbers only, in known states', () => {
    queueSms('receipt:1');
    expect(() => queueSms('receipt:1')).toThrow(/UNIQUE/);
    expect(() => queueSms('receipt:2', '07700900123')).toThrow(/CHECK/);
    expect(() => queueSms('receipt:3', '+0123456789')).toThrow(/CHECK/);
    expect(() => queueSms('receipt:4', '+447700900123', 'lost')).toThrow(/CHECK/);
  });

  it('keeps Twilio SIDs unique and opt-outs once per number', () => {
    queueSms('a');
    queueSms('b');
    db().exec(`UPDATE sms_outbox SET twilio_sid = 'SM1' WHERE event_key = 'a'`);
    expect(() => db().exec(`UPDATE sms_outbox SET twilio_sid = 'SM1' WHERE event_key = 'b'`)).toThrow(/UNIQUE/);
    db().exec(`INSERT INTO sms_opt_outs VALUES ('+447700900123', 0, 'carrier')`);
    expect(() => db().exec(`INSERT INTO sms_opt_outs VALUES ('+447700900123', 1, 'booth')`)).toThrow(/UNIQUE|PRIMARY/);
  });

  it('records reconciliations and pulls with JSON detail and known outcomes', () => {
    expect(() => db().exec(`INSERT INTO sync_reconciliations (started_at, first_day, last_day, outcome) VALUES (0, '2026-01-01', '2026-01-02', 'maybe')`)).toThrow(/CHECK/);
    expect(() => db().exec(`INSERT INTO sync_pulls (version, applied_at, applied, conflicts) VALUES (1, 0, 1, '{bad')`)).toThrow(/CHECK/);
    db().exec(`INSERT INTO sync_pulls (version, applied_at, applied) VALUES (1, 0, 3)`);
    expect(db().prepare('SELECT conflicts FROM sync_pulls').pluck().get()).toBe('[]');
  });
});
