/**
 * ASCII command boards (Numato-style). A relay command is confirmed twice: the board must echo the command, and a
 * `relay read` right after must report the state asked for (a board that echoes but did not switch is caught).
 * Inputs are read with `gpio read n`, one per input.
 */
import { type AsciiCommand, decodeAsciiReply, encodeAscii, parseAsciiState } from '../codecs/ascii';
import type { RelayBoardConfig } from '../config';
import { RelayError } from '../relay';
import type { BusLease } from '../bus';
import { SerialRelayBoard } from './base';

export class AsciiRelayBoard extends SerialRelayBoard {
  readonly readInputs?: () => Promise<boolean[]>;

  constructor(config: RelayBoardConfig, bus: BusLease) {
    super(config, bus);
    if (config.inputs > 0) {
      this.readInputs = () => {
        this.checkOpen();
        return this.exchange.serial(async () => {
          const states: boolean[] = [];
          for (let index = 0; index < config.inputs; index++) states.push(await this.readState({ kind: 'gpio', action: 'read', index }));
          return states;
        }, 'poll');
      };
    }
  }

  protected async switchRelay(channel: number, on: boolean): Promise<void> {
    const index = channel - 1;
    const command: AsciiCommand = { kind: 'relay', action: on ? 'on' : 'off', index };
    await this.exchange.request(encodeAscii(command), (buffer) => decodeAsciiReply(buffer, command), this.requester);
    const state = await this.readState({ kind: 'relay', action: 'read', index });
    if (state !== on) {
      const message = `channel ${channel}: board echoed "relay ${on ? 'on' : 'off'}" but reads back ${state ? 'on' : 'off'}`;
      this.note(message);
      throw new RelayError('not-confirmed', message, this.id);
    }
  }

  private async readState(command: AsciiCommand): Promise<boolean> {
    const answer = await this.exchange.request(encodeAscii(command), (buffer) => decodeAsciiReply(buffer, command), this.requester);
    const state = parseAsciiState(answer, `${command.kind} read ${command.index}`);
    if (state.kind !== 'reply') {
      const message = state.kind === 'error' ? state.message : 'no state';
      this.note(message);
      throw new RelayError('not-confirmed', message, this.id);
    }
    return state.value;
  }
}
