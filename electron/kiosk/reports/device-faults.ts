/**
 * Keeps each spell a device reported itself unhealthy (device_faults), from the registry's changes on the event
 * bus, so the traffic report can say which devices failed and for how long. 'starting' (registered, not heard
 * from yet) is not a fault. Faults a previous run left open end when this run starts: nobody saw past that.
 */
import type { DeviceHealth } from '../contract';
import type { Core } from '../core';
import { NOT_HEARD_FROM } from '../devices';

export class DeviceFaultLog {
  /** Devices in a fault spell now, as the registry said; their rows may still wait for disk space. */
  private readonly faulty = new Set<string>();
  /** The row of each open spell, once written. */
  private readonly open = new Map<string, number>();
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly core: Core) {}

  start(): void {
    const { store, now } = this.core;
    store.change(() => {
      for (const row of store.db.prepare('UPDATE device_faults SET to_at = max(from_at, ?) WHERE to_at IS NULL RETURNING id, device_id AS deviceId, to_at AS toAt').all(now()) as Array<{ id: number; deviceId: string; toAt: number }>) {
        store.outbox.append('device_fault', `device_fault:${row.id}:ended`, row, row.toAt);
      }
    });
    this.unsubscribe = this.core.bus.subscribe((name, payload) => {
      if (name === 'devices.changed') this.record((payload as { devices: DeviceHealth[] }).devices);
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private record(devices: readonly DeviceHealth[]): void {
    const { store, now } = this.core;
    const at = now();
    const started = devices.filter((d) => !d.healthy && d.detail !== NOT_HEARD_FROM && !this.faulty.has(d.id));
    const ended = devices.filter((d) => (d.healthy || d.detail === NOT_HEARD_FROM) && this.faulty.has(d.id));
    if (started.length === 0 && ended.length === 0) return;
    for (const device of started) this.faulty.add(device.id);
    for (const device of ended) this.faulty.delete(device.id);
    const what = [...started.map((d) => `${d.id} failed`), ...ended.map((d) => `${d.id} recovered`)].join(', ');
    // A full disk is itself a device fault: its spell waits with the other records kept until space returns, in order.
    this.core.unrecorded.attempt(`device faults (${what})`, () => {
      const opened = store.change(() => {
        const ids = new Map<string, number>();
        for (const device of started) {
          const { lastInsertRowid } = store.db
            .prepare('INSERT INTO device_faults (device_id, kind, lane_id, detail, from_at) VALUES (?, ?, ?, ?, ?)')
            .run(device.id, device.kind, device.laneId, device.detail, at);
          ids.set(device.id, Number(lastInsertRowid));
          store.outbox.append('device_fault', `device_fault:${lastInsertRowid}:started`, { id: Number(lastInsertRowid), deviceId: device.id, kind: device.kind, laneId: device.laneId, detail: device.detail, fromAt: at }, at);
        }
        for (const device of ended) {
          const id = this.open.get(device.id);
          if (id === undefined) continue;
          store.db.prepare('UPDATE device_faults SET to_at = ? WHERE id = ?').run(at, id);
          store.outbox.append('device_fault', `device_fault:${id}:ended`, { id, deviceId: device.id, toAt: at }, at);
        }
        return ids;
      });
      // The open spells' rows follow only what committed.
      for (const [deviceId, id] of opened) this.open.set(deviceId, id);
      for (const device of ended) this.open.delete(device.id);
    });
  }
}
