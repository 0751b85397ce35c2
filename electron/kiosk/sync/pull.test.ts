/**
 * Config pulls applied in one transaction, with the conflict rule of pull.ts: a real kiosk on the demo site (its
 * tariff and access records are the site's own) and the in-memory head office publishing config versions.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryHeadOffice } from '../../../native/headoffice';
import { foldConfusable } from '../domain/plate';
import { startTestKiosk } from '../../../test/support/kiosk-harness';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { Kiosk } from '../kiosk';

const tempDir = useTempDirs();
let kiosk: Kiosk;
afterEach(() => kiosk?.close());

async function start(headOffice: MemoryHeadOffice, pullPageSize?: number): Promise<Kiosk> {
  kiosk = await startTestKiosk(tempDir(), { devices: 'none', headOffice: { client: headOffice, pullPageSize }, sync: { idleMs: 5, pullEveryMs: 60_000, backoff: { baseMs: 5, maxMs: 20 } } });
  return kiosk;
}

const standard = () => kiosk.services.tariffs.list().find((t) => t.id === 'car-standard' && t.version === 1)!;
const nextVersion = (priceMinor: number) => ({ ...standard(), version: 2, effectiveFrom: Date.UTC(2026, 11, 1), effectiveTo: null, firstPeriod: { minutes: 60, priceMinor } });
const denyEntry = (id: string, plateKey: string) => ({ list: 'deny', id, plateKey, note: 'unpaid', expiresAt: null, onMatch: 'review' });
const permit = (id: string, plateKeys: string[]) => ({ id, kind: 'monthly', holder: 'Head office staff', plateKeys, maxInside: 1, validFrom: '2026-01-01', validUntil: '2026-12-31', zones: [], hours: [], note: '' });
const denyChanges = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => ({ kind: 'deny' as const, id: `d-page-${from + i}`, version: 1, deleted: false, definition: denyEntry(`d-page-${from + i}`, `PG${from + i}`) }));
const pulledDenies = () => kiosk.store.db.prepare("SELECT count(*) FROM access_records WHERE origin = 'headoffice' AND id LIKE 'd-page-%'").pluck().get();
const pullAudits = () => kiosk.store.audit.list({ limit: 100 }).filter((e) => e.action === 'sync.pull').reverse().map((e) => e.detail as { from: number; version: number; applied: number });
const record = (kind: string, id: string) => kiosk.store.db.prepare('SELECT origin, version, definition, deleted_at AS deletedAt FROM access_records WHERE kind = ? AND id = ?').get(kind, id) as { origin: string; version: number; definition: string; deletedAt: number | null } | undefined;
const platesOf = (id: string) => kiosk.store.db.prepare('SELECT plate_fold FROM access_plates WHERE id = ? ORDER BY plate_fold').pluck().all(id);

describe('config pull', () => {
  it('applies tariffs, permits and list entries from head office in one pull, indexed by folded plate', async () => {
    const headOffice = new MemoryHeadOffice();
    await start(headOffice);
    const version = headOffice.ledger.publish({
      tariffs: [nextVersion(400)],
      access: [
        { kind: 'permit', id: 'p-ho-1', version: 1, deleted: false, definition: permit('p-ho-1', ['AB12CDE', 'OS51ZZB']) },
        { kind: 'deny', id: 'd-ho-1', version: 1, deleted: false, definition: denyEntry('d-ho-1', 'BAD1') },
      ],
    });
    const status = await kiosk.services.sync.syncNow();
    expect(status.configVersion).toBe(version);
    expect(kiosk.services.tariffs.list().find((t) => t.id === 'car-standard' && t.version === 2)?.firstPeriod?.priceMinor).toBe(400);
    expect(record('permit', 'p-ho-1')).toMatchObject({ origin: 'headoffice', version: 1 });
    expect(platesOf('p-ho-1')).toEqual([foldConfusable('AB12CDE'), foldConfusable('OS51ZZB')].sort());
    expect(platesOf('d-ho-1')).toEqual([foldConfusable('BAD1')]);
    const pulls = kiosk.services.sync.history().pulls;
    expect(pulls[0]).toMatchObject({ version, applied: 3, conflicts: [] });
    expect(kiosk.store.audit.list({ limit: 5 }).find((e) => e.action === 'sync.pull')).toMatchObject({ actor: 'headoffice', subject: `config:${version}` });
  });

  it('rejects a whole pull with an invalid tariff: nothing applied, version kept, pushing goes on', async () => {
    const headOffice = new MemoryHeadOffice();
    await start(headOffice);
    await kiosk.services.sync.syncNow();
    const broken = { ...nextVersion(400), firstPeriod: { minutes: 60, priceMinor: -5 } };
    headOffice.ledger.publish({ access: [{ kind: 'deny', id: 'd-ho-2', version: 1, deleted: false, definition: denyEntry('d-ho-2', 'BAD2') }], tariffs: [broken] });
    kiosk.store.change(() => kiosk.store.outbox.append('test', 'test:after-broken', {}, 0));
    const status = await kiosk.services.sync.syncNow();
    expect(status.configVersion).toBe(0);
    expect(status.configError).toMatch(/refused: tariffs\[0\] \(car-standard v2\).*must not be negative/);
    expect(record('deny', 'd-ho-2')).toBeUndefined();
    expect(kiosk.services.tariffs.list().filter((t) => t.id === 'car-standard')).toHaveLength(1);
    expect(status.waiting).toBe(0);
    expect(headOffice.ledger.all().some((c) => c.key === 'test:after-broken')).toBe(true);
  });

  it('keeps the site own records and tariff versions when head office disagrees, and says so', async () => {
    const headOffice = new MemoryHeadOffice();
    await start(headOffice);
    const before = record('permit', 'p-harbour-dental')!;
    expect(before.origin).toBe('site');
    headOffice.ledger.publish({
      tariffs: [{ ...standard(), firstPeriod: { minutes: 60, priceMinor: 999 } }],
      access: [{ kind: 'permit', id: 'p-harbour-dental', version: 7, deleted: false, definition: permit('p-harbour-dental', ['ZZ99ZZZ']) }],
    });
    await kiosk.services.sync.syncNow();
    expect(record('permit', 'p-harbour-dental')).toEqual(before);
    expect(standard().firstPeriod?.priceMinor).toBe(350);
    const conflicts = kiosk.services.sync.history().pulls[0]!.conflicts as { type: string; id: string }[];
    expect(conflicts.map((c) => [c.type, c.id])).toEqual([['tariff', 'car-standard v1'], ['access', 'permit p-harbour-dental']]);
  });

  it('replaces head office records only with higher versions, and deletes them from the plate index', async () => {
    const headOffice = new MemoryHeadOffice();
    await start(headOffice);
    headOffice.ledger.publish({ access: [{ kind: 'deny', id: 'd-ho-3', version: 2, deleted: false, definition: denyEntry('d-ho-3', 'OLD1') }] });
    await kiosk.services.sync.syncNow();
    headOffice.ledger.publish({ access: [{ kind: 'deny', id: 'd-ho-3', version: 1, deleted: false, definition: denyEntry('d-ho-3', 'STALE1') }] });
    await kiosk.services.sync.syncNow();
    expect(platesOf('d-ho-3')).toEqual([foldConfusable('OLD1')]);
    headOffice.ledger.publish({ access: [{ kind: 'deny', id: 'd-ho-3', version: 3, deleted: true, definition: null }] });
    await kiosk.services.sync.syncNow();
    expect(record('deny', 'd-ho-3')).toMatchObject({ version: 3, deletedAt: expect.any(Number) });
    expect(platesOf('d-ho-3')).toEqual([]);
    // Each pull's audit row keeps the records as they were and as head office made them; the stale v1 changed nothing.
    const changes = kiosk.store.audit.list({ limit: 100 }).filter((e) => e.action === 'sync.pull').reverse().map((e) => e.detail as { before?: object; after?: object });
    expect(changes.filter((d) => Object.keys(d.after ?? {}).length > 0).map((d) => [d.before, d.after])).toEqual([
      [{ 'deny d-ho-3': null }, { 'deny d-ho-3': denyEntry('d-ho-3', 'OLD1') }],
      [{ 'deny d-ho-3': denyEntry('d-ho-3', 'OLD1') }, { 'deny d-ho-3': null }],
    ]);
  });

  it('refuses a definition whose id or list does not match the record it is sent as', async () => {
    const headOffice = new MemoryHeadOffice();
    await start(headOffice);
    headOffice.ledger.publish({ access: [{ kind: 'allow', id: 'd-ho-4', version: 1, deleted: false, definition: denyEntry('d-ho-4', 'AB1') }] });
    const status = await kiosk.services.sync.syncNow();
    expect(status.configError).toMatch(/a deny entry sent as allow/);
    expect(status.configVersion).toBe(0);
  });

  it('applies validation codes where the payments schema keeps them, keeping the site count of uses', async () => {
    const headOffice = new MemoryHeadOffice();
    await start(headOffice);
    const code = { merchant: 'Harbour Books', kind: 'time', minutesOff: 60, valueOffMinor: null, maxUses: 100, validFrom: 0, validTo: Date.UTC(2027, 0, 1) };
    headOffice.ledger.publish({ validationCodes: [{ code: 'BOOKS-60', version: 1, deleted: false, definition: code }] });
    await kiosk.services.sync.syncNow();
    kiosk.store.db.prepare(`UPDATE validation_codes SET uses = 40 WHERE code = 'BOOKS-60'`).run();
    headOffice.ledger.publish({ validationCodes: [{ code: 'BOOKS-60', version: 2, deleted: false, definition: { ...code, maxUses: 30 } }] });
    await kiosk.services.sync.syncNow();
    expect(kiosk.store.db.prepare(`SELECT max_uses, uses, created_by FROM validation_codes WHERE code = 'BOOKS-60'`).get()).toEqual({ max_uses: 100, uses: 40, created_by: 'headoffice' });
    headOffice.ledger.publish({ validationCodes: [{ code: 'BOOKS-60', version: 3, deleted: true, definition: null }] });
    await kiosk.services.sync.syncNow();
    expect(kiosk.store.db.prepare(`SELECT revoked_at FROM validation_codes WHERE code = 'BOOKS-60'`).pluck().get()).toEqual(expect.any(Number));
    const revoked = kiosk.store.audit.list({ limit: 100 }).find((e) => e.action === 'sync.pull')?.detail as { before: object; after: object };
    expect(revoked).toMatchObject({ before: { 'validationCode BOOKS-60': code }, after: { 'validationCode BOOKS-60': null } });
  });

  it('applies a pull larger than a page page by page, each in its own transaction, the version moving only forward', async () => {
    const headOffice = new MemoryHeadOffice();
    await start(headOffice, 50);
    const v1 = headOffice.ledger.publish({ access: denyChanges(0, 120) }); // one version of more than two pages
    const v2 = headOffice.ledger.publish({ access: denyChanges(120, 150) });
    const status = await kiosk.services.sync.syncNow();
    expect([status.configVersion, status.configError, pulledDenies()]).toEqual([v2, null, 150]);
    // Pages of 50, 50, then v1's last 20 with all of v2: inside v1 the site stays at 0, then goes to v2 at once.
    expect(pullAudits().map((a) => [a.from, a.version, a.applied])).toEqual([[0, 0, 50], [0, 0, 50], [0, v2, 50]]);
    expect(v1).toBeLessThan(v2);
  });

  it('keeps the pages before a refused one, and the version of the last complete one', async () => {
    const headOffice = new MemoryHeadOffice();
    await start(headOffice, 50);
    const v1 = headOffice.ledger.publish({ access: denyChanges(0, 45) });
    // v2 would not fit beside v1 in a page of 50: pages end between the two versions.
    headOffice.ledger.publish({ access: [...denyChanges(45, 50), { kind: 'allow', id: 'd-page-bad', version: 1, deleted: false, definition: denyEntry('d-page-bad', 'AB1') }] });
    const status = await kiosk.services.sync.syncNow();
    expect(status.configVersion).toBe(v1);
    expect(status.configError).toMatch(/^head office config v2 refused: access\[5\] \(allow d-page-bad\): a deny entry sent as allow/);
    expect(pulledDenies()).toBe(45); // v1 whole; nothing of the refused page
  });
});
