/**
 * Modbus RTU relay/IO modules, the functions such boards use: 01 read coils, 02 read discrete inputs, 03 read
 * holding registers, 04 read input registers, 05 write single coil (FF00 on / 0000 off), 06 write single register,
 * 0F (15) write multiple coils, 10 (16) write multiple registers. Every reply's CRC is checked; a reply from another
 * address, a bad CRC, an exception or anything unexpected is an error, never a success. The request side is here
 * too for the simulator.
 */
import { type DecodeResult, decodeError, hex, incomplete } from './decode';

export type ModbusReadFunction = 1 | 2 | 3 | 4;

export type ModbusRequest =
  | { address: number; fn: ModbusReadFunction; start: number; count: number }
  | { address: number; fn: 5; coil: number; on: boolean }
  | { address: number; fn: 6; register: number; value: number }
  | { address: number; fn: 15; start: number; bits: boolean[] }
  | { address: number; fn: 16; start: number; values: number[] };

/** A single write's reply echoes the request; a multiple write's reply repeats start and count; a read carries data. */
export type ModbusReply =
  | { fn: 5; coil: number; on: boolean }
  | { fn: 6; register: number; value: number }
  | { fn: 15 | 16; start: number; count: number }
  | { fn: 1 | 2; bits: boolean[] }
  | { fn: 3 | 4; words: number[] };

/** What a board received: a request it knows, or a well-formed frame with a function it does not implement. */
export type ModbusIncoming = ModbusRequest | { address: number; fn: 'unsupported'; code: number };

const EXCEPTIONS: Record<number, string> = {
  1: 'illegal function',
  2: 'illegal data address',
  3: 'illegal data value',
  4: 'slave device failure',
  6: 'slave device busy',
};

const FUNCTIONS = [1, 2, 3, 4, 5, 6, 15, 16];

/** CRC-16/MODBUS: init 0xFFFF, reflected polynomial 0xA001; sent low byte first. */
export function crc16(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

export function withCrc(body: Uint8Array): Uint8Array {
  const crc = crc16(body);
  const frame = new Uint8Array(body.length + 2);
  frame.set(body);
  frame[body.length] = crc & 0xff;
  frame[body.length + 1] = crc >>> 8;
  return frame;
}

export function hasValidCrc(frame: Uint8Array): boolean {
  if (frame.length < 4) return false;
  const crc = crc16(frame.subarray(0, frame.length - 2));
  return frame[frame.length - 2] === (crc & 0xff) && frame[frame.length - 1] === crc >>> 8;
}

function checkRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`Modbus ${name} must be ${min}..${max}, got ${value}`);
}

const word = (value: number): [number, number] => [value >>> 8, value & 0xff];

function packBits(bits: readonly boolean[]): number[] {
  const data = new Array<number>(Math.ceil(bits.length / 8)).fill(0);
  bits.forEach((bit, i) => {
    if (bit) data[i >> 3]! |= 1 << (i & 7);
  });
  return data;
}

export function encodeModbusRequest(request: ModbusRequest): Uint8Array {
  checkRange('address', request.address, 1, 247);
  switch (request.fn) {
    case 5:
      checkRange('coil', request.coil, 0, 0xffff);
      return withCrc(Uint8Array.of(request.address, 5, ...word(request.coil), request.on ? 0xff : 0, 0));
    case 6:
      checkRange('register', request.register, 0, 0xffff);
      checkRange('value', request.value, 0, 0xffff);
      return withCrc(Uint8Array.of(request.address, 6, ...word(request.register), ...word(request.value)));
    case 15: {
      checkRange('start', request.start, 0, 0xffff);
      checkRange('coil count', request.bits.length, 1, 1968);
      const data = packBits(request.bits);
      return withCrc(Uint8Array.of(request.address, 15, ...word(request.start), ...word(request.bits.length), data.length, ...data));
    }
    case 16:
      checkRange('start', request.start, 0, 0xffff);
      checkRange('register count', request.values.length, 1, 123);
      request.values.forEach((value) => checkRange('value', value, 0, 0xffff));
      return withCrc(Uint8Array.of(request.address, 16, ...word(request.start), ...word(request.values.length), request.values.length * 2, ...request.values.flatMap(word)));
    default:
      checkRange('start', request.start, 0, 0xffff);
      checkRange('count', request.count, 1, request.fn <= 2 ? 2000 : 125);
      return withCrc(Uint8Array.of(request.address, request.fn, ...word(request.start), ...word(request.count)));
  }
}

/** Length of the reply frame that starts with these bytes, or null when the function code is not one we use. */
function replyLength(buffer: Uint8Array): number | 'need-more' | null {
  const fn = buffer[1]!;
  if (fn & 0x80) return FUNCTIONS.includes(fn & 0x7f) ? 5 : null;
  if (fn === 5 || fn === 6 || fn === 15 || fn === 16) return 8;
  if (fn >= 1 && fn <= 4) return buffer.length < 3 ? 'need-more' : 5 + buffer[2]!;
  return null;
}

const readWord = (frame: Uint8Array, at: number): number => (frame[at]! << 8) | frame[at + 1]!;

/** The data of a reply whose address, function and CRC were checked, compared with what was asked. */
function replyData(frame: Uint8Array, request: ModbusRequest): DecodeResult<ModbusReply> {
  const used = frame.length;
  const echoDiffers = decodeError('not-confirmed', `write echo differs from the request: ${hex(frame)}`);
  switch (request.fn) {
    case 5: {
      const [coil, value] = [readWord(frame, 2), readWord(frame, 4)];
      if (coil !== request.coil || value !== (request.on ? 0xff00 : 0)) return echoDiffers;
      return { kind: 'reply', value: { fn: 5, coil, on: request.on }, used };
    }
    case 6: {
      const [register, value] = [readWord(frame, 2), readWord(frame, 4)];
      if (register !== request.register || value !== request.value) return echoDiffers;
      return { kind: 'reply', value: { fn: 6, register, value }, used };
    }
    case 15:
    case 16: {
      const [start, count] = [readWord(frame, 2), readWord(frame, 4)];
      const asked = request.fn === 15 ? request.bits.length : request.values.length;
      if (start !== request.start || count !== asked) return echoDiffers;
      return { kind: 'reply', value: { fn: request.fn, start, count }, used };
    }
    case 1:
    case 2: {
      const byteCount = frame[2]!;
      if (byteCount !== Math.ceil(request.count / 8)) return decodeError('not-confirmed', `${byteCount} data bytes for ${request.count} bits: ${hex(frame)}`);
      const bits = Array.from({ length: request.count }, (_, i) => ((frame[3 + (i >> 3)]! >> (i & 7)) & 1) === 1);
      return { kind: 'reply', value: { fn: request.fn, bits }, used };
    }
    case 3:
    case 4: {
      const byteCount = frame[2]!;
      if (byteCount !== request.count * 2) return decodeError('not-confirmed', `${byteCount} data bytes for ${request.count} registers: ${hex(frame)}`);
      const words = Array.from({ length: request.count }, (_, i) => readWord(frame, 3 + 2 * i));
      return { kind: 'reply', value: { fn: request.fn, words }, used };
    }
  }
}

/** Decodes the reply to `request` from the bytes received so far. */
export function decodeModbusReply(buffer: Uint8Array, request: ModbusRequest): DecodeResult<ModbusReply> {
  if (buffer.length < 2) return incomplete;
  const length = replyLength(buffer);
  if (length === null) return decodeError('garbage', `not a Modbus reply to function ${request.fn}: ${hex(buffer)}`);
  if (length === 'need-more' || buffer.length < length) return incomplete;
  const frame = buffer.subarray(0, length);
  const [address, fn] = [frame[0]!, frame[1]!];
  const ours = address === request.address && (fn & 0x7f) === request.fn;
  if (!hasValidCrc(frame)) {
    return ours ? decodeError('bad-crc', `reply with a bad CRC: ${hex(frame)}`) : decodeError('garbage', `not a Modbus reply (bad CRC): ${hex(frame)}`);
  }
  if (address !== request.address) return decodeError('wrong-address', `reply from unit ${address}, expected unit ${request.address}: ${hex(frame)}`);
  if ((fn & 0x7f) !== request.fn) return decodeError('garbage', `reply to function ${fn & 0x7f}, expected ${request.fn}`);
  if (fn & 0x80) {
    const code = frame[2]!;
    return decodeError('exception', `exception ${code} (${EXCEPTIONS[code] ?? 'unknown'}) to function ${request.fn}`);
  }
  return replyData(frame, request);
}

/** Length of the request frame that starts with these bytes (multiple writes carry a byte count), or need-more. */
function requestLength(buffer: Uint8Array): number | 'need-more' {
  const fn = buffer[1]!;
  if (fn !== 15 && fn !== 16) return 8;
  return buffer.length < 7 ? 'need-more' : 9 + buffer[6]!;
}

/**
 * The board's side: parses one request. A CRC-valid 8-byte frame with a function the board does not implement
 * comes back as `unsupported`, for the board to answer exception 01 as real boards do.
 */
export function decodeModbusRequest(buffer: Uint8Array): DecodeResult<ModbusIncoming> {
  if (buffer.length < 8) return incomplete;
  const length = requestLength(buffer);
  if (length === 'need-more' || buffer.length < length) return incomplete;
  const frame = buffer.subarray(0, length);
  if (!hasValidCrc(frame)) return decodeError('bad-crc', `request with a bad CRC: ${hex(frame)}`);
  const [address, fn] = [frame[0]!, frame[1]!];
  const [a, b] = [readWord(frame, 2), readWord(frame, 4)];
  const request = (value: ModbusIncoming): DecodeResult<ModbusIncoming> => ({ kind: 'reply', value, used: length });
  switch (fn) {
    case 1:
    case 2:
    case 3:
    case 4:
      return request({ address, fn, start: a, count: b });
    case 5:
      if (b !== 0xff00 && b !== 0) return decodeError('garbage', `write-coil value 0x${b.toString(16)}`);
      return request({ address, fn: 5, coil: a, on: b === 0xff00 });
    case 6:
      return request({ address, fn: 6, register: a, value: b });
    case 15:
      return request({ address, fn: 15, start: a, bits: Array.from({ length: b }, (_, i) => ((frame[7 + (i >> 3)]! >> (i & 7)) & 1) === 1) });
    case 16:
      return request({ address, fn: 16, start: a, values: Array.from({ length: b }, (_, i) => readWord(frame, 7 + 2 * i)) });
    default:
      return request({ address, fn: 'unsupported', code: fn });
  }
}

export function encodeBitsReply(address: number, fn: 1 | 2, bits: readonly boolean[]): Uint8Array {
  const data = packBits(bits);
  return withCrc(Uint8Array.of(address, fn, data.length, ...data));
}

export function encodeWordsReply(address: number, fn: 3 | 4, words: readonly number[]): Uint8Array {
  return withCrc(Uint8Array.of(address, fn, words.length * 2, ...words.flatMap(word)));
}

/** The reply to a write: the request itself for 05/06, start and count for 0F/10. */
export function encodeWriteReply(request: ModbusRequest & { fn: 5 | 6 | 15 | 16 }): Uint8Array {
  if (request.fn === 5 || request.fn === 6) return encodeModbusRequest(request);
  const count = request.fn === 15 ? request.bits.length : request.values.length;
  return withCrc(Uint8Array.of(request.address, request.fn, ...word(request.start), ...word(count)));
}

export function encodeException(address: number, fn: number, code: number): Uint8Array {
  return withCrc(Uint8Array.of(address, fn | 0x80, code));
}
