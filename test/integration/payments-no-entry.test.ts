/**
 * A car at the exit that no session was found for (lost ticket, entry never recorded), through the contract as the
 * exit screen calls it, on a real SQLite file: priced at the tariff's lost-ticket charge, or from the plate's entry
 * record when one exists; audited with the attendant's reason; paid and let out like any stay.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KioskConnection } from '../../electron/kiosk/connection';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { DEMO, expectOk, loggedIn, manualClock, startTestKiosk } from '../support/kiosk-harness';
import { useTempDirs } from '../support/temp-dir';
import { attempt } from './payments-helpers';

const tempDir = useTempDirs();
const clock = manualClock(Date.UTC(2026, 10, 23, 10, 0));
const LOST_TICKET_CAR = 3000; // car-standard's lostTicketMinor in the demo site
let kiosk: Kiosk;
let anna: KioskConnection;

beforeEach(async () => {
  clock.set(Date.UTC(2026, 10, 23, 10, 0));
  kiosk = await startTestKiosk(tempDir(), { clock: clock.now, payments: { terminals: [] } });
  anna = await loggedIn(kiosk, ...DEMO.attendant);
});
afterEach(async () => kiosk.close());

const rows = (sql: string) => kiosk.store.db.prepare(sql).all() as Record<string, unknown>[];
const count = (table: string) => kiosk.store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
const noEntry = (plate: string, extra: Record<string, unknown> = {}) => attempt(anna, 'payments.noEntryRecord', { plate, zoneId: 'ground', vehicleClass: 'car', reason: 'no ticket and no entry read', ...extra });

describe('a car at the exit with no entry record', () => {
  it('opens a stay for the plate at the lost-ticket charge, audited, then pays and leaves like any other', async () => {
    const result = await noEntry('LO57 TKT');
    expect(result).toMatchObject({ ok: true, value: { pricedFrom: 'lost_ticket_charge', quote: { plateKey: 'LO57TKT', status: 'open', dueMinor: LOST_TICKET_CAR, lostTicket: true } } });
    if (!result.ok) return;
    const { sessionId, lines } = result.value.quote;
    expect(lines).toEqual([expect.objectContaining({ code: 'lost_ticket', amountMinor: LOST_TICKET_CAR })]);
    expect(rows(`SELECT action, actor, detail FROM audit_log WHERE subject = 'session:${sessionId}' ORDER BY seq`)).toEqual([
      expect.objectContaining({ action: 'session.manual_entry', actor: 'anna', detail: expect.stringContaining('no entry record: no ticket and no entry read') }),
      expect.objectContaining({ action: 'payment.lost_ticket', actor: 'anna', detail: expect.stringContaining('"reasonCode":"no_entry_record"') }),
      expect.objectContaining({ action: 'payment.no_entry_record', actor: 'anna', detail: expect.stringContaining('"pricedFrom":"lost_ticket_charge"') }),
    ]);

    await expectOk(anna, 'shifts.open', { floatMinor: 0 });
    await expectOk(anna, 'payments.payCash', { sessionId, idempotencyKey: `k-${randomUUID()}`, amountMinor: LOST_TICKET_CAR, currency: 'GBP', tenderedMinor: LOST_TICKET_CAR });
    const left = await expectOk(anna, 'sessions.manualExit', { sessionId, laneId: 'out1', reason: 'paid at the booth' });
    expect(left.session).toMatchObject({ status: 'closed', paidMinor: LOST_TICKET_CAR });
  });

  it("prices from the plate's entry record when a stay inside reads as that plate, opening nothing", async () => {
    const { session } = await expectOk(anna, 'sessions.manualEntry', { plate: 'AB12CDE', laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', reason: 'camera down' });
    clock.advance(115 * 60_000);
    const result = await noEntry('A812CDE'); // typed as the driver reads it: 8 for B
    expect(result).toMatchObject({ ok: true, value: { pricedFrom: 'entry_record', quote: { sessionId: session.id, dueMinor: 650, lostTicket: false } } });
    expect(count('sessions')).toBe(1);
    expect(rows("SELECT subject FROM audit_log WHERE action = 'payment.no_entry_record'")).toEqual([{ subject: `session:${session.id}` }]);
  });

  it('refuses when two stays inside read as the plate, an unknown zone, or no reason, writing nothing', async () => {
    await expectOk(anna, 'sessions.manualEntry', { plate: 'AB12CDE', laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', reason: 'camera down' });
    await expectOk(anna, 'sessions.manualEntry', { plate: 'A812CDE', laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', reason: 'camera down' });
    const before = ['sessions', 'audit_log', 'outbox', 'session_adjustments'].map(count);
    expect(await noEntry('AB12CDE')).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/2 cars inside read like AB12CDE/) } });
    expect(await noEntry('NEW1CAR', { zoneId: 'roof' })).toMatchObject({ ok: false });
    expect(await noEntry('NEW1CAR', { reason: '' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(['sessions', 'audit_log', 'outbox', 'session_adjustments'].map(count)).toEqual(before);
  });
});
