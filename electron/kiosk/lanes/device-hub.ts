/**
 * The lanes' devices, built from the devices table: relay boards (the real serial drivers; the demo board is the
 * same driver on a simulated Modbus board), cameras and the plate readers behind them. Each device reports its
 * health into the DeviceRegistry, so the dashboard and the lane tiles show it. A device that cannot start is an
 * unhealthy device with the reason, never a kiosk that does not start.
 */
import { z } from 'zod';
import { OnnxPlateReader } from '../../../native/alpr';
import type { PlateReader } from '../../../native/alpr';
import { cameraConfigSchema, createCamera, type Camera } from '../../../native/camera';
import type { TrafficOptions } from '../../../native/demo';
import { startDemoWorld, type DemoWorld } from '../../../native/demo';
import { createRelayBoard, listSerialPorts, MODBUS_PROFILE_NAMES, MODBUS_PROFILES, parseRelayBoardConfig, RelayConfigError, type ModbusMap, type RelayBoard, type RelayHealth, type SerialPortInfo } from '../../../native/relay';
import { invalid, invalidFields, type FieldIssue } from '../errors';
import type { Lane } from '../contract';
import type { Core } from '../core';
import type { DeviceRegistry, DeviceReport } from '../devices';
import type { DeviceRecord, LaneSettings } from '../store/lanes-repo';

const DEMO_CHANNELS = 'the demo board has 1 to 32 relay channels';
const DEMO_INPUTS = 'the demo board has 0 to 64 inputs';

export const relayDeviceSchema = z.discriminatedUnion('driver', [
  /** `board` is checked by native/relay's own schema when the board is created, naming any bad field. */
  z.strictObject({ driver: z.literal('serial'), board: z.record(z.string(), z.unknown()) }),
  /** The demo site's board: a simulated Modbus relay/IO module on a socat pty pair (native/demo). */
  z.strictObject({
    driver: z.literal('demo'),
    channels: z.int().min(1, DEMO_CHANNELS).max(32, DEMO_CHANNELS),
    inputs: z.int().min(0, DEMO_INPUTS).max(64, DEMO_INPUTS),
  }),
]);

/** The demo site's cameras (native/demo), or a camera of the site (native/camera's own config). */
export const cameraDeviceSchema = z.union([z.strictObject({ driver: z.literal('demo') }), cameraConfigSchema]);

/**
 * Checks a device's config as the settings screen sends it; throws a clear invalid_input naming the bad field, with
 * each issue's path in the call's input (device.config.url, device.config.board.registerMap.relays.addresses.2), so
 * the form shows it beside its field.
 */
export function checkDeviceConfig(id: string, kind: DeviceRecord['kind'], config: unknown): void {
  if (kind === 'terminal') throw invalid(`${kind} devices are set up in the payments settings`);
  // A site camera is checked by its own discriminated union, which names the bad field (the union with the demo's names none).
  const isDemo = typeof config === 'object' && config !== null && (config as { driver?: unknown }).driver === 'demo';
  const schema = kind === 'relay' ? relayDeviceSchema : isDemo ? cameraDeviceSchema : cameraConfigSchema;
  const parsed = schema.safeParse(config);
  if (!parsed.success) throw fieldsInvalid(id, 'device.config', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  if (parsed.data.driver !== 'serial' || !('board' in parsed.data)) return;
  try {
    parseRelayBoardConfig({ ...parsed.data.board, id });
  } catch (error) {
    if (error instanceof RelayConfigError) throw fieldsInvalid(id, 'device.config.board', error.fields, error.message);
    throw error;
  }
}

function fieldsInvalid(id: string, at: string, fields: readonly FieldIssue[], message?: string): Error {
  const text = message ?? fields.map((f) => `${f.path || 'config'}: ${f.message}`).join('; ');
  return invalidFields(`device ${id}: ${text}`, fields.map((f) => ({ path: f.path ? `${at}.${f.path}` : at, message: f.message })));
}

/** Each built-in Modbus board's register map at its full channel count (a board's own map is edited from one). */
export function modbusProfileMaps(): { profile: string; maxChannels: number; map: ModbusMap }[] {
  return MODBUS_PROFILE_NAMES.map((profile) => ({ profile, maxChannels: MODBUS_PROFILES[profile].maxChannels, map: MODBUS_PROFILES[profile].map(MODBUS_PROFILES[profile].maxChannels) }));
}

/** The serial ports the OS knows (USB identity included), for the settings screen. */
export function serialPorts(): Promise<SerialPortInfo[]> {
  return listSerialPorts();
}

export interface DeviceHubOptions {
  /** Folder for the demo board's pty links. */
  readonly runDir: string;
  readonly demoTraffic?: Partial<TrafficOptions>;
}

const CAMERA_HEALTH_MS = 2_000;

export class DeviceHub {
  private readonly relays = new Map<string, RelayBoard>();
  private readonly cameras = new Map<string, { camera: Camera; demo: boolean }>();
  private world: DemoWorld | null = null;
  private onnx: Promise<PlateReader | null> | null = null;
  /** Per device: stops its health reporting. */
  private readonly stops = new Map<string, () => void>();

  private constructor(
    private readonly core: Core,
    private readonly registry: DeviceRegistry,
    private readonly options: DeviceHubOptions,
  ) {}

  static async start(core: Core, registry: DeviceRegistry, options: DeviceHubOptions): Promise<DeviceHub> {
    const hub = new DeviceHub(core, registry, options);
    await hub.build();
    return hub;
  }

  relay(id: string | null): RelayBoard | null {
    return id === null ? null : (this.relays.get(id) ?? null);
  }

  camera(id: string | null): Camera | null {
    return id === null ? null : (this.cameras.get(id)?.camera ?? null);
  }

  /** The reader for a camera's frames: the demo reader for demo cameras, the ONNX reader (started once) otherwise. */
  async readerFor(cameraId: string): Promise<PlateReader | null> {
    const entry = this.cameras.get(cameraId);
    if (!entry) return null;
    if (entry.demo) return this.world?.reader ?? null;
    this.onnx ??= this.startOnnxReader();
    return this.onnx;
  }

  /** A device's config changed in the settings: the old one is closed and the new one started in its place. */
  async reload(device: DeviceRecord, laneId: string | null): Promise<void> {
    this.stops.get(device.id)?.();
    this.stops.delete(device.id);
    await this.relays.get(device.id)?.close();
    this.relays.delete(device.id);
    const camera = this.cameras.get(device.id);
    if (camera && !camera.demo) await camera.camera.close();
    this.cameras.delete(device.id);
    if (device.kind === 'relay') this.addRelay(device, laneId);
    if (device.kind === 'camera') this.addCamera(device, laneId);
  }

  async close(): Promise<void> {
    for (const stop of this.stops.values()) stop();
    this.stops.clear();
    await Promise.all([...this.relays.values()].map((relay) => relay.close()));
    await Promise.all([...this.cameras.values()].map(({ camera }) => camera.close()));
    await (await this.onnx)?.close();
    await this.world?.close();
  }

  private async build(): Promise<void> {
    const { store } = this.core;
    const devices = store.lanes.devices();
    const settings = store.lanes.settings();
    const lanes = this.core.layout().lanes;
    await this.startDemoWorld(devices, settings, lanes);
    for (const device of devices) {
      const laneId = settings.find((s) => s.relayBoard === device.id || s.camera === device.id)?.laneId ?? null;
      if (device.kind === 'relay') this.addRelay(device, laneId);
      if (device.kind === 'camera') this.addCamera(device, laneId);
    }
  }

  /** The demo world exists when the site has demo devices: its board and cameras are what they open. */
  private async startDemoWorld(devices: DeviceRecord[], settings: LaneSettings[], lanes: Lane[]): Promise<void> {
    const board = devices.find((d) => d.kind === 'relay' && relayDeviceSchema.safeParse(d.config).data?.driver === 'demo');
    const demoCameras = new Set(devices.filter((d) => d.kind === 'camera' && cameraDeviceSchema.safeParse(d.config).data?.driver === 'demo').map((d) => d.id));
    if (!board && demoCameras.size === 0) return;
    const config = board ? (relayDeviceSchema.parse(board.config) as { channels: number; inputs: number }) : { channels: 8, inputs: 8 };
    const demoLanes = settings.flatMap((s) => {
      const lane = lanes.find((l) => l.id === s.laneId);
      if (!lane || s.camera === null || !demoCameras.has(s.camera) || s.loopInput === null || s.barrierInput === null) return [];
      return [{ laneId: lane.id, label: lane.name, direction: lane.direction, cameraId: s.camera, channel: lane.relayChannel ?? 1, loopInput: s.loopInput, barrierInput: s.barrierInput }];
    });
    const regulars = this.core.store.access.list(['permit', 'allow', 'deny'], { limit: 50 }).flatMap((r) => ('plateKeys' in r.definition ? r.definition.plateKeys : 'plateKey' in r.definition ? [r.definition.plateKey] : []));
    try {
      this.world = await startDemoWorld({ dir: this.options.runDir, lanes: demoLanes, channels: config.channels, inputs: config.inputs, traffic: { regulars, now: this.core.now, ...this.options.demoTraffic } });
    } catch (error) {
      this.core.log.error({ err: error }, 'demo world did not start');
      if (board) this.registry.register({ id: board.id, kind: 'relay', laneId: null })({ healthy: false, detail: (error as Error).message });
    }
  }

  private addRelay(device: DeviceRecord, laneId: string | null): void {
    const report = this.registry.register({ id: device.id, kind: 'relay', laneId });
    const parsed = relayDeviceSchema.safeParse(device.config);
    if (!parsed.success) return report({ healthy: false, detail: `invalid config: ${parsed.error.issues[0]?.message ?? 'unknown'}` });
    const config = parsed.data;
    if (config.driver === 'demo' && !this.world) return; // reported by startDemoWorld
    let board: RelayBoard;
    try {
      board =
        config.driver === 'serial'
          ? createRelayBoard({ ...config.board, id: device.id } as Parameters<typeof createRelayBoard>[0])
          : createRelayBoard({ id: device.id, protocol: 'modbus', port: this.world!.relayPort, modbusAddress: 1, channels: config.channels, inputs: config.inputs, timeoutMs: 1_000 });
    } catch (error) {
      return report({ healthy: false, detail: (error as Error).message });
    }
    this.relays.set(device.id, board);
    const show = (health: RelayHealth) => report(relayReport(health));
    show(board.health());
    this.stops.set(device.id, board.onHealth(show));
  }

  private addCamera(device: DeviceRecord, laneId: string | null): void {
    const report = this.registry.register({ id: device.id, kind: 'camera', laneId });
    const parsed = cameraDeviceSchema.safeParse(device.config);
    if (!parsed.success) return report({ healthy: false, detail: `invalid config: ${parsed.error.issues[0]?.message ?? 'unknown'}` });
    const config = parsed.data;
    let camera: Camera | undefined;
    try {
      camera = config.driver === 'demo' ? this.world?.camera(device.id) : createCamera(config, this.core.now);
    } catch (error) {
      return report({ healthy: false, detail: (error as Error).message });
    }
    if (!camera) return report({ healthy: false, detail: 'the demo world is not running' });
    this.cameras.set(device.id, { camera, demo: config.driver === 'demo' });
    const poll = () => {
      const health = camera.health();
      report({ healthy: health.healthy, detail: health.healthy ? 'streaming' : (health.reason ?? 'no picture') });
    };
    poll();
    const timer = setInterval(poll, CAMERA_HEALTH_MS);
    timer.unref();
    this.stops.set(device.id, () => clearInterval(timer));
  }

  private async startOnnxReader(): Promise<PlateReader | null> {
    const report = this.registry.register({ id: 'plate-reader', kind: 'camera', laneId: null });
    try {
      // Started with the site's plate regions of the moment; each lane's frames carry the current ones (lane-capture.ts).
      const { plateRegions, plateHomeCountry } = this.core.store.settings.get().settings;
      const reader = await OnnxPlateReader.start({ recognizer: 'plate', regions: [...plateRegions], homeCountry: plateHomeCountry ?? undefined, threads: 1 });
      report({ healthy: true, detail: `ready in ${Math.round(reader.startupMs)} ms` });
      return reader;
    } catch (error) {
      this.core.log.error({ err: error }, 'plate reader did not start');
      report({ healthy: false, detail: (error as Error).message });
      return null;
    }
  }
}

function relayReport(health: RelayHealth): DeviceReport {
  if (health.connected) return { healthy: health.lastError === null, detail: health.lastError ?? `connected on ${health.port ?? '?'}` };
  return { healthy: false, detail: health.lastError ?? `not connected${health.port ? ` (${health.port})` : ''}` };
}
