/**
 * CH340-family and text-command relay boards, each spoken to in its profile's dialect (serial-profiles.ts).
 *
 * What "confirmed" means follows what the board can say. A board that never answers (LCUS, HW-667): the command
 * was written and drained to the port, which proves the adapter took the bytes, not that the relay moved; the lane
 * relies on a barrier-open input to know, and the unplug is still noticed at once (the USB adapter goes with the
 * module). A board that answers (Numato's echo, KinCony's ",OK") must answer the command; and where its relays can
 * be read (Numato, KinCony, KMtronic), the relay must read back in the state asked for, so a board that took the
 * command but did not switch is caught.
 *
 * Echo: a KMtronic status reply is byte for byte an on/off command, so an adapter echoing a write would pass for
 * the read-back. Where a read's echo is not a reply (`refuseEcho`), the board reads its first relay after every
 * open before the first write, and the exchange refuses the request's own bytes coming back: writes are refused
 * ("not trusting writes yet") until a board, not an echo, has answered.
 */
import type { BusLease } from '../bus';
import { dialectOf, type RelayBoardConfig, serialSettingsText } from '../config';
import { hex } from '../codecs/decode';
import { withoutBoard } from '../exchange';
import { RelayError, type RelayHealth } from '../relay';
import type { Query, SerialDialect } from '../serial-profiles';
import { SerialRelayBoard } from './base';

export class DialectRelayBoard extends SerialRelayBoard {
  readonly readInputs?: () => Promise<boolean[]>;
  private readonly dialect: SerialDialect;
  /** The link generation whose line was checked for an echo (see above); -1: not yet. */
  private checkedGeneration = -1;

  constructor(config: RelayBoardConfig, bus: BusLease) {
    super(config, bus);
    this.dialect = dialectOf(config);
    const { readInputs } = this.dialect;
    if (config.inputs > 0 && readInputs) {
      this.readInputs = () => {
        this.checkOpen();
        return this.exchange.serial(async () => {
          const states: boolean[] = [];
          for (const query of readInputs(config.inputs)) states.push(...(await this.ask(query)));
          return states;
        }, 'poll');
      };
    }
    if (this.link.isOpen()) this.checkSoon();
  }

  protected override portChanged(health: RelayHealth): void {
    if (health.connected) this.checkSoon();
  }

  /** The echo check as a poll on every open, so the tile knows before a lane needs the board. */
  private checkSoon(): void {
    if (!this.echoCheck()) return;
    const unlessChecked = () => (this.checkedGeneration === this.link.generation ? Promise.resolve() : this.checkLine());
    void this.exchange.serial(unlessChecked, 'poll').catch(() => undefined);
  }

  /** A read whose echo can never pass for its answer, where the dialect has one. */
  private echoCheck() {
    const read = this.dialect.readRelay?.(1, this.config.channels);
    return read?.refuseEcho ? read : null;
  }

  private async checkLine(): Promise<void> {
    const read = this.echoCheck();
    if (!read) return;
    try {
      await this.ask(read);
    } catch (error) {
      const why = error instanceof RelayError ? withoutBoard(error) : String(error);
      const message = `not trusting writes yet: the check read before them failed: ${why}`;
      this.note(message);
      throw new RelayError(error instanceof RelayError ? error.code : 'not-confirmed', message, this.id);
    }
    this.checkedGeneration = this.link.generation;
  }

  protected async switchRelay(channel: number, on: boolean): Promise<void> {
    if (this.checkedGeneration !== this.link.generation) await this.checkLine();
    const command = this.dialect.switchRelay(channel, on, this.config.channels);
    if ('decode' in command) await this.ask(command);
    else await this.exchange.send(command.bytes, this.requester);
    if (!this.dialect.readRelay) return;
    const state = await this.ask(this.dialect.readRelay(channel, this.config.channels));
    if (state !== on) {
      const message = `channel ${channel}: the board took "${on ? 'on' : 'off'}" but its relay reads back ${state ? 'on' : 'off'} (a stuck relay, or another channel wired)`;
      this.note(message);
      throw new RelayError('not-confirmed', message, this.id);
    }
  }

  /** One request; the error says what to check, from what was seen on the line. */
  private async ask<T>(query: Query<T>): Promise<T> {
    try {
      return await this.exchange.request(query.bytes, (buffer) => query.decode(buffer), this.requester, query.refuseEcho);
    } catch (error) {
      if (!(error instanceof RelayError) || error.code === 'closed' || error.code === 'unplugged') throw error;
      const explained = new RelayError(error.code, `${withoutBoard(error)}: ${this.hint(error, query)}`, this.id);
      this.note(withoutBoard(explained));
      throw explained;
    }
  }

  private hint(error: RelayError, query: Query<unknown>): string {
    const settings = serialSettingsText(this.config);
    switch (error.code) {
      case 'timeout':
        if (error.message.includes(`half a reply (${hex(query.bytes)})`)) {
          return 'only the command itself came back: the adapter echoes and no board answers; check the board\'s power and cable, and turn the adapter\'s echo off';
        }
        return /half a reply/.test(error.message)
          ? `only part of an answer came: check the board runs at ${settings}`
          : `the board is silent: check it is a ${this.dialect.title} (the profile), that it runs at ${settings}, its power and cable`;
      case 'garbage':
      case 'flood':
        return `bytes that are no answer of a ${this.dialect.title}: check the profile and that the board runs at ${settings}`;
      case 'echo':
        return 'check the adapter (local echo off) and that the board is powered';
      default:
        return `check the profile (${this.dialect.title}) is this board's`;
    }
  }
}
