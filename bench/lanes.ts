/**
 * Lanes from camera frame to relay command, with the real plate reader and the real relay driver: labelled photos
 * of ../shared/alpr are the camera frames of permit holders at entry lanes; the kiosk (real SQLite, lane service,
 * rules, session commit) decides; the Modbus driver writes the coil command on a socat pty, and the board simulators
 * on the far ends, in their own process as real boards are their own devices, timestamp each command frame when it
 * has arrived (on CLOCK_MONOTONIC, which both processes share).
 *
 * Figures, each from the lane's pulse() call or a frame to two ends: the command's bytes written on the pty (the
 * driver's onWrite, the measure) and the command received by the board (adds socat's copy and the board
 * process's wake-up, on the same two cores). "frame" is the frame that settled the vote (the first one for a read
 * sure of every character, else the next, pushed as a camera would once the previous one was read); "first frame"
 * the vehicle's first. For one lane alone, for four lanes with cars arriving at the same moment (one plate reader
 * shared by all lanes, as on the booth PC) each on its own board, and for four lanes sharing one 4-channel board,
 * where Modbus, a half-duplex bus, sends one command at a time: each waits for the previous one's reply.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKiosk, DEMO_SITE_FILE } from '../electron/kiosk/kiosk';
import { decodeImage } from '../native/alpr/image/decode';
import { listLabelled } from '../native/alpr/evaluate';
import { findAppRoot } from '../native/alpr/models';
import { OnnxPlateReader } from '../native/alpr/onnx-reader';
import type { Frame, FrameReading } from '../native/alpr/reader';
import { createRelayBoard, type RelayBoard } from '../native/relay';
import { fork, type ChildProcess } from 'node:child_process';
import { openPtyPair, type PtyPair } from '../native/relay/simulators/pty-pair';
import { machine, summarise } from './lib/measure';

const DATA = process.env['ALPR_DATA'] ?? join(findAppRoot(), '..', 'shared', 'alpr');
const PHOTOS = Number(process.env['BENCH_LANES_PHOTOS'] ?? 40);
const ROUNDS = Number(process.env['BENCH_LANES_ROUNDS'] ?? 10);
const LANES = ['e1', 'e2', 'e3', 'e4'] as const;
const progress = (text: string) => process.stderr.write(`[bench lanes] ${text}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Photos the reader reads right: those are the permit holders (a misread car would go to the attendant instead). */
async function readablePhotos(reader: OnnxPlateReader): Promise<Array<{ frame: Omit<Frame, 'capturedAt'>; plate: string }>> {
  const found: Array<{ frame: Omit<Frame, 'capturedAt'>; plate: string }> = [];
  for (const item of listLabelled(DATA)) {
    if (found.length >= PHOTOS) break;
    const image = await decodeImage(readFileSync(item.image));
    const reading = await reader.read({ ...image, capturedAt: 0 });
    if (reading.plates[0]?.text === item.plate && !found.some((f) => f.plate === item.plate)) found.push({ frame: image, plate: item.plate });
  }
  if (found.length < 8) throw new Error(`only ${found.length} photos under ${DATA} read right: need 8 (set ALPR_DATA)`);
  return found;
}

type Topology = 'board-per-lane' | 'shared-board';
/** Where lane i's barrier relay is: which board, which channel. */
const relayOf = (topology: Topology, lane: number) => (topology === 'board-per-lane' ? { board: lane, channel: 1 } : { board: 0, channel: lane + 1 });
const laneOf = (topology: Topology, board: number, channel: number) => (topology === 'board-per-lane' ? board : channel - 1);

/** The demo site with four sensorless entry lanes, each holder of a permit, wired as `topology` says. */
function benchSite(dir: string, plates: readonly string[], topology: Topology): string {
  const site = JSON.parse(readFileSync(DEMO_SITE_FILE(), 'utf8')) as Record<string, unknown> & { layout: { lanes: unknown[] } };
  const boardIds = topology === 'board-per-lane' ? LANES.map((id) => `board-${id}`) : ['board-shared'];
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
const readDone = new Map<Frame, () => void>();
const reader = {
  async read(frame: Frame): Promise<FrameReading> {
    const reading = await real.read(frame);
    readDone.get(frame)?.();
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
  decisionToReceived: number;
  framesRead: number;
}

/** The kiosk with its boards, each on a socat pty whose far end is a board simulator in the board process. */
class Rig {
  readonly pulseCalledAt = new Map<number, number>();
  readonly writtenAt = new Map<number, number>();
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
    const pairs = await Promise.all((topology === 'board-per-lane' ? LANES : ['shared']).map((name) => openPtyPair(dir, `${topology}-${name}`)));
    const boardProcess = fork(join(import.meta.dirname, 'lib', 'board-process.ts'), ['4', ...pairs.map((p) => p.board)], { execArgv: process.execArgv });
    await new Promise<void>((resolve, reject) => {
      boardProcess.once('message', () => resolve());
      boardProcess.once('exit', (code) => reject(new Error(`board process exited (${code})`)));
    });
    // The boards and the kiosk call back into the rig, which needs them to exist first.
    let rig: Rig | undefined; // eslint-disable-line prefer-const
    const boards = pairs.map((pair, index) =>
      createRelayBoard(
        { id: `board-${index}`, protocol: 'modbus', port: pair.kiosk, modbusAddress: 1, channels: 4, timeoutMs: 500 },
        { onWrite: (bytes) => rig?.noteWritten(index, bytes) },
      ),
    );
    const timed = (index: number) => ({
      pulse(channel: number, ms?: number) {
        rig?.pulseCalledAt.set(laneOf(topology, index, channel), monoMs());
        return boards[index]!.pulse(channel, ms);
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
        relay: (id) => timed(topology === 'board-per-lane' ? LANES.findIndex((lane) => id === `board-${lane}`) : 0),
        camera: (id) => (id === null ? null : (cameras.get(id) ?? null)),
        readerFor: async () => reader,
      },
    });
    rig = new Rig(topology, kiosk, cameras, boards, pairs, boardProcess);
    boardProcess.on('message', (m: { board?: number; channel?: number; on?: boolean; atMs?: number }) => {
      if (m.on && m.board !== undefined && m.channel !== undefined && m.atMs !== undefined) rig?.received.get(laneOf(topology, m.board, m.channel))?.(m.atMs);
    });
    return rig;
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
      const frame: Frame = { ...photo.frame, capturedAt: Date.now() };
      const read = new Promise<void>((resolve) => readDone.set(frame, resolve));
      settlingPushAt = monoMs();
      camera.push(frame);
      await read;
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
    return {
      settleToWritten: writtenAt - settlingPushAt,
      settleToReceived: at - settlingPushAt,
      firstToWritten: writtenAt - firstAt,
      decisionToWritten: writtenAt - decidedAt,
      decisionToReceived: at - decidedAt,
      framesRead,
    };
  }

  /** Every lane idle again (passage confirmed, settled), and the next car a new vehicle for anti-passback. */
  async settle(): Promise<void> {
    while (this.kiosk.services.lanes.list().some((lane) => lane.phase !== 'idle')) await sleep(20);
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
    frame_to_board_received: summarise(samples.map((s) => s.settleToReceived)),
    decision_to_board_received: summarise(samples.map((s) => s.decisionToReceived)),
  };
}

function fourLaneFigures(perLane: CarTiming[][]) {
  return {
    ...figures(perLane.flat()),
    per_lane_frame_to_bytes_written_p95_ms: perLane.map((samples) => summarise(samples.map((s) => s.settleToWritten)).p95_ms),
    per_lane_decision_to_bytes_written_p95_ms: perLane.map((samples) => summarise(samples.map((s) => s.decisionToWritten)).p95_ms),
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
  console.log(
    JSON.stringify({
      bench: 'lanes',
      photos_read_right: photos.length,
      one_lane: figures(single),
      four_lanes_board_each: fourBoards,
      four_lanes_one_shared_board: oneBoard,
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
