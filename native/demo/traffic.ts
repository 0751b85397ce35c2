/**
 * The demo site's traffic: cars arrive at the entry lanes, stand on the loop until the barrier opens (or give up),
 * drive through, stay a while and leave by an exit lane. The barrier follows its relay on the simulated board: the
 * relay closing opens the barrier (barrier input on), the car clears the loop, the barrier comes down again.
 * Everything the kiosk sees comes through the real paths: camera frames, the board's inputs over the serial line.
 */
import type { BoardSimulator } from '../relay/simulators/board';
import type { DemoCamera, DemoCar } from './demo-camera';

export interface DemoLane {
  readonly laneId: string;
  readonly direction: 'entry' | 'exit';
  readonly camera: DemoCamera;
  /** Relay channel (from 1) that opens this lane's barrier. */
  readonly channel: number;
  /** Board inputs (from 0): presence loop and barrier-open sensor. */
  readonly loopInput: number;
  readonly barrierInput: number;
}

export interface TrafficOptions {
  /** Mean time between arrivals at each entry lane. */
  readonly arrivalEveryMs: number;
  /** How long a car stays, chosen uniformly in this range. */
  readonly stayMs: readonly [number, number];
  /** A car nobody lets through drives away after this long. */
  readonly giveUpMs: number;
  /** Plates that come back often (permit holders, a listed car) besides random visitors. */
  readonly regulars: readonly string[];
  readonly random: () => number;
  readonly now: () => number;
}

interface LaneTraffic {
  car: DemoCar | null;
  since: number;
  passing: boolean;
  nextArrival: number;
}

const COLOURS = ['#2f6fb5', '#b53a2f', '#3f8f4f', '#7a7a7a', '#d9d9d9', '#1c1c1c', '#8a5a2b'];
const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXY';

export class DemoTraffic {
  private readonly lanes = new Map<string, LaneTraffic>();
  private readonly inside: Array<{ car: DemoCar; leaveAt: number }> = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly timeouts = new Set<NodeJS.Timeout>();

  constructor(
    private readonly board: BoardSimulator,
    private readonly demoLanes: readonly DemoLane[],
    private readonly options: TrafficOptions,
  ) {
    const now = options.now();
    for (const lane of demoLanes) this.lanes.set(lane.laneId, { car: null, since: now, passing: false, nextArrival: now + this.gap() });
    board.onRelayChange = (channel, on) => {
      const lane = demoLanes.find((l) => l.channel === channel);
      if (lane && on) this.barrierOpens(lane);
    };
  }

  start(tickMs = 500): void {
    this.timer ??= setInterval(() => this.tick(), tickMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const timeout of this.timeouts) clearTimeout(timeout);
    this.timeouts.clear();
    this.board.onRelayChange = null;
  }

  private tick(): void {
    const now = this.options.now();
    for (const lane of this.demoLanes) {
      const traffic = this.lanes.get(lane.laneId)!;
      if (traffic.car && !traffic.passing && now - traffic.since > this.options.giveUpMs) this.driveAway(lane, traffic);
      if (traffic.car || now < traffic.nextArrival) continue;
      const car = lane.direction === 'entry' ? this.visitor() : this.leaver(now);
      if (car) void this.arrive(lane, traffic, car, now);
    }
  }

  private async arrive(lane: DemoLane, traffic: LaneTraffic, car: DemoCar, now: number): Promise<void> {
    traffic.car = car;
    traffic.since = now;
    await lane.camera.show(car);
    this.board.inputs[lane.loopInput] = true;
  }

  private barrierOpens(lane: DemoLane): void {
    const traffic = this.lanes.get(lane.laneId)!;
    this.later(300, () => (this.board.inputs[lane.barrierInput] = true));
    if (!traffic.car || traffic.passing) {
      // A manual open with nobody there: the barrier just goes up and comes down again.
      this.later(3_000, () => (this.board.inputs[lane.barrierInput] = false));
      return;
    }
    traffic.passing = true;
    this.later(1_500, () => {
      const car = traffic.car;
      this.clearLane(lane, traffic);
      if (car && lane.direction === 'entry') this.inside.push({ car, leaveAt: this.options.now() + this.stay() });
    });
  }

  private driveAway(lane: DemoLane, traffic: LaneTraffic): void {
    const car = traffic.car;
    this.clearLane(lane, traffic);
    // A car refused at the exit is still inside: it tries again later (the attendant may have sorted it out).
    if (car && lane.direction === 'exit') this.inside.push({ car, leaveAt: this.options.now() + this.options.giveUpMs });
  }

  private clearLane(lane: DemoLane, traffic: LaneTraffic): void {
    this.board.inputs[lane.loopInput] = false;
    void lane.camera.show(null);
    traffic.car = null;
    traffic.passing = false;
    traffic.nextArrival = this.options.now() + this.gap();
    this.later(1_500, () => (this.board.inputs[lane.barrierInput] = false));
  }

  private visitor(): DemoCar {
    const { random, regulars } = this.options;
    const regular = regulars.length > 0 && random() < 0.3 ? regulars[Math.floor(random() * regulars.length)] : undefined;
    const plate = regular ?? this.randomPlate();
    // One car in seven has a dirty plate: the read is unsure and the attendant confirms it.
    return { plate, colour: COLOURS[Math.floor(random() * COLOURS.length)]!, readConfidence: random() < 1 / 7 ? 0.62 : 0.96 };
  }

  private leaver(now: number): DemoCar | null {
    const index = this.inside.findIndex((entry) => entry.leaveAt <= now);
    if (index < 0) return null;
    return this.inside.splice(index, 1)[0]!.car;
  }

  private randomPlate(): string {
    const letter = () => LETTERS[Math.floor(this.options.random() * LETTERS.length)]!;
    const digits = String(10 + Math.floor(this.options.random() * 90));
    return `${letter()}${letter()}${digits} ${letter()}${letter()}${letter()}`;
  }

  private gap(): number {
    return this.options.arrivalEveryMs * (0.5 + this.options.random());
  }

  private stay(): number {
    const [min, max] = this.options.stayMs;
    return min + this.options.random() * (max - min);
  }

  private later(ms: number, work: () => void): void {
    const timeout = setTimeout(() => {
      this.timeouts.delete(timeout);
      work();
    }, ms);
    this.timeouts.add(timeout);
  }
}
