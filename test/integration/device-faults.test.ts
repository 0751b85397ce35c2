/**
 * Device fault spells for the traffic report (reports/device-faults.ts): each time a device says it is unhealthy a
 * spell opens, with its outbox row for head office, and it closes when the device is healthy again. Its rows are
 * written through the full-disk queue (core.unrecorded), so a fault raised by a full disk never throws from the bus.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { manualClock, startTestKiosk } from '../support/kiosk-harness';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const clock = manualClock(Date.UTC(2026, 11, 6, 9, 0));
let kiosk: Kiosk;
afterEach(() => kiosk.close());

describe('device fault spells', () => {
  it('opens a spell when a device fails and closes it when it recovers, once each, with head office told', async () => {
    kiosk = await startTestKiosk(tempDir(), { clock: clock.now });
    const report = kiosk.services.devices.register({ id: 'cam-test', kind: 'camera', laneId: null });
    report({ healthy: false, detail: 'no frames for 10 s' });
    report({ healthy: false, detail: 'no frames for 20 s' });
    clock.advance(90_000);
    report({ healthy: true, detail: 'frames again' });
    const spells = kiosk.store.db.prepare("SELECT id, detail, to_at - from_at AS lasted FROM device_faults WHERE device_id = 'cam-test'").all() as { id: number }[];
    expect(spells).toEqual([{ id: expect.any(Number), detail: 'no frames for 10 s', lasted: 90_000 }]);
    const outbox = kiosk.store.db.prepare("SELECT key FROM outbox WHERE kind = 'device_fault' AND key LIKE ?").pluck().all(`device_fault:${spells[0]!.id}:%`);
    expect(outbox).toEqual([`device_fault:${spells[0]!.id}:started`, `device_fault:${spells[0]!.id}:ended`]);
  });

  it('a spell that ends after the wall clock was set back ends where it began, and the kiosk goes on', async () => {
    kiosk = await startTestKiosk(tempDir(), { clock: clock.now });
    const report = kiosk.services.devices.register({ id: 'cam-back', kind: 'camera', laneId: null });
    report({ healthy: false, detail: 'no frames for 10 s' });
    clock.advance(-3_600_000);
    report({ healthy: true, detail: 'frames again' });
    expect(kiosk.store.db.prepare("SELECT to_at - from_at FROM device_faults WHERE device_id = 'cam-back'").pluck().all()).toEqual([0]);
  });
});
