/**
 * The fault campaign's hazards besides the kill: the relay board's serial cable pulled and put back (a real socat
 * pty pair closed and opened again on the same link paths, the board simulated in the campaign's process so it
 * outlives the kiosk and counts every relay that moved), and a small disk (tmpfs) filled and freed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModbusSimulator } from '../../native/relay/simulators/modbus';
import { openPtyPair, type PtyPair } from '../../native/relay/simulators/pty-pair';
import { hostSimulator, type HostedSimulator } from '../../native/relay/simulators/serial-host';
import { mountSmallDisk, unmountSmallDisk, type SmallDisk } from '../../test/support/tmpfs';

export class RelayLine {
  readonly board = new ModbusSimulator(1, 4, 8);
  unplugs = 0;
  private pair: PtyPair | null = null;
  private host: HostedSimulator | null = null;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(private readonly dir: string) {}

  static async open(): Promise<RelayLine> {
    const line = new RelayLine(mkdtempSync(join(tmpdir(), 'lotkeeper-faults-relay-')));
    await line.plug();
    return line;
  }

  /** The kiosk's end of the cable: the same path after every replug. */
  get port(): string {
    return join(this.dir, 'relay-kiosk');
  }

  /** Pulls the cable `times` times at random moments, each a random 0.5x..1.5x of `everyMs` apart, out for 50-300 ms. */
  unplugRepeatedly(times: number, everyMs: number, random: () => number): void {
    const next = () => {
      if (this.closed || this.unplugs >= times) return;
      this.timer = setTimeout(() => void this.bounce(random).then(next), everyMs * (0.5 + random()));
    };
    next();
  }

  /**
   * Times the channel's relay moved from off to on. A command the driver sent again (its reply lost as the cable
   * went) is applied again by the board but moves nothing: it is not another pulse.
   */
  pulses(channel: number): number {
    let on = false;
    let moves = 0;
    for (const change of this.board.changes.filter((c) => c.channel === channel)) {
      if (change.on && !on) moves++;
      on = change.on;
    }
    return moves;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.unplug();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async bounce(random: () => number): Promise<void> {
    if (this.closed) return;
    await this.unplug();
    this.unplugs++;
    await new Promise((resolve) => setTimeout(resolve, 50 + random() * 250));
    if (!this.closed) await this.plug();
  }

  private async plug(): Promise<void> {
    this.pair = await openPtyPair(this.dir, 'relay');
    this.host = await hostSimulator(this.board, this.pair.board);
  }

  /** The board's end closes first: serialport can spin on a hung-up pty. */
  private async unplug(): Promise<void> {
    await this.host?.close();
    await this.pair?.close();
    this.host = null;
    this.pair = null;
  }
}

/** The kiosk's data folder on a tmpfs of its own, filled and freed by the campaign. */
export class CampaignDisk {
  fills = 0;
  private full = false;

  private constructor(private readonly disk: SmallDisk) {}

  static mount(sizeMb: number): CampaignDisk {
    return new CampaignDisk(mountSmallDisk(mkdtempSync(join(tmpdir(), 'lotkeeper-faults-disk-')), sizeMb * 1024));
  }

  get dir(): string {
    return this.disk.dir;
  }

  fill(): void {
    if (this.full) return;
    this.disk.fill();
    this.full = true;
    this.fills++;
  }

  free(): void {
    this.disk.free();
    this.full = false;
  }

  unmount(): void {
    unmountSmallDisk(this.disk.dir);
    rmSync(this.disk.dir, { recursive: true, force: true });
  }
}
