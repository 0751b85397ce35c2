/**
 * The lanes' settings screen (admin): which serial ports exist, each device's config, and each lane's devices,
 * inputs, pulse and mode. Every save is validated against the site and the driver's own schema, audited, and applied
 * at once: a device is replaced in place, a lane is rebuilt when no vehicle is in it.
 */
import type { Actor, Core } from '../core';
import { audit } from '../core';
import type { LaneView } from '../contract/lanes';
import { invalid, invalidFields, notFound } from '../errors';
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
    if (device.kind === 'terminal') {
      this.readers.check(device.id, device.config);
      this.assertReaderLane(device.id, device.config);
    } else checkDeviceConfig(device.id, device.kind, device.config);
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
    const readers = this.readersFollowing(before?.terminal ?? null, settings);
    store.change(() => {
      store.lanes.saveSettings(settings, actor.username, this.core.now());
      for (const reader of readers) store.lanes.saveDevice(reader, actor.username, this.core.now());
      audit(this.core, { actor: actor.username, action: 'lane.settings', subject: `lane:${settings.laneId}`, detail: { before, after: settings, ...(readers.length ? { readersServing: readers.map(({ id, config }) => ({ id, laneId: (config as { laneId: string | null }).laneId })) } : {}), reason } });
    });
    for (const reader of readers) this.readers.apply(reader.id, reader.config);
    this.announce(`lane ${settings.laneId} settings saved by ${actor.username}`);
    return this.lanes.reconfigure(settings.laneId);
  }

  /**
   * A card reader's lane is set in one place, the lane's wiring; the reader's own config carries it (payments pick
   * the lane's reader by it) and is refused when it says anything else, so the two can never disagree.
   */
  private assertReaderLane(readerId: string, config: unknown): void {
    const laneId = (config as { laneId?: unknown } | null)?.laneId ?? null;
    const wired = this.core.store.lanes.settings().find((s) => s.terminal === readerId)?.laneId ?? null;
    if (laneId === wired) return;
    const where = wired === null ? `${readerId} is not wired into a lane (a booth reader): choose it in a lane's wiring (Lane wiring, Edit) and its lane follows` : `${readerId} is wired into lane ${wired}: its lane is changed in the lanes' wiring (Lane wiring, Edit)`;
    throw invalidFields(`card reader ${where}`, [{ path: 'device.config.laneId', message: where }]);
  }

  /**
   * The readers whose lane changes with this wiring, as they will be stored: the one it names now serves this lane,
   * the one it named before serves none. A reader wired into another lane is refused (one reader, one lane).
   */
  private readersFollowing(before: string | null, settings: LaneSettings): DeviceRecord[] {
    if (before === settings.terminal) return [];
    const devices = this.core.store.lanes.devices();
    const elsewhere = settings.terminal === null ? undefined : this.core.store.lanes.settings().find((s) => s.terminal === settings.terminal && s.laneId !== settings.laneId);
    if (elsewhere) throw invalidFields(`card reader ${settings.terminal} already serves lane ${elsewhere.laneId}`, [{ path: 'settings.terminal', message: `${settings.terminal} already serves lane ${elsewhere.laneId}: take it off that lane first` }]);
    const serving = (id: string | null, laneId: string | null): DeviceRecord[] => {
      const reader = devices.find((d) => d.id === id && d.kind === 'terminal');
      return reader ? [{ ...reader, config: { ...(reader.config as object), laneId } }] : [];
    };
    return [...serving(before, null), ...serving(settings.terminal, settings.laneId)];
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
