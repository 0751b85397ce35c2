/**
 * The lanes' settings screen (admin): which serial ports exist, each device's config, and each lane's devices,
 * inputs, pulse and mode. Every save is validated against the site and the driver's own schema, audited, and applied
 * at once: a device is replaced in place, a lane is rebuilt when no vehicle is in it.
 */
import type { Actor, Core } from '../core';
import { audit } from '../core';
import type { LaneView } from '../contract/lanes';
import { invalid, notFound } from '../errors';
import type { DeviceRecord, LaneSettings } from '../store/lanes-repo';
import { checkDeviceConfig } from './device-hub';
import type { LaneService } from './lane-service';

/** Card readers belong to payments: it checks their config and puts a changed reader to work. */
export interface ReaderSettings {
  check(id: string, config: unknown): void;
  apply(id: string, config: unknown): void;
}

export class LaneSettingsService {
  constructor(
    private readonly core: Core,
    private readonly lanes: LaneService,
    private readonly readers: ReaderSettings,
  ) {}

  configs(): { devices: DeviceRecord[]; lanes: LaneSettings[] } {
    return { devices: this.core.store.lanes.devices(), lanes: this.core.store.lanes.settings() };
  }

  async saveDevice(device: DeviceRecord, reason: string, actor: Actor): Promise<DeviceRecord> {
    if (device.kind === 'terminal') this.readers.check(device.id, device.config);
    else checkDeviceConfig(device.id, device.kind, device.config);
    const { store } = this.core;
    const before = store.lanes.devices().find((d) => d.id === device.id);
    if (before && before.kind !== device.kind) throw invalid(`device ${device.id} is a ${before.kind}, not a ${device.kind}: give the new device its own id`);
    store.change(() => {
      store.lanes.saveDevice(device, actor.username, this.core.now());
      // A reader's key is never in its config, only the variable holding it: the row says whether that changed.
      const keyChanged = device.kind === 'terminal' ? { keyChanged: keyVariable(before?.config) !== keyVariable(device.config) } : {};
      audit(this.core, { actor: actor.username, action: 'device.save', subject: `device:${device.id}`, detail: { kind: device.kind, before: before?.config ?? null, after: device.config, ...keyChanged, reason } });
    });
    this.announce(`device ${device.id} saved by ${actor.username}`);
    if (device.kind === 'terminal') {
      this.readers.apply(device.id, device.config);
      return device;
    }
    const laneId = store.lanes.settings().find((s) => s.relayBoard === device.id || s.camera === device.id)?.laneId ?? null;
    await this.lanes.devices()?.reload?.(device, laneId);
    if (device.kind === 'camera') await this.lanes.cameraReplaced(device.id);
    return device;
  }

  async saveLane(settings: LaneSettings, reason: string, actor: Actor): Promise<LaneView> {
    this.assertFits(settings);
    this.lanes.assertIdle(settings.laneId); // refused before anything is stored
    const { store } = this.core;
    const before = store.lanes.settingsFor(settings.laneId) ?? null;
    store.change(() => {
      store.lanes.saveSettings(settings, actor.username, this.core.now());
      audit(this.core, { actor: actor.username, action: 'lane.settings', subject: `lane:${settings.laneId}`, detail: { before, after: settings, reason } });
    });
    this.announce(`lane ${settings.laneId} settings saved by ${actor.username}`);
    return this.lanes.reconfigure(settings.laneId);
  }

  /** Every console hears of a settings change (a settings screen open elsewhere reloads). */
  private announce(text: string): void {
    this.core.bus.log({ at: this.core.now(), kind: 'settings', text, sessionId: null });
  }

  /** The lane exists, each device named exists and is of the right kind, inputs are where the board has them. */
  private assertFits(settings: LaneSettings): void {
    if (!this.core.layout().lanes.some((lane) => lane.id === settings.laneId)) throw notFound(`lane ${settings.laneId}`);
    if (settings.defaultVehicleClass !== null && !this.core.layout().vehicleClasses.some((c) => c.id === settings.defaultVehicleClass)) throw invalid(`vehicle class ${settings.defaultVehicleClass} is not one of this site's`);
    const devices = this.core.store.lanes.devices();
    const named: Array<[string | null, DeviceRecord['kind']]> = [
      [settings.relayBoard, 'relay'],
      [settings.camera, 'camera'],
      [settings.terminal, 'terminal'],
    ];
    for (const [id, kind] of named) {
      if (id === null) continue;
      const device = devices.find((d) => d.id === id);
      if (!device) throw invalid(`device ${id} does not exist: add it first`);
      if (device.kind !== kind) throw invalid(`device ${id} is a ${device.kind}, not a ${kind}`);
    }
    if (settings.relayBoard === null && (settings.loopInput !== null || settings.barrierInput !== null)) throw invalid('loop and barrier inputs are read from a relay board: choose the board');
    if (settings.loopInput !== null && settings.loopInput === settings.barrierInput) throw invalid('the loop and the barrier sensor cannot share one input');
  }
}

/** The variable a card reader's key is read from, as its config names it (the reader's default when it names none). */
function keyVariable(config: unknown): unknown {
  return config === undefined ? undefined : ((config as { secretKeyEnv?: unknown }).secretKeyEnv ?? 'STRIPE_SECRET_KEY');
}
