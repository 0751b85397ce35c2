/**
 * The sync worker inside a real kiosk (real SQLite, real outbox) against the in-memory head office, which passes
 * the same contract tests as the HTTP client against the loopback server. The wire faults are in
 * test/integration/sync-faults.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { dayChecksum } from '../../../native/headoffice';
import { MemoryHeadOffice } from '../../../native/headoffice';
import { DEMO, expectOk, loggedIn, startTestKiosk } from '../../../test/support/kiosk-harness';
import { signConfirmation, verifyPayLink } from '../payments/qr-link';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { Kiosk, KioskConfig } from '../kiosk';

const tempDir = useTempDirs();
const kiosks: Kiosk[] = [];
afterEach(async () => {
  for (const kiosk of kiosks.splice(0)) await kiosk.close();
});

const FAST = { idleMs: 5, pullEveryMs: 60_000, backoff: { baseMs: 5, maxMs: 20 } };

async function kioskWith(headOffice: MemoryHeadOffice | null, dataDir = tempDir(), extra: Partial<KioskConfig> = {}): Promise<Kiosk> {
  const kiosk = await startTestKiosk(dataDir, { devices: 'none', headOffice: headOffice ? { client: headOffice, batchSize: 50 } : undefined, sync: FAST, ...extra });
  kiosks.push(kiosk);
  return kiosk;
}

function addChanges(kiosk: Kiosk, count: number, from = 0): void {
  kiosk.store.change(() => {
    for (let i = 0; i < count; i++) kiosk.store.outbox.append('test', `test:${from + i}`, { i: from + i }, kiosk.services.core.now());
  });
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Head office holds exactly the site's outbox: same count, same keys in the same order. */
function expectExactlyOnce(kiosk: Kiosk, headOffice: MemoryHeadOffice): void {
  const site = kiosk.store.db.prepare('SELECT seq, key FROM outbox ORDER BY seq').all() as { seq: number; key: string }[];
  expect(headOffice.ledger.count()).toBe(site.length);
  expect(dayChecksum(headOffice.ledger.all())).toBe(dayChecksum(site));
}

describe('sync worker', () => {
  it('pushes every committed change in order and records head office acknowledgement', async () => {
    const headOffice = new MemoryHeadOffice();
    const kiosk = await kioskWith(headOffice);
    addChanges(kiosk, 240);
    await until(() => kiosk.services.sync.status().waiting === 0 && kiosk.services.sync.status().lastSeq > 240);
    expectExactlyOnce(kiosk, headOffice);
    const status = kiosk.services.sync.status();
    expect(status).toMatchObject({ configured: true, online: true, waiting: 0, catchingUp: null });
    expect(status.ackedSeq).toBe(status.lastSeq);
    expect(kiosk.services.devices.list().find((d) => d.id === 'headoffice')).toMatchObject({ kind: 'headoffice', healthy: true });
  });

  it('waits with backoff while head office is offline, says so, and catches up when it is back', async () => {
    const headOffice = new MemoryHeadOffice();
    headOffice.setOffline(true);
    const kiosk = await kioskWith(headOffice);
    addChanges(kiosk, 120);
    await until(() => kiosk.services.sync.status().lastError !== null);
    expect(kiosk.services.sync.status()).toMatchObject({ online: false, ackedSeq: 0 });
    expect(kiosk.services.sync.status().lastError).toMatch(/unreachable/);
    expect(kiosk.services.devices.list().find((d) => d.id === 'headoffice')?.healthy).toBe(false);
    headOffice.setOffline(false);
    await until(() => kiosk.services.sync.status().waiting === 0);
    expectExactlyOnce(kiosk, headOffice);
    expect(kiosk.services.sync.status()).toMatchObject({ online: true, lastError: null });
  });

  it('resumes after a restart right after the last acknowledged change', async () => {
    const headOffice = new MemoryHeadOffice();
    const dataDir = tempDir();
    headOffice.setOffline(true);
    let kiosk = await kioskWith(headOffice, dataDir);
    addChanges(kiosk, 300);
    await kiosk.close();
    kiosks.pop();
    // Head office already holds the first 100 (acknowledged before a crash); the site knows it as acked.
    headOffice.setOffline(false);
    kiosk = await kioskWith(null, dataDir);
    const rows = kiosk.store.outbox.after(0, 100);
    headOffice.ledger.push(0, rows.map((r) => ({ seq: r.seq, key: r.key, kind: r.kind, day: 'x', createdAt: r.created_at, payload: JSON.parse(r.payload) as unknown })));
    kiosk.store.db.prepare('UPDATE sync_state SET acked_seq = ?').run(rows.at(-1)!.seq);
    await kiosk.close();
    kiosks.pop();
    kiosk = await kioskWith(headOffice, dataDir);
    await until(() => kiosk.services.sync.status().waiting === 0);
    expectExactlyOnce(kiosk, headOffice);
    expect(headOffice.ledger.duplicatesReceived).toBe(0);
  });

  it('runs offline and says why when no head office is configured', async () => {
    const kiosk = await kioskWith(null);
    addChanges(kiosk, 3);
    expect(kiosk.services.sync.status()).toMatchObject({ configured: false, online: null, lastError: expect.stringMatching(/no head office configured/) });
    // Offline on purpose is not a device fault: the console's badge says "not configured".
    expect(kiosk.services.devices.list().find((d) => d.id === 'headoffice')).toBeUndefined();
  });

  it('tells consoles how many changes wait after every committed change, head office or not, the last word current', async () => {
    const kiosk = await kioskWith(null);
    const heard: number[] = [];
    kiosk.services.core.bus.subscribe((name, payload) => name === 'sync.changed' && heard.push((payload as { waiting: number }).waiting));
    const before = kiosk.services.sync.status().waiting;
    addChanges(kiosk, 2);
    await until(() => heard.at(-1) === before + 2);
    // A burst inside a quarter second is coalesced, and its last change is still told (at the end of the window).
    for (let i = 0; i < 5; i++) addChanges(kiosk, 1, 100 + i);
    await until(() => heard.at(-1) === before + 7);
    expect(heard.length).toBeLessThan(6);
    // A rolled-back change adds nothing and says nothing.
    const count = heard.length;
    expect(() =>
      kiosk.store.change(() => {
        kiosk.store.outbox.append('test', 'test:rolled-back', {}, 0);
        throw new Error('no');
      }),
    ).toThrow('no');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heard.length).toBe(count);
  });

  it('shows progress while a backlog drains', async () => {
    const headOffice = new MemoryHeadOffice();
    headOffice.setOffline(true);
    const kiosk = await kioskWith(headOffice);
    addChanges(kiosk, 1_000);
    const seen: { total: number; done: number }[] = [];
    kiosk.services.core.bus.subscribe((name, payload) => {
      const status = payload as { catchingUp: { total: number; done: number } | null };
      if (name === 'sync.changed' && status.catchingUp) seen.push(status.catchingUp);
    });
    headOffice.setOffline(false);
    await kiosk.services.sync.syncNow();
    await until(() => kiosk.services.sync.status().waiting === 0);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((p) => p.done <= p.total && p.total >= 1_000)).toBe(true);
  });

  it('answers "sync now" with the state after pushing', async () => {
    const headOffice = new MemoryHeadOffice();
    const kiosk = await kioskWith(headOffice);
    const supervisor = await loggedIn(kiosk, ...DEMO.supervisor);
    addChanges(kiosk, 10);
    const status = await expectOk(supervisor, 'sync.now', {});
    expect(status.waiting).toBe(0);
    const attendant = await loggedIn(kiosk, ...DEMO.attendant);
    expect((await attendant.call('sync.now', {})).ok).toBe(false);
    expect((await expectOk(attendant, 'sync.status', {})).configured).toBe(true);
  });

  it('pulls again on "sync now" asked while a pull was on its way (its answer predates the request)', async () => {
    let holdAnswer: Promise<void> | null = null;
    let held = false;
    const headOffice = new (class extends MemoryHeadOffice {
      override async pullConfig(...args: Parameters<MemoryHeadOffice['pullConfig']>) {
        const answer = await super.pullConfig(...args);
        held = holdAnswer !== null;
        await holdAnswer;
        return answer;
      }
    })();
    const kiosk = await kioskWith(headOffice);
    await until(() => kiosk.services.sync.status().online === true);
    let release = () => {};
    holdAnswer = new Promise((resolve) => (release = resolve));
    const first = kiosk.services.sync.syncNow(); // its pull is answered (nothing new), the answer held on its way
    await until(() => held);
    const version = headOffice.ledger.publish({ access: [{ kind: 'deny', id: 'd-late', version: 1, deleted: false, definition: { list: 'deny', id: 'd-late', plateKey: 'LATE1', note: '', expiresAt: null, onMatch: 'review' } }] });
    const second = kiosk.services.sync.syncNow();
    holdAnswer = null;
    release();
    await Promise.all([first, second]);
    expect(kiosk.services.sync.status().configVersion).toBe(version);
  });
});

describe('device alarms', () => {
  it('sends each change of a device health to head office once, through the outbox, not each new detail', async () => {
    const headOffice = new MemoryHeadOffice();
    headOffice.setOffline(true); // the link's own ups and downs are not device alarms
    const kiosk = await kioskWith(headOffice);
    const camera = kiosk.services.devices.register({ id: 'cam-entry', kind: 'camera', laneId: null });
    const board = kiosk.services.devices.register({ id: 'relay-1', kind: 'relay', laneId: null });
    camera({ healthy: true, detail: 'streaming 10 fps' }); // working from the start: not news
    board({ healthy: false, detail: 'no answer on /dev/ttyUSB0' }); // dead at boot: an alarm
    camera({ healthy: false, detail: 'no frame for 5 s' });
    camera({ healthy: false, detail: 'no frame for 10 s' }); // same fault, new words: no new alarm
    camera({ healthy: true, detail: 'streaming 10 fps' });
    await until(() => kiosk.services.sync.status().online === false);
    headOffice.setOffline(false);
    await until(() => kiosk.services.sync.status().waiting === 0 && kiosk.services.sync.status().online === true);
    const alarms = headOffice.ledger.all().filter((c) => c.kind === 'device_alarm').map((c) => c.payload as { deviceId: string; healthy: boolean; detail: string });
    expect(alarms.map((a) => [a.deviceId, a.healthy, a.detail])).toEqual([
      ['relay-1', false, 'no answer on /dev/ttyUSB0'],
      ['cam-entry', false, 'no frame for 5 s'],
      ['cam-entry', true, 'streaming 10 fps'],
    ]);
    expectExactlyOnce(kiosk, headOffice);
  });
});

describe('nightly reconciliation', () => {
  it('finds days head office lost, re-sends them, and records the run', async () => {
    const headOffice = new MemoryHeadOffice();
    const kiosk = await kioskWith(headOffice);
    addChanges(kiosk, 60);
    await until(() => kiosk.services.sync.status().waiting === 0);
    // Head office loses some changes it had acknowledged (a restore, a bug).
    const lost = headOffice.ledger.all().slice(10, 20);
    for (const change of lost) (headOffice.ledger as unknown as { byKey: Map<string, unknown> }).byKey.delete(change.key);
    const supervisor = await loggedIn(kiosk, ...DEMO.supervisor);
    const { reconciliation } = await expectOk(supervisor, 'sync.reconcile', {});
    expect(reconciliation).toMatchObject({ outcome: 'repaired', daysMismatched: 1, changesResent: 10 });
    expectExactlyOnce(kiosk, headOffice);
    const again = await expectOk(supervisor, 'sync.reconcile', {});
    expect(again.reconciliation).toMatchObject({ outcome: 'matched', daysMismatched: 0, changesResent: 0 });
    const report = await expectOk(supervisor, 'sync.report', {});
    expect(report.reconciliations.map((r) => r.outcome)).toEqual(['matched', 'repaired']);
  });

  it('says why when the check cannot run (head office unreachable), and runs it once it can', async () => {
    const headOffice = new MemoryHeadOffice();
    headOffice.setOffline(true);
    const kiosk = await kioskWith(headOffice);
    const supervisor = await loggedIn(kiosk, ...DEMO.supervisor);
    const refused = await supervisor.call('sync.reconcile', {});
    expect(refused.ok ? null : [refused.error.code, refused.error.message]).toEqual(['conflict', expect.stringMatching(/nightly check could not run: .*unreachable/)]);
    headOffice.setOffline(false);
    await until(() => kiosk.services.sync.history().reconciliations[0]?.outcome === 'matched');
  });

  it('runs by itself at the configured site-local time', async () => {
    const headOffice = new MemoryHeadOffice();
    let now = Date.UTC(2026, 10, 22, 3, 29); // 03:29 in London (GMT)
    const kiosk = await kioskWith(headOffice, tempDir(), { clock: () => now, headOffice: { client: headOffice, nightlyAt: '03:30' } });
    await until(() => kiosk.services.sync.status().waiting === 0);
    expect(kiosk.services.sync.history().reconciliations).toEqual([]);
    now += 2 * 60_000;
    await until(() => kiosk.services.sync.history().reconciliations.length === 1);
    expect(kiosk.services.sync.history().reconciliations[0]).toMatchObject({ outcome: 'matched', lastDay: '2026-11-22' });
    expect(kiosk.services.sync.status().nextNightlyAt).toBe(Date.UTC(2026, 10, 23, 3, 30));
  });
});

describe('QR-link payments confirmed by head office', () => {
  const QR_SECRET = 'shared-with-head-office';

  it('records a confirmed payment once, in the pull, and keeps a tampered one out as a conflict', async () => {
    const headOffice = new MemoryHeadOffice();
    let shift = 0;
    const kiosk = await kioskWith(headOffice, tempDir(), { payments: { qrSecret: QR_SECRET, payPageUrl: 'https://pay.headoffice.test/p' }, clock: () => Date.now() + shift });
    const anna = await loggedIn(kiosk, ...DEMO.attendant);
    const { session } = await expectOk(anna, 'sessions.manualEntry', { plate: 'QR12PAY', laneId: null, zoneId: 'ground', vehicleClass: 'car', reason: 'test car' });
    shift = 3 * 3_600_000; // three hours later the driver pays on the phone
    const link = await kiosk.services.payments.qr.link(session.id, { id: 1, username: 'anna', role: 'attendant' });
    const fields = verifyPayLink(link.url, QR_SECRET)!;
    const confirmation = { nonce: fields.nonce, amountMinor: link.amountMinor, currency: link.currency, headofficeRef: 'ho-77' };
    const tampered = { ...confirmation, nonce: fields.nonce, headofficeRef: 'ho-78', signature: signConfirmation('not-the-secret', confirmation) };
    headOffice.ledger.publish({ qrPayments: [tampered] });
    headOffice.ledger.publish({ qrPayments: [{ ...confirmation, signature: signConfirmation(QR_SECRET, confirmation) }] });
    headOffice.ledger.publish({ qrPayments: [{ ...confirmation, signature: signConfirmation(QR_SECRET, confirmation) }] }); // delivered twice
    await kiosk.services.sync.syncNow();
    await until(() => kiosk.store.sessions.get(session.id)!.status === 'paid');
    expect(kiosk.store.sessions.get(session.id)).toMatchObject({ status: 'paid', paidMinor: link.amountMinor });
    expect(kiosk.store.db.prepare("SELECT count(*) FROM payments WHERE method = 'qr'").pluck().get()).toBe(1);
    const pull = kiosk.store.audit.list({ limit: 20 }).find((a) => a.action === 'sync.pull')!;
    expect((pull.detail as { conflicts: { type: string; reason: string }[] }).conflicts).toEqual([expect.objectContaining({ type: 'qrPayment', reason: expect.stringMatching(/signature does not match/) })]);
  });
});
