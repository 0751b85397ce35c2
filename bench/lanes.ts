/**
 * Lanes from camera frame to relay command, with the real plate reader and the real relay driver: labelled photos
 * of ../shared/alpr are the camera frames of permit holders at entry lanes; the kiosk (real SQLite, lane service,
 * rules, session commit) decides; the Modbus driver writes the coil command on a socat pty, and the board simulator
 * on the far end, in its own process as a real board is its own device, timestamps it when the command frame has
 * arrived (on CLOCK_MONOTONIC, which both processes share).
 *
 * Figures: frame -> relay command (from the frame that settles the vote: the first one for a read sure of every
 * character, else the next, pushed as a camera would once the previous frame was read; to the command received by
 * the board), the same from the vehicle's first frame,
 * decision -> command (the lane's pulse() call to the command received), for one lane alone and for four lanes
 * with cars arriving at the same moment (one plate reader shared by all lanes, as on the booth PC).
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
import { createRelayBoard } from '../native/relay';
import { fork } from 'node:child_process';
import { openPtyPair } from '../native/relay/simulators/pty-pair';
import { machine, summarise } from './lib/measure';

const DATA = process.env['ALPR_DATA'] ?? join(findAppRoot(), '..', 'shared', 'alpr');
const PHOTOS = Number(process.env['BENCH_LANES_PHOTOS'] ?? 40);
const ROUNDS = Number(process.env['BENCH_LANES_ROUNDS'] ?? 8);
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

/** The demo site with four sensorless entry lanes on one board, each holder of a permit. */
function benchSite(dir: string, plates: readonly string[]): string {
  const site = JSON.parse(readFileSync(DEMO_SITE_FILE(), 'utf8')) as Record<string, unknown> & { layout: { lanes: unknown[] } };
  site.layout.lanes = LANES.map((id, i) => ({ id, name: `Entry ${i + 1}`, direction: 'entry', zoneId: 'ground', camera: `cam-${id}`, relayChannel: i + 1 }));
  site['devices'] = [{ id: 'bench-board', kind: 'relay', config: { driver: 'demo', channels: 4, inputs: 0 } }, ...LANES.map((id) => ({ id: `cam-${id}`, kind: 'camera', config: { driver: 'demo' } }))];
  site['laneSettings'] = LANES.map((id) => ({ laneId: id, relayBoard: 'bench-board', camera: `cam-${id}` }));
  const validFrom = '2020-01-01', validUntil = '2099-12-31';
  site['access'] = [{ kind: 'permit', definition: { id: 'bench-fleet', kind: 'contract', holder: 'Bench fleet', plateKeys: plates.slice(0, 50), maxInside: 1000, validFrom, validUntil, zones: [], hours: [] } }];
  const file = join(dir, 'bench-site.json');
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

const dir = mkdtempSync(join(tmpdir(), 'lotkeeper-bench-lanes-'));
const pair = await openPtyPair(dir, 'bench');
// The board runs in its own process (a real board is its own device) and stamps each relay on the shared clock.
const boardProcess = fork(join(import.meta.dirname, 'lib', 'board-process.ts'), [pair.board, '4', '0'], { execArgv: process.execArgv });
await new Promise<void>((resolve, reject) => {
  boardProcess.once('message', () => resolve());
  boardProcess.once('exit', (code) => reject(new Error(`board process exited (${code})`)));
});
const board = createRelayBoard({ id: 'bench-board', protocol: 'modbus', port: pair.kiosk, modbusAddress: 1, channels: 4, timeoutMs: 500 });

const readDone = new Map<Frame, () => void>();
const reader = {
  async read(frame: Frame): Promise<FrameReading> {
    const reading = await real.read(frame);
    readDone.get(frame)?.();
    return reading;
  },
};
const pulseCalledAt = new Map<number, number>();
const commandAt = new Map<number, (atMs: number) => void>();
/** Milliseconds on CLOCK_MONOTONIC: comparable with the board process's stamps. */
const monoMs = () => Number(process.hrtime.bigint()) / 1e6;
const timedBoard = {
  pulse(channel: number, ms?: number) {
    pulseCalledAt.set(channel, monoMs());
    return board.pulse(channel, ms);
  },
  set: (channel: number, on: boolean) => board.set(channel, on),
  health: () => board.health(),
};
boardProcess.on('message', (message: { channel?: number; on?: boolean; atMs?: number }) => {
  if (message.on && message.channel !== undefined && message.atMs !== undefined) commandAt.get(message.channel)?.(message.atMs);
});
const cameras = new Map(LANES.map((id) => [`cam-${id}`, new BenchCamera()]));
const kiosk = await createKiosk({
  dataDir: join(dir, 'data'),
  logToFile: false,
  logLevel: 'warn',
  siteFile: benchSite(dir, photos.map((p) => p.plate)),
  devices: { relay: () => timedBoard, camera: (id) => (id === null ? null : (cameras.get(id) ?? null)), readerFor: async () => reader },
});

interface CarTiming {
  /** From the frame that settled the vote (the first, for a read sure of every character) to the command received. */
  settleToCommand: number;
  firstToCommand: number;
  decisionToCommand: number;
  framesRead: number;
}

/** One car at one lane: a frame, and another once that one was read (as a camera keeps sending), until the command. */
async function car(laneIndex: number, photo: (typeof photos)[number]): Promise<CarTiming> {
  const channel = laneIndex + 1;
  const camera = cameras.get(`cam-${LANES[laneIndex]}`)!;
  const commanded = new Promise<number>((resolve) => commandAt.set(channel, resolve));
  const firstAt = monoMs();
  const decided = () => (pulseCalledAt.get(channel) ?? -1) >= firstAt;
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
  const at = await Promise.race([commanded, sleep(5_000).then(() => NaN)]);
  if (Number.isNaN(at)) {
    const view = kiosk.services.lanes.list()[laneIndex];
    throw new Error(`lane ${LANES[laneIndex]}: no relay command for ${photo.plate}: ${view?.phase} ${JSON.stringify(view?.decision)} ${JSON.stringify(view?.lastRead)}`);
  }
  return { settleToCommand: at - settlingPushAt, firstToCommand: at - firstAt, decisionToCommand: at - pulseCalledAt.get(channel)!, framesRead };
}

/** Every lane idle again (passage confirmed, settled), and the next car a new vehicle for anti-passback. */
async function settle(): Promise<void> {
  while (kiosk.services.lanes.list().some((lane) => lane.phase !== 'idle')) await sleep(20);
  kiosk.store.db.exec('DELETE FROM anti_passback');
}

function figures(samples: CarTiming[]) {
  return {
    cars_settled_by_one_frame: samples.filter((s) => s.framesRead === 1).length,
    frame_to_command: summarise(samples.map((s) => s.settleToCommand)),
    first_frame_to_command: summarise(samples.map((s) => s.firstToCommand)),
    decision_to_command: summarise(samples.map((s) => s.decisionToCommand)),
  };
}

try {
  const single: CarTiming[] = [];
  for (let i = 0; i < Math.min(ROUNDS * 2, photos.length); i++) {
    single.push(await car(0, photos[i]!));
    await settle();
  }
  progress(`one lane: ${JSON.stringify(figures(single).frame_to_command)}`);
  const perLane: CarTiming[][] = LANES.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    const cars = await Promise.all(LANES.map((_, lane) => car(lane, photos[(round * LANES.length + lane) % photos.length]!)));
    cars.forEach((timing, lane) => perLane[lane]!.push(timing));
    await settle();
  }
  const four = figures(perLane.flat());
  progress(`four lanes: ${JSON.stringify(four.frame_to_command)}`);
  const sessions = kiosk.store.db.prepare("SELECT count(*) AS n FROM sessions WHERE entry_code = 'open_permit'").get() as { n: number };
  console.log(
    JSON.stringify({
      bench: 'lanes',
      photos_read_right: photos.length,
      one_lane: figures(single),
      four_lanes: { ...four, per_lane_frame_to_command_p95_ms: perLane.map((samples) => summarise(samples.map((s) => s.settleToCommand)).p95_ms) },
      sessions_opened_by_permit: sessions.n,
      reader_startup_ms: Math.round(real.startupMs),
      load_average_1m: Math.round(loadavg()[0]! * 100) / 100,
      machine: machine(),
    }),
  );
} finally {
  await kiosk.close();
  await board.close();
  boardProcess.disconnect();
  await pair.close();
  await real.close();
  rmSync(dir, { recursive: true, force: true });
}
