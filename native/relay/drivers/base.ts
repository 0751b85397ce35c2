/**
 * What every serial relay driver shares: its place on the port's bus (link and request queue, shared with the
 * other boards on an RS-485 line), its own health (the port's state plus this board's last command error),
 * argument checks, and the pulse as two confirmed commands (on, wait, off). Subclasses say how one relay is
 * switched and confirmed, and how inputs are read where the board has them.
 */
import type { BusLease } from '../bus';
import type { RelayBoardConfig } from '../config';
import type { Exchange, Requester } from '../exchange';
import type { SerialLink } from '../link';
import { type RelayBoard, RelayError, type RelayHealth } from '../relay';

export abstract class SerialRelayBoard implements RelayBoard {
  readonly id: string;
  protected readonly link: SerialLink;
  protected readonly exchange: Exchange;
  /** This board as the exchange's requester: its id, its timeout, its health tile. */
  protected readonly requester: Requester;
  private closed = false;
  /** The last command error of this board (the port's own errors are the link's). */
  private commandError: string | null = null;
  private readonly healthListeners = new Set<(health: RelayHealth) => void>();
  private shown: RelayHealth;
  private readonly stopLink: () => void;

  constructor(
    protected readonly config: RelayBoardConfig,
    private readonly bus: BusLease,
  ) {
    this.id = config.id;
    this.link = bus.link;
    this.exchange = bus.exchange;
    this.requester = { id: config.id, timeoutMs: config.timeoutMs, noteError: (message) => this.note(message), noteSuccess: () => this.note(null) };
    this.shown = this.health();
    this.stopLink = this.link.onHealth((health) => {
      // A port that (re)opened starts this board afresh, as a port of its own would.
      if (health.connected && !this.shown.connected) this.commandError = null;
      this.announce();
      this.portChanged(health);
    });
  }

  /** The port's health changed (opened, lost): for drivers that check the line on each open. */
  protected portChanged(_health: RelayHealth): void {}

  /** Switches one relay (channel 1-based, already checked) and resolves only once the protocol confirmed it. */
  protected abstract switchRelay(channel: number, on: boolean): Promise<void>;

  async pulse(channel: number, ms: number = this.config.pulseMs): Promise<void> {
    this.checkOpen();
    this.checkChannel(channel);
    if (!Number.isFinite(ms) || ms < 1 || ms > 60_000) throw new RelayError('invalid-argument', `pulse length must be 1..60000 ms, got ${ms}`, this.id);
    // On and off are separate queued commands so input reads are not held up for the length of the pulse.
    await this.switchQueued(channel, true);
    await new Promise((resolve) => setTimeout(resolve, ms));
    try {
      await this.switchQueued(channel, false);
    } catch (error) {
      // The barrier opened, but the relay may still be closed: the lane must raise an alarm, not report a pulse.
      const cause = error instanceof RelayError ? error : undefined;
      const why = (cause?.message ?? String(error)).replace(/^relay board '[^']*': /, '');
      throw new RelayError(cause?.code ?? 'not-confirmed', `channel ${channel} switched on, but switching it off was not confirmed (relay may be held): ${why}`, this.id);
    }
  }

  async set(channel: number, on: boolean): Promise<void> {
    this.checkOpen();
    this.checkChannel(channel);
    await this.switchQueued(channel, on);
  }

  /** A lane is about to decide a car: this bus's input polls wait a moment so its command finds the line free. */
  expectCommand(): () => void {
    return this.exchange.holdPolls();
  }

  private switchQueued(channel: number, on: boolean): Promise<void> {
    return this.exchange.serial(() => this.switchRelay(channel, on), on ? 'switch-on' : 'switch-off', `${this.id}/${channel}`);
  }

  health(): RelayHealth {
    const port = this.link.health();
    // While the port is away that is the news; while it is open, this board's own last command.
    return { ...port, lastError: port.connected ? (this.commandError ?? port.lastError) : (port.lastError ?? this.commandError) };
  }

  onHealth(listener: (health: RelayHealth) => void): () => void {
    this.healthListeners.add(listener);
    return () => this.healthListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopLink();
    this.healthListeners.clear();
    await this.bus.leave();
  }

  /** Records this board's command outcome for its health tile: an error, or null once a command went through. */
  protected note(error: string | null): void {
    this.commandError = error;
    this.announce();
  }

  private announce(): void {
    const next = this.health();
    const { shown } = this;
    if (next.connected === shown.connected && next.port === shown.port && next.lastError === shown.lastError && next.since === shown.since) return;
    this.shown = next;
    for (const listener of this.healthListeners) {
      try {
        listener({ ...next });
      } catch {
        // A broken listener (a console tile) must not stop the driver or the other listeners.
      }
    }
  }

  protected checkOpen(): void {
    if (this.closed) throw new RelayError('closed', 'board is closed', this.id);
  }

  private checkChannel(channel: number): void {
    if (!Number.isInteger(channel) || channel < 1 || channel > this.config.channels) {
      throw new RelayError('invalid-argument', `channel must be 1..${this.config.channels}, got ${channel}`, this.id);
    }
  }
}
