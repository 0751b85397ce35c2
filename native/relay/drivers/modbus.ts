/**
 * Modbus RTU relay/IO modules, driven through their register map (register-map.ts): a relay is a coil (05/0F,
 * confirmed by the slave's echo of address, coil and value, which per the spec comes after the write was applied)
 * or a holding register taking a command word (06/10, confirmed the same way). Inputs come from discrete inputs,
 * coils, input registers or the bits of a holding register.
 *
 * Before the first write after every open, the board reads its first relay's state: a read's echo can never pass
 * for its reply, so an adapter that echoes what it sends (which would make every write look confirmed with no
 * board at all) is found out, and a board that does not answer is on its tile before a lane needs it.
 * A timeout or a CRC error is retried once; the error that remains says what to check.
 */
import { decodeModbusReply, encodeModbusRequest, type ModbusReadFunction, type ModbusReply, type ModbusRequest } from '../codecs/modbus';
import type { BusLease } from '../bus';
import { modbusMapOf, type RelayBoardConfig, serialSettingsText } from '../config';
import { withoutBoard, type Requester } from '../exchange';
import type { ModbusInputMap, ModbusMap } from '../register-map';
import { relayWords } from '../register-map';
import { RelayError, type RelayHealth } from '../relay';
import { SerialRelayBoard } from './base';

/** Longest reply we accept (16 registers read is 37 bytes); anything past this is a flood. */
export const MODBUS_MAX_REPLY = 64;

/** Errors a second try may cure: a lost or corrupted reply (line noise). */
const RETRIED = new Set(['timeout', 'bad-crc']);

export class ModbusRelayBoard extends SerialRelayBoard {
  readonly readInputs?: () => Promise<boolean[]>;
  private readonly unit: number;
  private readonly map: ModbusMap;
  /** The link generation whose line this board checked (see above); -1: not checked yet. */
  private checkedGeneration = -1;
  /** Requests that fail without touching the tile: the tile hears the explained error of the last try. */
  private readonly quietly: Requester;

  constructor(config: RelayBoardConfig, bus: BusLease) {
    super(config, bus);
    this.unit = config.modbusAddress ?? 1;
    this.map = modbusMapOf(config);
    this.quietly = { ...this.requester, noteError: () => undefined };
    const inputs = this.map.inputs;
    if (config.inputs > 0 && inputs) {
      this.readInputs = () => {
        this.checkOpen();
        return this.exchange.serial(() => this.readInputBits(inputs, config.inputs), 'poll');
      };
    }
    if (this.link.isOpen()) this.checkSoon(); // a bus another board opened already
  }

  protected override portChanged(health: RelayHealth): void {
    if (health.connected) this.checkSoon();
  }

  /** Checks the line as a poll, so the tile knows before a lane needs the board (a write checks first anyway). */
  private checkSoon(): void {
    const unlessChecked = () => (this.checkedGeneration === this.link.generation ? Promise.resolve() : this.checkLine());
    void this.exchange.serial(unlessChecked, 'poll').catch(() => undefined);
  }

  /** Relay states as the board reports them (01 for coils, 03 for registers), for diagnostics and the settings screen. */
  readRelays(): Promise<boolean[]> {
    this.checkOpen();
    return this.exchange.serial(() => this.readRelayStates(), 'poll');
  }

  protected async switchRelay(channel: number, on: boolean): Promise<void> {
    if (this.checkedGeneration !== this.link.generation) await this.checkLine();
    await this.transact(this.writeRequest(channel, on));
  }

  private writeRequest(channel: number, on: boolean): ModbusRequest {
    const { relays } = this.map;
    const at = relays.addresses[channel - 1]!;
    const value = on ? relayWords(relays).on : relayWords(relays).off;
    if (relays.kind === 'coil') return relays.write === 'single' ? { address: this.unit, fn: 5, coil: at, on } : { address: this.unit, fn: 15, start: at, bits: [on] };
    return relays.write === 'single' ? { address: this.unit, fn: 6, register: at, value } : { address: this.unit, fn: 16, start: at, values: [value] };
  }

  /** Reads the first relay's state: only a board can answer that (an echo cannot), so writes are trusted after it. */
  private async checkLine(): Promise<void> {
    const { relays } = this.map;
    const fn = relays.kind === 'coil' ? 1 : 3;
    try {
      await this.transact({ address: this.unit, fn, start: relays.addresses[0]!, count: 1 });
    } catch (error) {
      const why = error instanceof RelayError ? withoutBoard(error) : String(error);
      const code = error instanceof RelayError ? error.code : 'not-confirmed';
      const message = `not trusting writes yet: the check read before them failed: ${why}`;
      this.note(message);
      throw new RelayError(code, message, this.id);
    }
    // The read waited for the port to open; a drop since would have failed it, so this generation is the one read.
    this.checkedGeneration = this.link.generation;
  }

  private async readRelayStates(): Promise<boolean[]> {
    const { relays } = this.map;
    const words = relayWords(relays);
    const first = Math.min(...relays.addresses);
    const count = Math.max(...relays.addresses) - first + 1;
    const reply = await this.read(relays.kind === 'coil' ? 1 : 3, first, count);
    // R4D3B16-style boards read 1/0 though they are written command words: anything but 0 and the off word is on.
    return relays.addresses.map((at) => ('bits' in reply ? reply.bits[at - first]! : reply.words[at - first]! !== 0 && reply.words[at - first]! !== words.off));
  }

  private async readInputBits(inputs: ModbusInputMap, count: number): Promise<boolean[]> {
    switch (inputs.source) {
      case 'discrete':
      case 'coil': {
        const reply = await this.read(inputs.source === 'discrete' ? 2 : 1, inputs.start, count);
        return 'bits' in reply ? reply.bits : [];
      }
      case 'input-register': {
        const reply = await this.read(4, inputs.start, count);
        return 'words' in reply ? reply.words.map((value) => value !== 0) : [];
      }
      case 'holding-bits': {
        const reply = await this.read(3, inputs.start, Math.ceil(count / 16));
        const words = 'words' in reply ? reply.words : [];
        return Array.from({ length: count }, (_, i) => ((words[i >> 4]! >> (i & 15)) & 1) === 1);
      }
    }
  }

  private async read(fn: ModbusReadFunction, start: number, count: number): Promise<{ bits: boolean[] } | { words: number[] }> {
    return (await this.transact({ address: this.unit, fn, start, count })) as { bits: boolean[] } | { words: number[] };
  }

  /** One request, tried again once after a timeout or CRC error; the error that remains says what to check. */
  private async transact(request: ModbusRequest): Promise<ModbusReply> {
    const bytes = encodeModbusRequest(request);
    const refuseEcho = request.fn <= 4;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.exchange.request(bytes, (buffer) => decodeModbusReply(buffer, request), this.quietly, refuseEcho);
      } catch (error) {
        if (!(error instanceof RelayError)) throw error;
        if (attempt === 1 && RETRIED.has(error.code)) continue;
        const explained = new RelayError(error.code, `${withoutBoard(error)}${attempt > 1 ? ' (tried twice)' : ''}: ${this.hint(error)}`, this.id);
        if (error.code !== 'closed') this.note(withoutBoard(explained));
        throw explained;
      }
    }
  }

  /** What to check, from what was seen on the line. */
  private hint(error: RelayError): string {
    const settings = serialSettingsText(this.config);
    switch (error.code) {
      case 'timeout':
        return /half a reply/.test(error.message)
          ? `only part of a reply came: check the board runs at ${settings} (baud rate, parity) and the bus termination`
          : `unit ${this.unit} is silent: check the unit id set on the board, the A/B wiring and its power, and that it runs at ${settings}`;
      case 'bad-crc':
        return `replies arrive corrupted: check the board runs at ${settings} (baud rate, parity), the A/B wiring and the bus termination`;
      case 'garbage':
      case 'flood':
        return `bytes that are no Modbus reply: check the board runs at ${settings} (baud rate, parity), the A/B wiring, and that no other master is on the bus`;
      case 'wrong-address':
        return `another unit answered for unit ${this.unit}: set this board's unit id to the one on the board, and give each board on the bus its own`;
      case 'exception':
        return 'the board refused the request: check the register map (profile) is this board\'s';
      default:
        return 'check the board and its cable';
    }
  }
}
