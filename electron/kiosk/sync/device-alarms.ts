/**
 * The lot's devices going unhealthy (a camera that stopped sending frames, a relay board unplugged, a card reader
 * offline, the disk running low) and recovering, for head office: each change of health becomes an outbox row, as a lane alarm does.
 * Only a change of `healthy` counts, not each new detail line. A device's first report counts only when it is a
 * fault (a camera dead at boot is news, one that works is not). The booth PC's clock counts as a device: a wall clock
 * that jumped changes prices (clock-guard.ts). Services (the head-office link, SMS) are left out:
 * their state is in the sync and SMS status, and the link's every blip would fill the outbox.
 */
import type { DeviceHealth } from '../contract';
import type { Core } from '../core';
import { NOT_HEARD_FROM } from '../devices';

const HARDWARE: ReadonlySet<DeviceHealth['kind']> = new Set(['camera', 'relay', 'terminal', 'printer', 'clock', 'disk']);

/** Subscribes to device health; returns the unsubscribe. */
export function forwardDeviceAlarms(core: Core): () => void {
  const healthy = new Map<string, boolean>();
  return core.bus.subscribe((name, payload) => {
    if (name !== 'devices.changed') return;
    for (const device of (payload as { devices: DeviceHealth[] }).devices) {
      if (!HARDWARE.has(device.kind) || device.detail === NOT_HEARD_FROM) continue;
      const before = healthy.get(device.id);
      healthy.set(device.id, device.healthy);
      if (before === undefined ? !device.healthy : before !== device.healthy) queueDeviceAlarm(core, device);
    }
  });
}

function queueDeviceAlarm(core: Core, device: DeviceHealth): void {
  const at = core.now();
  const state = device.healthy ? 'healthy' : 'unhealthy';
  const payload = { deviceId: device.id, kind: device.kind, laneId: device.laneId, healthy: device.healthy, detail: device.detail, at };
  try {
    // On a full disk the row waits in memory and goes to head office once space returns (disk/unrecorded.ts).
    core.unrecorded.attempt(`device alarm for head office: ${device.id} ${state}`, () => core.store.change(() => core.store.outbox.appendEvent('device_alarm', `device:${device.id}:${state}`, payload, at)));
  } catch (error) {
    // The driver reporting must never fail because the outbox could not take the row.
    core.log.error({ err: error, device: device.id }, 'device alarm not queued for head office');
  }
  core.log.warn({ device: device.id, healthy: device.healthy }, `device ${device.id} ${state}: ${device.detail}`);
}
