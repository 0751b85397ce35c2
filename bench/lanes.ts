/**
 * Lanes from camera frame to relay command, with the real plate reader and the real relay driver: labelled photos
 * of ../shared/alpr are the camera frames of permit holders at entry lanes; the kiosk (real SQLite, lane service,
 * rules, session commit) decides; the Modbus driver writes the coil command on a socat pty, and the board simulators
 * on the far ends, in their own process as real boards are their own devices, timestamp each command frame when it
 * has arrived (on CLOCK_MONOTONIC, which both processes share).
 *
 * Figures, each from the lane's pulse() call or a frame to two ends: the command's bytes written on the pty (the
 * driver's onWrite, the issue's measure) and the command received by the board (adds socat's copy and the board
 * process's wake-up, on the same two cores). "frame" is the frame that settled the vote (the first one for a read
 * sure of every character, else the next, pushed as a camera would once the previous one was read); "first frame"
 * the vehicle's first. For one lane alone, for four lanes with cars arriving at the same moment (one plate reader
 * shared by all lanes, as on the booth PC) each on its own board, for four lanes sharing one 4-channel board,
 * where Modbus, a half-duplex bus, sends one command at a time: each waits for the previous one's reply, and for
 * four lanes on one RS-485 bus of two boards (units 1 and 2, two lanes each) at 9600 8E1 with bytes at line speed
 * (the simulators and the driver's frame gap count each frame's wire time at 11 bits a character; the pty opens
 * 8N1, as Linux ptys refuse parity: PTY_LINE_TIMING_8E1) and both boards' inputs polled every 100 ms, as the lane service
 * does for lanes with loop or barrier inputs. "write confirmed": the board's reply to the relay-on command is in.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKiosk, DEMO_SITE_FILE } from '../electron/kiosk/kiosk';
import { decodeImage } from '../native/alpr/image/decode';
import { listLabelled } from '../native/alpr/evaluate';
import { FRAME_VARIANTS } from '../native/alpr/frame-variants';
import { findAppRoot } from '../native/alpr/models';
import { OnnxPlateReader } from '../native/alpr/onnx-reader';
import type { Frame, FrameReading, ReadPriority } from '../native/alpr/reader';
import { createRelayBoard, type RelayBoard } from '../native/relay';
import { fork, type ChildProcess } from 'node:child_process';
import { charMs } from '../native/relay/bus';
import { openPtyPair, type PtyPair } from '../native/relay/simulators/pty-pair';
import { MOTION_DEFAULTS, MotionGate } from '../native/camera/motion';
import { machine, PTY_LINE_TIMING_8E1, summarise } from './lib/measure';

const DATA = process.env['ALPR_DATA'] ?? join(findAppRoot(), '..', 'shared', 'alpr');
const PHOTOS = Number(process.env['BENCH_LANES_PHOTOS'] ?? 40);
const ROUNDS = Number(process.env['BENCH_LANES_ROUNDS'] ?? 10);
const LANES = ['e1', 'e2', 'e3', 'e4'] as const;
/**
 * Above the lanes' default threshold (0.85) with room: a car whose frames are all read at least this surely is let in
 * on the vote. Within the calibrated reader's reach (its confidence tops out near 0.95; at 0.95 no photo qualified).
 */
const SURE_READ = 0.9;
const progress = (text: string) => process.stderr.write(`[bench lanes] ${text}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits (bounded: a failed command is the lane's alarm, not a hung bench) until `check` holds. */
const waitUntil = async (check: () => boolean, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await sleep(1);
};

/**
 * Whether the lane's motion gate lets the moved frame through on its own motion, however long after the photo it
 * comes: on a loaded machine the first read can outlast the gate's hold, and a moved frame too like the photo was
 * then dropped (the car waited for a read that never came).
 */
function movesFrom(photo: Omit<Frame, 'capturedAt'>, moved: Omit<Frame, 'capturedAt'>): boolean {
  const gate = new MotionGate();
  gate.accept({ ...photo, capturedAt: 0 });
  return gate.accept({ ...moved, capturedAt: MOTION_DEFAULTS.holdMs + 1 });
}

/**
 * Photos the reader reads right: those are the permit holders (a misread car would go to the attendant instead).
 * Each car's frames are its photo, then the photo shifted and scaled (native/alpr/frame-variants.ts): a car the vote
 * needs a second frame for shows the camera a moved picture, as a real one does, which the lane's motion gate lets
 * through (the same photo again would be dropped as nothing moved). Only moved frames the reader is sure of are kept:
 * the bench times permit holders let in on the read, and a frame the vote would hand to the attendant times nothing
 * (so the photo's own read must be sure too: the vote's confidence is the frames' mean).
 */
async function readablePhotos(reader: OnnxPlateReader): Promise<Array<{ frames: Array<Omit<Frame, 'capturedAt'>>; plate: string }>> {
  const found: Array<{ frames: Array<Omit<Frame, 'capturedAt'>>; plate: string }> = [];
  for (const item of listLabelled(DATA)) {
    if (found.length >= PHOTOS) break;
    const bytes = readFileSync(item.image);
    const image = await decodeImage(bytes);
    const reading = await reader.read({ ...image, capturedAt: 0 });
    const first = reading.plates[0];
    if (first?.text !== item.plate || first.confidence < SURE_READ || found.some((f) => f.plate === item.plate)) continue;
    const moved = await Promise.all(FRAME_VARIANTS.map(async (variant) => decodeImage(await variant.make(bytes))));
    const movedReadRight = [];
    for (const frame of moved.filter((candidate) => movesFrom(image, candidate))) {
      const movedReading = await reader.read({ ...frame, capturedAt: 0 });
      if (movedReading.plates[0]?.text === item.plate && movedReading.plates[0].confidence >= SURE_READ) movedReadRight.push(frame);
    }
    if (movedReadRight.length > 0) found.push({ frames: [image, ...movedReadRight], plate: item.plate });
  }
  if (found.length < 8) throw new Error(`only ${found.length} photos under ${DATA} read right: need 8 (set ALPR_DATA)`);
  return found;
}

type Topology = 'board-per-lane' | 'shared-board' | 'shared-bus';
/** Where lane i's barrier relay is: which board, which channel. */
function relayOf(topology: Topology, lane: number): { board: number; channel: number } {
  if (topology === 'board-per-lane') return { board: lane, channel: 1 };
  return topology === 'shared-board' ? { board: 0, channel: lane + 1 } : { board: lane >> 1, channel: (lane & 1) + 1 };
}
function laneOf(topology: Topology, board: number, channel: number): number {
  if (topology === 'board-per-lane') return board;
  return topology === 'shared-board' ? channel - 1 : board * 2 + channel - 1;
}
const BOARD_IDS: Record<Topology, readonly string[]> = {
  'board-per-lane': LANES.map((id) => `board-${id}`),
  'shared-board': ['board-shared'],
  'shared-bus': ['board-unit-1', 'board-unit-2'],
};
/** The shared bus's serial settings: Modbus's own default, 8E1, at 9600. */
const BUS_SETTINGS = { baudRate: 9600, dataBits: 8, parity: 'even', stopBits: 1 } as const;

/** The demo site with four sensorless entry lanes, each holder of a permit, wired as `topology` says. */
function benchSite(dir: string, plates: readonly string[], topology: Topology): string {
  const site = JSON.parse(readFileSync(DEMO_SITE_FILE(), 'utf8')) as Record<string, unknown> & { layout: { lanes: unknown[] } };
  const boardIds = BOARD_IDS[topology];
  site.layout.lanes = LANES.map((id, i) => ({ id, name: `Entry ${i + 1}`, direction: 'entry', zoneId: 'ground', camera: `cam-${id}`, relayChannel: relayOf(topology, i).channel }));
  site['devices'] = [
    ...boardIds.map((id) => ({ id, kind: 'relay', config: { driver: 'demo', channels: 4, inputs: 0 } })),
    ...LANES.map((id) => ({ id: `cam-${id}`, kind: 'camera', config: { driver: 'demo' } })),
  ];
  site['laneSettings'] = LANES.map((id, i) => ({ laneId: id, relayBoard: boardIds[relayOf(topology, i).board], camera: `cam-${id}` }));
  const validFrom = '2020-01-01', validUntil = '2099-12-31';
  site['access'] = [{ kind: 'permit', definition: { id: 'bench-fleet', kind: 'contract', holder: 'Bench fleet', plateKeys: plates.slice(0, 50), maxInside: 1000, validFrom, validUntil, zones: [], hours: [] } }];
  const file = join(dir, `bench-site-${topology}.json`);
  writeFileSync(file, JSON.stringify(site));
  return file;
}

/** A camera the bench pushes frames into. */
class BenchCamera {
  private readonly listeners = new Set<(frame: Frame) => void>();
  onFrame(listener: (frame: Frame) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  push(frame: Frame): void {
    for (const listener of this.listeners) listener(frame);
  }
}

const real = await OnnxPlateReader.start({ recognizer: 'plate', regions: ['us', 'eu', 'br', 'uk'] });
const photos = await readablePhotos(real);
progress(`${photos.length} photos read right by the real reader; reader start-up ${Math.round(real.startupMs)} ms`);

/** Milliseconds on CLOCK_MONOTONIC: comparable with the board process's stamps. */
const monoMs = () => Number(process.hrtime.bigint()) / 1e6;
/**
 * Frames read, known by their pixels: the lane hands the reader a copy of the pushed frame with its read scope
 * (scopedFrame: plate regions, region of interest), so the frame object itself is never the one read. A lane has
 * one frame in flight, and the lanes of one round read different photos. Each read keeps the priority its lane asked
 * (a frame that may settle a car's vote before another lane's first frame), as the kiosk's reader does.
 */
const readDone = new Map<Uint8Array, () => void>();
const reader = {
  async read(frame: Frame, priority?: ReadPriority): Promise<FrameReading> {
    const reading = await real.read(frame, priority);
    readDone.get(frame.data)?.();
    return reading;
  },
};
/** A Modbus write-coil ON frame (05, value FF00) names its coil: channel = coil + 1. */
const switchedOnChannel = (bytes: Uint8Array): number | null => (bytes[1] === 0x05 && bytes[4] === 0xff ? (bytes[2]! << 8) + bytes[3]! + 1 : null);

interface CarTiming {
  /** From the frame that settled the vote to the command's bytes written, and to the command received. */
  settleToWritten: number;
  settleToReceived: number;
  firstToWritten: number;
  decisionToWritten: number;
  decisionToConfirmed: number;
  decisionToReceived: number;
  framesRead: number;
}

/** The kiosk with its boards, each on a socat pty whose far end is a board simulator in the board process. */
class Rig {
  readonly pulseCalledAt = new Map<number, number>();
  readonly writtenAt = new Map<number, number>();
  readonly confirmedAt = new Map<number, number>();
  private polling = true;
  private pollers: Promise<void>[] = [];
  private readonly received = new Map<number, (atMs: number) => void>();

  private constructor(
    readonly topology: Topology,
    readonly kiosk: Awaited<ReturnType<typeof createKiosk>>,
    private readonly cameras: ReadonlyMap<string, BenchCamera>,
    private readonly boards: RelayBoard[],
    private readonly pairs: PtyPair[],
    private readonly boardProcess: ChildProcess,
  ) {}

  static async start(dir: string, topology: Topology): Promise<Rig> {
    const bus = topology === 'shared-bus';
    const pairs = await Promise.all((topology === 'board-per-lane' ? LANES : ['shared']).map((name) => openPtyPair(dir, `${topology}-${name}`)));
    const ends = BOARD_IDS[topology].map((_, index) => ({ pair: pairs[bus ? 0 : index]!, unit: bus ? index + 1 : 1 }));
    const setup = { channels: 4, inputs: 4, lineCharMs: bus ? charMs(BUS_SETTINGS) : 0, boards: ends.map(({ pair, unit }) => ({ path: pair.board, unit })) };
    const boardProcess = fork(join(import.meta.dirname, 'lib', 'board-process.ts'), [JSON.stringify(setup)], { execArgv: process.execArgv });
    await new Promise<void>((resolve, reject) => {
      boardProcess.once('message', () => resolve());
      boardProcess.once('exit', (code) => reject(new Error(`board process exited (${code})`)));
    });
    // The boards and the kiosk call back into the rig, which needs them to exist first.
    let rig: Rig | undefined; // eslint-disable-line prefer-const
    // On a bus the first board's onWrite sees every frame: the frame's unit id says whose it is.
    const boards = ends.map(({ pair, unit }, index) =>
      createRelayBoard(
        { id: `board-${index}`, protocol: 'modbus', port: pair.kiosk, modbusAddress: unit, channels: 4, inputs: bus ? 4 : 0, timeoutMs: 500, ...(bus ? { parity: BUS_SETTINGS.parity } : {}) },
        { onWrite: (bytes) => rig?.noteWritten(bus ? bytes[0]! - 1 : index, bytes), emulateParity: bus },
      ),
    );
    const timed = (index: number) => ({
      // The driver's pulse (on confirmed, wait, off confirmed), with the moment the on was confirmed taken.
      async pulse(channel: number, ms = 500) {
        const lane = laneOf(topology, index, channel);
        rig?.pulseCalledAt.set(lane, monoMs());
        await boards[index]!.set(channel, true);
        rig?.confirmedAt.set(lane, monoMs());
        await sleep(ms);
        await boards[index]!.set(channel, false);
      },
      set: (channel: number, on: boolean) => boards[index]!.set(channel, on),
      health: () => boards[index]!.health(),
    });
    const cameras = new Map(LANES.map((id) => [`cam-${id}`, new BenchCamera()]));
    const kiosk = await createKiosk({
      dataDir: join(dir, `data-${topology}`),
      logToFile: false,
      logLevel: 'warn',
      siteFile: benchSite(dir, photos.map((p) => p.plate), topology),
      devices: {
        relay: (id) => timed(BOARD_IDS[topology].indexOf(id ?? '')),
        camera: (id) => (id === null ? null : (cameras.get(id) ?? null)),
        readerFor: async () => reader,
      },
    });
    rig = new Rig(topology, kiosk, cameras, boards, pairs, boardProcess);
    if (bus) rig.poll();
    boardProcess.on('message', (m: { board?: number; channel?: number; on?: boolean; atMs?: number }) => {
      if (m.on && m.board !== undefined && m.channel !== undefined && m.atMs !== undefined) rig?.received.get(laneOf(topology, m.board, m.channel))?.(m.atMs);
    });
    return rig;
  }

  /** Reads every board's inputs every 100 ms, never twice at once, as the lane service does for wired lanes. */
  private poll(): void {
    this.pollers = this.boards.map(async (board) => {
      while (this.polling) {
        await board.readInputs!().catch(() => undefined);
        await sleep(100);
      }
    });
  }

  private noteWritten(board: number, bytes: Uint8Array): void {
    const channel = switchedOnChannel(bytes);
    if (channel !== null) this.writtenAt.set(laneOf(this.topology, board, channel), monoMs());
  }

  /** One car at one lane: a frame, and another once that one was read (as a camera keeps sending), until the command. */
  async car(lane: number, photo: (typeof photos)[number]): Promise<CarTiming> {
    const camera = this.cameras.get(`cam-${LANES[lane]}`)!;
    const received = new Promise<number>((resolve) => this.received.set(lane, resolve));
    const firstAt = monoMs();
    const decided = () => (this.pulseCalledAt.get(lane) ?? -1) >= firstAt;
    let settlingPushAt = firstAt;
    let framesRead = 0;
    while (!decided() && framesRead < 4) {
      const frame: Frame = { ...photo.frames[framesRead % photo.frames.length]!, capturedAt: Date.now() };
      const read = new Promise<void>((resolve) => readDone.set(frame.data, resolve));
      settlingPushAt = monoMs();
      camera.push(frame);
      // Bounded, as waitUntil is: a frame the lane never reads (gated out, or the reader failed) is a failed run, not a hung one.
      if (!(await Promise.race([read.then(() => true), sleep(10_000).then(() => false)]))) {
        throw new Error(`lane ${LANES[lane]}: frame ${framesRead + 1} of ${photo.plate} not read within 10 s (${JSON.stringify(this.kiosk.services.lanes.list()[lane])})`);
      }
      framesRead++;
      // The capture votes and the lane decides in the same turn as the read's answer: one macrotask later it is done.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const at = await Promise.race([received, sleep(5_000).then(() => NaN)]);
    if (Number.isNaN(at)) {
      const view = this.kiosk.services.lanes.list()[lane];
      throw new Error(`lane ${LANES[lane]}: no relay command for ${photo.plate}: ${view?.phase} ${JSON.stringify(view?.decision)} ${JSON.stringify(view?.lastRead)}`);
    }
    const decidedAt = this.pulseCalledAt.get(lane)!;
    const writtenAt = this.writtenAt.get(lane)!;
    await waitUntil(() => (this.confirmedAt.get(lane) ?? -1) >= decidedAt);
    return {
      settleToWritten: writtenAt - settlingPushAt,
      settleToReceived: at - settlingPushAt,
      firstToWritten: writtenAt - firstAt,
      decisionToWritten: writtenAt - decidedAt,
      decisionToConfirmed: this.confirmedAt.get(lane)! - decidedAt,
      decisionToReceived: at - decidedAt,
      framesRead,
    };
  }

  /** Every lane idle again (passage confirmed, settled), and the next car a new vehicle for anti-passback. */
  async settle(): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (this.kiosk.services.lanes.list().some((lane) => lane.phase !== 'idle')) {
      if (Date.now() > deadline) throw new Error(`lanes not idle within 30 s: ${JSON.stringify(this.kiosk.services.lanes.list().map((lane) => [lane.laneId, lane.phase, lane.barrier]))}`);
      await sleep(20);
    }
    this.kiosk.store.db.exec('DELETE FROM anti_passback');
  }

  /** ROUNDS of four cars arriving at the four lanes at the same moment. */
  async fourAtOnce(): Promise<CarTiming[][]> {
    const perLane: CarTiming[][] = LANES.map(() => []);
    for (let round = 0; round < ROUNDS; round++) {
      const cars = await Promise.all(LANES.map((_, lane) => this.car(lane, photos[(round * LANES.length + lane) % photos.length]!)));
      cars.forEach((timing, lane) => perLane[lane]!.push(timing));
      await this.settle();
    }
    return perLane;
  }

  async close(): Promise<void> {
    this.polling = false;
    await Promise.all(this.pollers);
    await this.kiosk.close();
    await Promise.all(this.boards.map((board) => board.close()));
    this.boardProcess.disconnect();
    await Promise.all(this.pairs.map((pair) => pair.close()));
  }
}

function figures(samples: CarTiming[]) {
  return {
    cars_settled_by_one_frame: samples.filter((s) => s.framesRead === 1).length,
    frame_to_bytes_written: summarise(samples.map((s) => s.settleToWritten)),
    first_frame_to_bytes_written: summarise(samples.map((s) => s.firstToWritten)),
    decision_to_bytes_written: summarise(samples.map((s) => s.decisionToWritten)),
    decision_to_write_confirmed: summarise(samples.map((s) => s.decisionToConfirmed)),
    frame_to_board_received: summarise(samples.map((s) => s.settleToReceived)),
    decision_to_board_received: summarise(samples.map((s) => s.decisionToReceived)),
  };
}

function fourLaneFigures(perLane: CarTiming[][]) {
  return {
    ...figures(perLane.flat()),
    per_lane_frame_to_bytes_written_p95_ms: perLane.map((samples) => summarise(samples.map((s) => s.settleToWritten)).p95_ms),
    per_lane_decision_to_bytes_written_p95_ms: perLane.map((samples) => summarise(samples.map((s) => s.decisionToWritten)).p95_ms),
    per_lane_decision_to_write_confirmed_p95_ms: perLane.map((samples) => summarise(samples.map((s) => s.decisionToConfirmed)).p95_ms),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'lotkeeper-bench-lanes-'));
try {
  const perLaneRig = await Rig.start(dir, 'board-per-lane');
  const single: CarTiming[] = [];
  for (let i = 0; i < photos.length; i++) {
    single.push(await perLaneRig.car(0, photos[i]!));
    await perLaneRig.settle();
  }
  progress(`one lane: ${JSON.stringify(figures(single).frame_to_bytes_written)}`);
  const fourBoards = fourLaneFigures(await perLaneRig.fourAtOnce());
  progress(`four lanes, a board each: ${JSON.stringify(fourBoards.frame_to_bytes_written)}`);
  const permitted = perLaneRig.kiosk.store.db.prepare("SELECT count(*) AS n FROM sessions WHERE entry_code = 'open_permit'").get() as { n: number };
  await perLaneRig.close();
  const sharedRig = await Rig.start(dir, 'shared-board');
  const oneBoard = fourLaneFigures(await sharedRig.fourAtOnce());
  progress(`four lanes, one shared board: ${JSON.stringify(oneBoard.frame_to_bytes_written)}`);
  await sharedRig.close();
  const busRig = await Rig.start(dir, 'shared-bus');
  const sharedBus = fourLaneFigures(await busRig.fourAtOnce());
  progress(`four lanes, one bus of two boards at 9600 8E1: ${JSON.stringify(sharedBus.frame_to_bytes_written)}, confirmed ${JSON.stringify(sharedBus.decision_to_write_confirmed)}`);
  await busRig.close();
  console.log(
    JSON.stringify({
      bench: 'lanes',
      photos_read_right: photos.length,
      one_lane: figures(single),
      four_lanes_board_each: fourBoards,
      four_lanes_one_shared_board: oneBoard,
      four_lanes_shared_bus_two_boards_9600_8e1_polling: sharedBus,
      shared_bus_line_timing: PTY_LINE_TIMING_8E1,
      sessions_opened_by_permit: permitted.n,
      reader_startup_ms: Math.round(real.startupMs),
      load_average_1m: Math.round(loadavg()[0]! * 100) / 100,
      machine: machine(),
    }),
  );
} finally {
  await real.close();
  rmSync(dir, { recursive: true, force: true });
}
