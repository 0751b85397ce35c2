import type { DeviceHealth } from './contract';
import type { EventBus } from './events';

export type DeviceReport = Pick<DeviceHealth, 'healthy' | 'detail'>;

/** The detail of a device registered but not heard from yet. */
export const NOT_HEARD_FROM = 'starting';

/**
 * What the lot's devices (cameras, relay boards, card readers) last said about themselves. Drivers report here;
 * the dashboard reads it, and every console hears each change at once.
 */
export class DeviceRegistry {
  private readonly devices = new Map<string, DeviceHealth>();

  constructor(private readonly bus: EventBus) {}

  /** Adds a device as not yet heard from; the returned function records each report it makes. */
  register(device: Omit<DeviceHealth, 'healthy' | 'detail'>): (report: DeviceReport) => void {
    this.devices.set(device.id, { ...device, healthy: false, detail: NOT_HEARD_FROM });
    this.announce();
    return (report) => {
      const current = this.devices.get(device.id);
      if (!current || (current.healthy === report.healthy && current.detail === report.detail)) return;
      this.devices.set(device.id, { ...current, ...report });
      this.announce();
    };
  }

  list(): DeviceHealth[] {
    return [...this.devices.values()];
  }

  get(id: string): DeviceHealth | undefined {
    return this.devices.get(id);
  }

  private announce(): void {
    this.bus.emit('devices.changed', { devices: this.list() });
  }
}
