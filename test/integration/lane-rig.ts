/**
 * The demo site's lanes on a real Modbus board over a socat pty, cameras the test pushes frames to and a reader
 * scripted by frame (lanes.test.ts, disk-full.test.ts).
 */
import { afterEach } from 'vitest';
import type { Frame } from '../../native/alpr/reader';
import { scriptedRead, SimulatedPlateReader } from '../../native/alpr/simulated-reader';
import { createRelayBoard, type RelayBoard } from '../../native/relay';
import { ModbusSimulator } from '../../native/relay/simulators/modbus';
import type { Kiosk, KioskConfig } from '../../electron/kiosk/kiosk';
import type { LaneView } from '../../electron/kiosk/contract/lanes';
import type { KioskConnection } from '../../electron/kiosk/connection';
import { expectOk, startTestKiosk } from '../support/kiosk-harness';
import { useTempDirs } from '../support/temp-dir';
import { useSocat, waitFor, waitForHealth } from './relay-socat';


/** A camera the test holds: each frame it pushes shows the plate it is given (or none). */
export class PushCamera {
  private readonly listeners = new Set<(frame: Frame) => void>();
  readonly shows = new WeakMap<Uint8Array, { text: string; confidence: number }>();
  private tick = 0;

  onFrame(listener: (frame: Frame) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A frame differs from the last one (so the motion gate lets it through) and shows `plate`. */
  push(plate: string | null, confidence = 0.96): void {
    const data = new Uint8Array(64 * 48 * 3).fill((this.tick++ * 40) % 250);
    if (plate) this.shows.set(data, { text: plate, confidence });
    for (const listener of this.listeners) listener({ width: 64, height: 48, data, capturedAt: Date.now() });
  }
}

export interface Rig {
  kiosk: Kiosk;
  board: RelayBoard;
  simulator: ModbusSimulator;
  cameras: Map<string, PushCamera>;
  console: KioskConnection;
  /** Every frame the lanes asked the reader to read, as they asked (with the lane's scope: plate regions). */
  readFrames: Frame[];
  unplug(): Promise<void>;
}

export interface RigOptions {
  readonly clock?: () => number;
  /** Where the kiosk keeps its data (a small disk); default a fresh temp folder. */
  readonly dataDir?: string;
  readonly config?: Partial<KioskConfig>;
}

/**
 * Starts rigs on the demo site's lanes (in1: loop 0, barrier 1, relay 1; out1: loop 4, barrier 5, relay 3) on a
 * real board; each test's rigs close after it.
 */
export function useLaneRigs(): (options?: RigOptions) => Promise<Rig> {
  const tempDir = useTempDirs();
  const socat = useSocat();
  /** Registered after useSocat's cleanup so it runs first (afterEach hooks run in reverse): lanes stop before boards go. */
  const running: Kiosk[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((kiosk) => kiosk.close()));
  });
  return (options = {}) => startRig(socat, tempDir, running, options);
}

async function startRig(socat: ReturnType<typeof useSocat>, tempDir: () => string, running: Kiosk[], { clock = Date.now, dataDir, config }: RigOptions): Promise<Rig> {
  const fixture = socat();
  const pair = await fixture.plug('lanes');
  const simulator = new ModbusSimulator(1, 4, 8);
  await fixture.host(simulator, pair.board);
  const board = fixture.track(createRelayBoard({ id: 'demo-board', protocol: 'modbus', port: pair.kiosk, modbusAddress: 1, channels: 4, inputs: 8, timeoutMs: 300 }));
  await waitForHealth(board, (h) => h.connected, 3_000);
  const cameras = new Map<string, PushCamera>();
  const cameraFor = (id: string) => cameras.get(id) ?? cameras.set(id, new PushCamera()).get(id)!;
  const readFrames: Frame[] = [];
  const reader = new SimulatedPlateReader((frame) => {
    readFrames.push(frame);
    for (const camera of cameras.values()) {
      const shown = camera.shows.get(frame.data);
      if (shown) return [scriptedRead(shown.text, shown.confidence, { x: 10, y: 10, width: 30, height: 8 })];
    }
    return [];
  }, 2);
  const kiosk = await startTestKiosk(dataDir ?? tempDir(), {
    ...config,
    clock,
    devices: { relay: () => board, camera: (id) => (id === null ? null : cameraFor(id)), readerFor: async () => reader },
  });
  running.push(kiosk);
  const console = kiosk.connect('test');
  await expectOk(console, 'auth.login', { username: 'sam', secret: '2468' });
  return { kiosk, board, simulator, cameras, console, readFrames, unplug: pair.unplug };
}

export function lane(rig: Rig, laneId: string): LaneView {
  return rig.kiosk.services.lanes.list().find((l) => l.laneId === laneId)!;
}

export async function waitForLane(rig: Rig, laneId: string, check: (lane: LaneView) => boolean, what: string): Promise<LaneView> {
  return waitForLaneWithin(rig, laneId, check, what, 5_000);
}

export async function waitForLaneWithin(rig: Rig, laneId: string, check: (lane: LaneView) => boolean, what: string, timeoutMs: number): Promise<LaneView> {
  await waitFor(() => check(lane(rig, laneId)), timeoutMs, `${laneId}: ${what} (now ${JSON.stringify(lane(rig, laneId).phase)} ${lane(rig, laneId).decision?.code ?? ''})`);
  return lane(rig, laneId);
}

/** A car drives onto the loop of a lane and shows its plate to the camera for two frames (the vote needs two). */
export async function arrive(rig: Rig, laneId: string, loopInput: number, plate: string, confidence = 0.96): Promise<LaneView> {
  rig.simulator.inputs[loopInput] = true;
  await waitForLane(rig, laneId, (l) => l.phase === 'vehicle_present', 'loop seen');
  const camera = rig.cameras.get(`cam-${laneId}`)!;
  camera.push(plate, confidence);
  await new Promise((resolve) => setTimeout(resolve, 20));
  camera.push(plate, confidence);
  return waitForLane(rig, laneId, (l) => l.decision !== null, 'a decision');
}

/**
 * A car read surely as `plate` whose barrier then fails: the relay board goes silent for the decision, so the lane
 * waits in 'decided' with its alarm and the attendant called. The board answers again afterwards.
 */
export async function arriveWithBarrierFault(rig: Rig, laneId: string, loopInput: number, plate: string, confidence = 0.96): Promise<LaneView> {
  rig.simulator.inputs[loopInput] = true;
  await waitForLane(rig, laneId, (l) => l.phase === 'vehicle_present', 'loop seen');
  rig.simulator.fault = 'silent';
  rig.cameras.get(`cam-${laneId}`)!.push(plate, confidence);
  rig.cameras.get(`cam-${laneId}`)!.push(plate, confidence);
  const faulted = await waitForLane(rig, laneId, (l) => l.phase === 'decided' && l.alarms.length > 0, 'the barrier fault');
  rig.simulator.fault = 'none';
  return faulted;
}

/** The barrier goes up, the car clears the loop, the barrier comes down: as the board's inputs report it. */
export async function driveThrough(rig: Rig, laneId: string, loopInput: number, barrierInput: number): Promise<void> {
  rig.simulator.inputs[barrierInput] = true;
  await waitForLane(rig, laneId, (l) => l.barrier === 'up', 'barrier up');
  rig.simulator.inputs[loopInput] = false;
  rig.simulator.inputs[barrierInput] = false;
  await waitForLane(rig, laneId, (l) => l.phase === 'vehicle_passed' || l.phase === 'idle', 'vehicle passed');
}

export const relayPulses = (rig: Rig, channel: number) => rig.simulator.changes.filter((c) => c.channel === channel && c.on).length;

