import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Bridge } from '../../electron/kiosk/bridge';
import type { Anomaly } from '../../electron/kiosk/contract/anomalies';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { useTempDirs } from '../support/temp-dir';
import { DEMO, manualClock, startStubConsoleBridge, startTestKiosk } from '../support/kiosk-harness';

/** Anomalies over the loopback bridge: raised from what the lot records, pushed, listed and acknowledged with a note. */
const tempDir = useTempDirs();
const START = Date.UTC(2026, 10, 18, 9, 0);
let kiosk: Kiosk;
let bridge: Bridge;
let clock: ReturnType<typeof manualClock>;

beforeEach(async () => {
  clock = manualClock(START);
  kiosk = await startTestKiosk(tempDir(), { clock: clock.now, anomalies: { settleMs: 20, everyMs: 3_600_000, catchUpDays: 7 } });
  bridge = await startStubConsoleBridge(kiosk, tempDir());
});
afterEach(async () => {
  await bridge.close();
  await kiosk.close();
});

type Frame = Record<string, unknown>;
class Console {
  private readonly frames: Frame[] = [];
  private waiters: { predicate: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  private nextId = 1;
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: WebSocket.RawData) => {
      const frame = JSON.parse(data.toString()) as Frame;
      this.frames.push(frame);
      const waiter = this.waiters.find((w) => w.predicate(frame));
      if (waiter) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(frame);
      }
    });
  }

  static async login([username, secret]: readonly [string, string]): Promise<Console> {
    const ws = new WebSocket(bridge.url.replace('http', 'ws') + '/ws', { origin: bridge.url });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const console = new Console(ws);
    expect((await console.call('auth.login', { username, secret })).ok).toBe(true);
    return console;
  }

  next(predicate: (f: Frame) => boolean): Promise<Frame> {
    const seen = this.frames.find(predicate);
    return seen ? Promise.resolve(seen) : new Promise((resolve) => this.waiters.push({ predicate, resolve }));
  }

  anomalyEvent(kind: string, about = ''): Promise<{ anomaly: Anomaly; open: number }> {
    const wanted = (anomaly: Anomaly) => anomaly.kind === kind && anomaly.text.includes(about);
    return this.next((f) => f['type'] === 'event' && f['name'] === 'anomalies.changed' && wanted((f['payload'] as { anomaly: Anomaly }).anomaly)).then((f) => f['payload'] as { anomaly: Anomaly; open: number });
  }

  async call(name: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
    const id = this.nextId++;
    const reply = this.next((f) => f['type'] === 'result' && f['id'] === id);
    this.ws.send(JSON.stringify({ id, call: name, input }));
    return (await reply)['result'] as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  }

  close(): void {
    this.ws.close();
  }
}

describe('anomalies over the bridge', { timeout: 60_000 }, () => {
  it('raises an exit with no entry record and a stay far beyond the usual, pushes them, and takes an audited acknowledgement once', async () => {
    const sam = await Console.login(DEMO.supervisor);
    const anna = await Console.login(DEMO.attendant);
    const lost = sam.anomalyEvent('exit_without_entry');
    expect((await anna.call('payments.noEntryRecord', { plate: 'LO57TKT', zoneId: 'ground', vehicleClass: 'car', reason: 'ticket lost, no entry read' })).ok).toBe(true);
    expect((await lost).anomaly).toMatchObject({ kind: 'exit_without_entry', text: expect.stringContaining('LO57TKT'), acknowledgedAt: null });

    expect((await anna.call('sessions.manualEntry', { plate: 'LN66STY', laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', reason: 'camera down' })).ok).toBe(true);
    clock.advance(3 * 24 * 3_600_000);
    const long = sam.anomalyEvent('long_stay', 'LN66STY');
    // Any change to the lot brings a scan: the stay is now three days old.
    expect((await anna.call('sessions.manualEntry', { plate: 'AB12CDE', laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', reason: 'camera down' })).ok).toBe(true);
    // The car let out with no entry record was never seen leaving either: three days on, it is a long stay too.
    const { anomaly: longStay } = await long;
    expect(longStay.text).toMatch(/LN66STY has stayed over 24 h/);

    // An attendant is refused by the core, not only by the console's menu.
    expect((await anna.call('anomalies.list', {})).error?.code).toBe('forbidden');
    expect((await anna.call('anomalies.acknowledge', { id: longStay.id, note: 'owner abroad, called' })).error?.code).toBe('forbidden');

    const listed = (await sam.call('anomalies.list', {})) as { ok: true; value: { anomalies: Anomaly[]; open: number } };
    expect(listed.value.anomalies.map((a) => a.kind).sort()).toEqual(['exit_without_entry', 'long_stay', 'long_stay']);
    expect(listed.value.open).toBe(3);
    expect((await sam.call('anomalies.acknowledge', { id: longStay.id, note: ' ' })).error?.code).toBe('invalid_input');

    const pushed = sam.next((f) => f['type'] === 'event' && f['name'] === 'anomalies.changed' && (f['payload'] as { anomaly: Anomaly }).anomaly.acknowledgedBy === 'sam');
    const acked = (await sam.call('anomalies.acknowledge', { id: longStay.id, note: 'owner abroad, called them' })) as { ok: true; value: { anomaly: Anomaly } };
    expect(acked.value.anomaly).toMatchObject({ acknowledgedBy: 'sam', note: 'owner abroad, called them', acknowledgedAt: clock.now() });
    expect((await pushed)['payload']).toMatchObject({ open: 2 });
    expect((await sam.call('anomalies.acknowledge', { id: longStay.id, note: 'again' })).error?.code).toBe('conflict');

    const audit = kiosk.store.db.prepare("SELECT actor, detail FROM audit_log WHERE action = 'anomaly.acknowledged'").all() as { actor: string; detail: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'sam' });
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ kind: 'long_stay', note: 'owner abroad, called them' });
    const outbox = kiosk.store.db.prepare("SELECT key FROM outbox WHERE kind = 'anomaly' ORDER BY key").all() as { key: string }[];
    expect(outbox.map((r) => r.key)).toEqual([...listed.value.anomalies.map((a) => `anomaly:${a.id}`), `anomaly:${longStay.id}:acknowledged`].sort());

    // Scanning again finds the same things and adds nothing.
    expect(kiosk.services.anomalies.scan()).toEqual([]);
    const all = (await sam.call('anomalies.list', { status: 'all' })) as { ok: true; value: { anomalies: Anomaly[]; open: number } };
    expect(all.value).toMatchObject({ open: 2 });
    expect(all.value.anomalies).toHaveLength(3);
    sam.close();
    anna.close();
  });
});
