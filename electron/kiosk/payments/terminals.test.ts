import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test/support/temp-dir';
import { startTestKiosk } from '../../../test/support/kiosk-harness';
import { databaseFile } from '../kiosk';
import { openStore } from '../store/store';

const tempDir = useTempDirs();

describe('card readers from the devices table', () => {
  it('runs the simulated booth reader when none is configured (the demo site)', async () => {
    const kiosk = await startTestKiosk(tempDir());
    expect(kiosk.services.payments.terminalList()).toEqual([expect.objectContaining({ id: 'booth', laneId: null, driver: 'simulated' })]);
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
    expect(kiosk.services.payments.terminalList().map((t) => [t.id, t.laneId])).toEqual([['exit-reader', 'out1']]);
    expect(kiosk.services.devices.list().find((d) => d.id === 'broken-reader')).toMatchObject({ kind: 'terminal', healthy: false, detail: expect.stringMatching(/bad config/) });
    await kiosk.close();
  });
});
