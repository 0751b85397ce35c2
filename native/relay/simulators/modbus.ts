/**
 * A Modbus RTU relay/IO module at one unit id, laid out by a register map (register-map.ts; the generic coils by
 * default): relays are its coils or its command-word registers, inputs (settable from the test) are where the map
 * says. Requests for other unit ids are ignored (a shared RS-485 bus); a request with a bad CRC is ignored, as a
 * real slave does; a function it does not implement is answered with exception 01, an address it does not have
 * with 02, a command word it does not know with 03, as real boards do. Faults: bad CRC, wrong address, exception,
 * plus the generic ones.
 */
import {
  decodeModbusRequest,
  encodeBitsReply,
  encodeException,
  encodeWordsReply,
  encodeWriteReply,
  type ModbusIncoming,
  type ModbusRequest,
  withCrc,
} from '../codecs/modbus';
import { MODBUS_PROFILES, type ModbusMap, relayWords } from '../register-map';
import { BoardSimulator } from './board';

const ILLEGAL_FUNCTION = 1;
const ILLEGAL_ADDRESS = 2;
const ILLEGAL_VALUE = 3;

/** A read's or write's outcome: the reply frame, or the exception code to answer with. */
type Outcome = Uint8Array | number;

export class ModbusSimulator extends BoardSimulator {
  private pending: Uint8Array = new Uint8Array(0);
  readonly badRequests: number[] = [];
  /** Every request this unit answered, in order (tests check what went on the wire). */
  readonly requests: ModbusRequest[] = [];
  readonly map: ModbusMap;

  constructor(
    readonly address = 1,
    channels = 8,
    inputs = 0,
    map?: ModbusMap,
  ) {
    super(channels, inputs);
    this.map = map ?? MODBUS_PROFILES['generic-coils'].map(channels);
  }

  protected handle(bytes: Uint8Array): void {
    const joined = new Uint8Array(this.pending.length + bytes.length);
    joined.set(this.pending);
    joined.set(bytes, this.pending.length);
    let at = 0;
    for (;;) {
      const result = decodeModbusRequest(joined.subarray(at));
      if (result.kind === 'incomplete') break;
      if (result.kind === 'reply') {
        this.execute(result.value);
        at += result.used;
      } else {
        this.badRequests.push(joined[at]!);
        at++; // resynchronise byte by byte, as a slave does after line noise
      }
    }
    this.pending = joined.slice(at);
  }

  private execute(request: ModbusIncoming): void {
    if (request.address !== this.address) return;
    if (request.fn === 'unsupported') return this.reply(encodeException(this.address, request.code, ILLEGAL_FUNCTION));
    if (this.fault === 'exception') return this.reply(encodeException(this.address, request.fn, 4));
    this.requests.push(request);
    const outcome = this.outcome(request);
    if (typeof outcome === 'number') return this.reply(encodeException(this.address, request.fn, outcome));
    let frame = outcome;
    if (this.fault === 'bad-crc') frame = Uint8Array.of(...frame.subarray(0, -1), frame[frame.length - 1]! ^ 0x5a);
    if (this.fault === 'wrong-address') frame = withCrc(Uint8Array.of((this.address % 247) + 1, ...frame.subarray(1, -2)));
    this.reply(frame);
  }

  private outcome(request: ModbusRequest): Outcome {
    switch (request.fn) {
      case 1:
      case 2:
      case 3:
      case 4: {
        const values = Array.from({ length: request.count }, (_, i) => this.readAt(request.fn, request.start + i));
        if (values.some((value) => value === null)) return ILLEGAL_ADDRESS;
        if (request.fn <= 2) return encodeBitsReply(this.address, request.fn as 1 | 2, values.map((value) => value !== 0));
        return encodeWordsReply(this.address, request.fn as 3 | 4, values as number[]);
      }
      case 5:
        return this.writeCoils(request.coil, [request.on]) ?? encodeWriteReply(request);
      case 15:
        return this.writeCoils(request.start, request.bits) ?? encodeWriteReply(request);
      case 6:
        return this.writeRegisters(request.register, [request.value]) ?? encodeWriteReply(request);
      case 16:
        return this.writeRegisters(request.start, request.values) ?? encodeWriteReply(request);
    }
  }

  /** The value at one address of a table (bits as 0/1), or null where the board has nothing. */
  private readAt(fn: 1 | 2 | 3 | 4, at: number): number | null {
    const { relays, inputs } = this.map;
    const relay = relays.addresses.indexOf(at);
    if (relay >= 0 && ((fn === 1 && relays.kind === 'coil') || (fn === 3 && relays.kind === 'register'))) return this.relays[relay] ? 1 : 0;
    if (!inputs) return null;
    const source = { 1: 'coil', 2: 'discrete', 3: 'holding-bits', 4: 'input-register' }[fn];
    if (inputs.source !== source) return null;
    if (source === 'holding-bits') {
      const word = at - inputs.start;
      if (word < 0 || word * 16 >= this.inputs.length) return null;
      return this.inputs.slice(word * 16, word * 16 + 16).reduce((sum, on, bit) => sum | (on ? 1 << bit : 0), 0);
    }
    const index = at - inputs.start;
    return index >= 0 && index < this.inputs.length ? (this.inputs[index] ? 1 : 0) : null;
  }

  /** Applies coil writes to the relays; an exception code when a coil is not a relay's. */
  private writeCoils(start: number, bits: boolean[]): number | null {
    const { relays } = this.map;
    const channels = bits.map((_, i) => (relays.kind === 'coil' ? relays.addresses.indexOf(start + i) + 1 : 0));
    if (channels.some((channel) => channel === 0)) return ILLEGAL_ADDRESS;
    channels.forEach((channel, i) => this.applyRelay(channel, bits[i]!));
    return null;
  }

  /** Applies command words to the relays; an exception code for a register that is no relay's or a word it does not know. */
  private writeRegisters(start: number, values: number[]): number | null {
    const { relays } = this.map;
    const words = relayWords(relays);
    const channels = values.map((_, i) => (relays.kind === 'register' ? relays.addresses.indexOf(start + i) + 1 : 0));
    if (channels.some((channel) => channel === 0)) return ILLEGAL_ADDRESS;
    if (values.some((value) => value !== words.on && value !== words.off)) return ILLEGAL_VALUE;
    channels.forEach((channel, i) => this.applyRelay(channel, values[i] === words.on));
    return null;
  }
}
