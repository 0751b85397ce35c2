/**
 * What every serial relay driver shares: the link (connection, health, reconnect), the command queue, argument
 * checks, and the pulse as two confirmed commands (on, wait, off). Subclasses say how one relay is switched and
 * confirmed, and how inputs are read where the board has them.
 */
import type { RelayBoardConfig } from '../config';
import type { PortLister } from '../discovery';
import { Exchange } from '../exchange';
import { SerialLink } from '../link';
import { type RelayBoard, RelayError, type RelayHealth } from '../relay';

export interface DriverOptions {
  lister: PortLister;
  reconnect: { initialMs: number; maxMs: number };
  presenceMs: number;
  now: () => number;
  quietMs: number;
  onWrite?: (bytes: Uint8Array) => void;
}

export abstract class SerialRelayBoard implements RelayBoard {
  readonly id: string;
  protected readonly link: SerialLink;
  protected readonly exchange: Exchange;
  private closed = false;

  constructor(
    protected readonly config: RelayBoardConfig,
    options: DriverOptions,
    maxReplyBytes: number,
  ) {
    this.id = config.id;
    this.link = new SerialLink({ id: config.id, port: config.port, baudRate: config.baudRate, lister: options.lister, reconnect: options.reconnect, presenceMs: options.presenceMs, now: options.now, ...(options.onWrite ? { onWrite: options.onWrite } : {}) });
    this.exchange = new Exchange(this.link, { id: config.id, timeoutMs: config.timeoutMs, quietMs: options.quietMs, maxReplyBytes, now: options.now });
    this.link.start();
  }

  /** Switches one relay (channel 1-based, already checked) and resolves only once the protocol confirmed it. */
  protected abstract switchRelay(channel: number, on: boolean): Promise<void>;

  async pulse(channel: number, ms: number = this.config.pulseMs): Promise<void> {
    this.checkOpen();
    this.checkChannel(channel);
    if (!Number.isFinite(ms) || ms < 1 || ms > 60_000) throw new RelayError('invalid-argument', `pulse length must be 1..60000 ms, got ${ms}`, this.id);
    // On and off are separate queued commands so input reads are not held up for the length of the pulse.
    await this.exchange.serial(() => this.switchRelay(channel, true));
    await new Promise((resolve) => setTimeout(resolve, ms));
    try {
      await this.exchange.serial(() => this.switchRelay(channel, false));
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
    await this.exchange.serial(() => this.switchRelay(channel, on));
  }

  health(): RelayHealth {
    return this.link.health();
  }

  onHealth(listener: (health: RelayHealth) => void): () => void {
    return this.link.onHealth(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.exchange.fail(new RelayError('closed', 'board closed', this.id));
    await this.link.close();
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
