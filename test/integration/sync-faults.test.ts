/**
 * Sync under faults, end to end: a real kiosk, the real HTTP client, the loopback head office. After each fault,
 * head office must hold every change of the site exactly once, checked by count and checksum.
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dayChecksum } from '../../native/headoffice/checksum';
import { LIMITS } from '../../native/headoffice/protocol';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { manualClock, startTestKiosk } from '../support/kiosk-harness';
import { startHeadOfficeServer, type HeadOfficeFault, type HeadOfficeServer } from '../support/head-office-server';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
let server: HeadOfficeServer;
let kiosk: Kiosk | null = null;
beforeEach(async () => {
  server = await startHeadOfficeServer();
});
afterEach(async () => {
  await kiosk?.close();
  kiosk = null;
  await server.close();
});

async function startSyncing(dataDir = tempDir(), clock?: () => number, timeoutMs = 300): Promise<Kiosk> {
  kiosk = await startTestKiosk(dataDir, {
    devices: 'none',
    clock,
    headOffice: { url: server.url, token: server.token, timeoutMs, batchSize: 50 },
    sync: { idleMs: 5, backoff: { baseMs: 5, maxMs: 40 } },
  });
  return kiosk;
}

function addChanges(k: Kiosk, count: number, tag: string): void {
  k.store.change(() => {
    for (let i = 0; i < count; i++) k.store.outbox.append('test', `${tag}:${i}`, { i, tag }, k.services.core.now());
  });
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const outboxOf = (k: Kiosk) => k.store.db.prepare('SELECT seq, key FROM outbox ORDER BY seq').all() as { seq: number; key: string }[];

function expectExactlyOnce(site: { seq: number; key: string }[]): void {
  expect(server.ledger.count()).toBe(site.length);
  expect(dayChecksum(server.ledger.all())).toBe(dayChecksum(site));
}

const caughtUp = (k: Kiosk) => () => {
  const status = k.services.sync.status();
  return status.waiting === 0 && status.ackedSeq === k.store.outbox.lastSeq();
};

describe('sync faults: head office holds every change exactly once afterwards', () => {
  it.each<[HeadOfficeFault, number]>([
    ['error500', 3],
    ['hang', 2],
    ['drop_before', 3],
    ['drop_after', 3],
    ['stale_ack', 3],
  ])('after %s x%i during pushes', async (fault, times) => {
    const k = await startSyncing();
    await until(caughtUp(k));
    server.inject(fault, { path: /^\/v1\/changes$/, times });
    addChanges(k, 400, fault);
    await until(caughtUp(k));
    expectExactlyOnce(outboxOf(k));
    expect(server.requests.filter((r) => r.path === '/v1/changes').length).toBeGreaterThan(400 / 50);
  });

  it('after a wrong ack (head office acknowledges more than it stored): the next push rewinds, nightly confirms', async () => {
    const k = await startSyncing();
    await until(caughtUp(k));
    server.inject('wrong_ack', { path: /^\/v1\/changes$/ });
    addChanges(k, 100, 'wrong');
    await until(caughtUp(k));
    addChanges(k, 10, 'later');
    await until(() => server.ledger.count() === outboxOf(k).length);
    expectExactlyOnce(outboxOf(k));
    expect((await k.services.sync.reconcileNow())?.outcome).toBe('matched');
  });

  it('after an ack beyond anything the site has sent: refused, nothing moves, then it catches up', async () => {
    const k = await startSyncing();
    await until(caughtUp(k));
    const before = k.services.sync.status().ackedSeq;
    // The error lasts until the next cycle succeeds (milliseconds here): read it from what consoles were told.
    const told: { lastError: string | null; ackedSeq: number }[] = [];
    k.services.core.bus.subscribe((name, payload) => name === 'sync.changed' && told.push(payload as (typeof told)[number]));
    server.inject('future_ack', { path: /^\/v1\/changes$/ });
    addChanges(k, 20, 'future');
    await until(() => told.some((s) => s.lastError !== null));
    const refused = told.find((s) => s.lastError !== null)!;
    expect(refused.lastError).toMatch(/beyond this site's newest change/);
    expect(refused.ackedSeq).toBe(before);
    await until(caughtUp(k));
    expectExactlyOnce(outboxOf(k));
  });

  it('after a network cut mid-backlog, and a site that kept working meanwhile', async () => {
    const k = await startSyncing();
    addChanges(k, 2_000, 'before');
    await until(() => k.services.sync.status().ackedSeq > 200);
    await server.down();
    addChanges(k, 300, 'during');
    await until(() => k.services.sync.status().online === false);
    expect(k.services.sync.status().waiting).toBeGreaterThan(0);
    await server.up();
    await until(caughtUp(k));
    expectExactlyOnce(outboxOf(k));
  });

  it('after the clock jumps back three days and forward again', async () => {
    const clock = manualClock(Date.UTC(2026, 10, 22, 12));
    const k = await startSyncing(tempDir(), clock.now);
    addChanges(k, 100, 'today');
    await until(caughtUp(k));
    clock.advance(-3 * 86_400_000);
    addChanges(k, 100, 'past');
    await until(caughtUp(k));
    clock.advance(4 * 86_400_000);
    addChanges(k, 100, 'future');
    await until(caughtUp(k));
    expectExactlyOnce(outboxOf(k));
    // The nightly slot follows the clock: one run for the jump forward, not one per day skipped.
    await until(() => k.services.sync.history().reconciliations[0]?.finishedAt != null);
    expect(k.services.sync.history().reconciliations.map((r) => r.outcome)).toEqual(['matched']);
  });

  it.each<HeadOfficeFault>(['bad_shape', 'oversized', 'hang'])(
    'after a config answer that fails (%s): pushing and the nightly check go on, configError says why, the pull is asked again',
    async (fault) => {
      // Time enough to read an 8 MiB answer on a loaded machine: the oversized one must fail for its size, not time.
      const k = await startSyncing(tempDir(), undefined, fault === 'hang' ? 300 : 3_000);
      await until(caughtUp(k));
      const version = server.ledger.publish({ access: [{ kind: 'deny', id: 'd-after-fault', version: 1, deleted: false, definition: { list: 'deny', id: 'd-after-fault', plateKey: 'FAULT1', note: '', expiresAt: null, onMatch: 'review' } }] });
      server.inject(fault, { path: /^\/v1\/config$/ });
      const told: (string | null)[] = [];
      k.services.core.bus.subscribe((name, payload) => name === 'sync.changed' && told.push((payload as { configError: string | null }).configError));
      addChanges(k, 120, fault);
      const added = k.store.outbox.lastSeq();
      // One cycle: its push, its failing pull, and the reconciliation it was asked for.
      expect((await k.services.sync.reconcileNow())?.outcome).toBe('matched');
      expect(told.find((error) => error !== null)).toMatch(fault === 'hang' ? /^config pull failed: timeout/ : /^config pull failed: invalid_response/);
      const status = k.services.sync.status();
      expect(status).toMatchObject({ lastError: null, online: true });
      expect(status.ackedSeq).toBeGreaterThanOrEqual(added);
      // Asked again by itself, a backoff later (not at the five-minute pull pace): the publication arrives.
      await until(() => k.services.sync.status().configVersion === version);
      expect(k.services.sync.status().configError).toBeNull();
      await until(caughtUp(k));
      expectExactlyOnce(outboxOf(k));
    },
  );

  it('pulls a first config larger than an answer may be (8 MiB) in pages', async () => {
    // Shift workers' permits: two windows a day and a long note, about 1.6 kB each.
    const note = 'Night and early shifts at the harbour depot; badge checked at the gate. '.repeat(6);
    const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
    const hours = days.flatMap((day) => [{ days: [day], from: '05:30', to: '14:00' }, { days: [day], from: '21:30', to: '24:00' }]);
    const permits = Array.from({ length: 7_000 }, (_, i) => {
      const id = `p-ho-${i}`;
      const definition = { id, kind: 'monthly', holder: `Harbour depot shift worker ${i}`, plateKeys: [`HO${String(i).padStart(5, '0')}`], maxInside: 1, validFrom: '2026-01-01', validUntil: '2026-12-31', zones: [], hours, note };
      return { kind: 'permit' as const, id, version: 1, deleted: false, definition };
    });
    expect(JSON.stringify(permits).length).toBeGreaterThan(LIMITS.maxResponseBytes);
    const version = server.ledger.publish({ access: permits });
    const k = await startSyncing();
    await until(() => k.services.sync.status().configVersion === version, 60_000);
    expect(k.store.db.prepare("SELECT count(*) FROM access_records WHERE kind = 'permit' AND origin = 'headoffice'").pluck().get()).toBe(7_000);
    expect(k.services.sync.status().configError).toBeNull();
    expect(server.requests.filter((r) => r.path === '/v1/config').length).toBeGreaterThanOrEqual(7); // pages of 1,000
  }, 90_000);

  it('after kill -9 of the kiosk while head office stores a batch it never acknowledges', async () => {
    const dataDir = tempDir();
    const seed = await startTestKiosk(dataDir, { devices: 'none' });
    addChanges(seed, 1_000, 'queued');
    const site = outboxOf(seed);
    await seed.close();
    server.inject('hang_after', { path: /^\/v1\/changes$/ });
    // node itself with tsx's loader (not the tsx wrapper, whose SIGKILL would leave the real process running).
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/sync-child.ts', dataDir, server.url, server.token], { stdio: ['ignore', 'pipe', 'inherit'] });
    await until(() => server.ledger.count() > 0, 30_000);
    expect(server.ledger.count()).toBeLessThan(site.length);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const k = await startSyncing(dataDir);
    await until(caughtUp(k));
    expectExactlyOnce(outboxOf(k));
    expect(server.ledger.duplicatesReceived).toBeGreaterThan(0); // the unacknowledged batch came again, stored once
    // The token was provisioned into a file only its owner can read.
    expect(statSync(join(dataDir, 'headoffice.token')).mode & 0o777).toBe(0o600);
  }, 60_000);
});
