import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test/support/temp-dir';
import { DEMO, expectOk, loggedIn, startTestKiosk } from '../../../test/support/kiosk-harness';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { databaseFile } from '../data-dir';
import { DEMO_SITE_FILE } from '../kiosk';
import { openStore } from '../store/store';

const tempDir = useTempDirs();

describe('card readers from the devices table', () => {
  it("runs the demo site's simulated readers: one at the booth, one at the exit lane", async () => {
    const kiosk = await startTestKiosk(tempDir());
    expect(kiosk.services.payments.terminalList()).toEqual([
      expect.objectContaining({ id: 'booth', laneId: null, driver: 'simulated' }),
      expect.objectContaining({ id: 'reader-out1', laneId: 'out1', driver: 'simulated' }),
    ]);
    await kiosk.close();
  });

  it('runs no simulated reader on a site that names none: card payment is unavailable, with the reason', async () => {
    const dir = tempDir();
    const site = JSON.parse(readFileSync(DEMO_SITE_FILE(), 'utf8')) as { devices: { kind: string }[]; laneSettings: { terminal?: string | null }[] };
    site.devices = site.devices.filter((d) => d.kind !== 'terminal');
    for (const settings of site.laneSettings) settings.terminal = null;
    writeFileSync(join(dir, 'site.json'), JSON.stringify(site));
    const kiosk = await startTestKiosk(join(dir, 'data'), { siteFile: join(dir, 'site.json') });
    expect(kiosk.services.payments.terminalList()).toEqual([]);
    expect(kiosk.services.payments.availability().card).toEqual({ available: false, reason: expect.stringMatching(/no card reader is set up at this site/) });
    const attendant = await loggedIn(kiosk, ...DEMO.attendant);
    const { session } = await expectOk(attendant, 'sessions.manualEntry', { plate: 'AB12CDE', laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', reason: 'camera down' });
    const card = { sessionId: session.id, terminalId: 'booth', idempotencyKey: 'k-no-reader', amountMinor: 100, currency: 'GBP' };
    expect(await attendant.call('payments.payCard', card)).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/card reader booth/) } });
    expect(kiosk.store.db.prepare('SELECT count(*) FROM payment_attempts').pluck().get()).toBe(0);
    await kiosk.close();
  });

  it('builds each configured reader, and shows a badly configured one as a faulty device without stopping the kiosk', async () => {
    const dir = tempDir();
    const store = openStore(databaseFile(dir), { now: 0 });
    const add = store.db.prepare("INSERT INTO devices (id, kind, config, updated_at, updated_by) VALUES (?, 'terminal', ?, 0, 'test')");
    add.run('exit-reader', JSON.stringify({ driver: 'simulated', laneId: 'out1', autoPresentMs: null }));
    add.run('broken-reader', JSON.stringify({ driver: 'stripe', laneId: 'out1' })); // no readerId, no key
    await store.close();
    const kiosk = await startTestKiosk(dir);
    expect(kiosk.services.payments.terminalList().map((t) => [t.id, t.laneId])).toContainEqual(['exit-reader', 'out1']);
    expect(kiosk.services.payments.terminalList().map((t) => t.id)).not.toContain('broken-reader');
    expect(kiosk.services.devices.list().find((d) => d.id === 'broken-reader')).toMatchObject({ kind: 'terminal', healthy: false, detail: expect.stringMatching(/bad config/) });
    await kiosk.close();
  });
});
