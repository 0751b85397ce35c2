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
    this.core.unrecorded.attempt(`device faults (${what})`, () =>
      store.change(() => {
        // The open spell is the device's row without an end (one at most, by the schema): a report that races
        // another one on the bus finds it there instead of opening a second.
        for (const device of started) {
          const { changes, lastInsertRowid } = store.db
            .prepare('INSERT INTO device_faults (device_id, kind, lane_id, detail, from_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (device_id) WHERE to_at IS NULL DO NOTHING')
            .run(device.id, device.kind, device.laneId, device.detail, at);
          if (changes === 0) continue;
          const id = Number(lastInsertRowid);
          store.outbox.append('device_fault', `device_fault:${id}:started`, { id, deviceId: device.id, kind: device.kind, laneId: device.laneId, detail: device.detail, fromAt: at }, at);
        }
        for (const device of ended) {
          // A wall clock set back since the spell opened (a jump, an NTP step) ends it where it began, never before.
          const closed = store.db.prepare('UPDATE device_faults SET to_at = max(?, from_at) WHERE device_id = ? AND to_at IS NULL RETURNING id, to_at AS toAt').get(at, device.id) as { id: number; toAt: number } | undefined;
          if (closed) store.outbox.append('device_fault', `device_fault:${closed.id}:ended`, { id: closed.id, deviceId: device.id, toAt: closed.toAt }, at);
        }
      }),
    );
  }
}
