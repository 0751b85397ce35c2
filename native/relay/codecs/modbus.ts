/**
 * Modbus RTU relay/IO modules: 05 write single coil (FF00 on / 0000 off), 01 read coils, 02 read discrete inputs.
 * Every reply's CRC is checked; a reply from another address, a bad CRC, an exception or anything unexpected is an
 * error, never a success. The request side is here too for the simulator.
 */
import { type DecodeResult, decodeError, hex, incomplete } from './decode';

export type ModbusRequest =
  | { address: number; fn: 5; coil: number; on: boolean }
  | { address: number; fn: 1 | 2; start: number; count: number };

/** A write-coil reply echoes the request; a read reply carries the bits. */
export type ModbusReply = { fn: 5; coil: number; on: boolean } | { fn: 1 | 2; bits: boolean[] };

const EXCEPTIONS: Record<number, string> = {
  1: 'illegal function',
  2: 'illegal data address',
  3: 'illegal data value',
  4: 'slave device failure',
  6: 'slave device busy',
};

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

export function encodeModbusRequest(request: ModbusRequest): Uint8Array {
  checkRange('address', request.address, 1, 247);
  if (request.fn === 5) {
    checkRange('coil', request.coil, 0, 0xffff);
    return withCrc(Uint8Array.of(request.address, 5, request.coil >>> 8, request.coil & 0xff, request.on ? 0xff : 0, 0));
  }
  checkRange('start', request.start, 0, 0xffff);
  checkRange('count', request.count, 1, 2000);
  return withCrc(Uint8Array.of(request.address, request.fn, request.start >>> 8, request.start & 0xff, request.count >>> 8, request.count & 0xff));
}

/** Length of the reply frame that starts with these bytes, or null when the function code is not one we use. */
function replyLength(buffer: Uint8Array): number | 'need-more' | null {
  const fn = buffer[1]!;
  if (fn & 0x80) return [1, 2, 5].includes(fn & 0x7f) ? 5 : null;
  if (fn === 5) return 8;
  if (fn === 1 || fn === 2) return buffer.length < 3 ? 'need-more' : 5 + buffer[2]!;
  return null;
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
  if (address !== request.address) return decodeError('wrong-address', `reply from address ${address}, expected ${request.address}: ${hex(frame)}`);
  if ((fn & 0x7f) !== request.fn) return decodeError('garbage', `reply to function ${fn & 0x7f}, expected ${request.fn}`);
  if (fn & 0x80) {
    const code = frame[2]!;
    return decodeError('exception', `exception ${code} (${EXCEPTIONS[code] ?? 'unknown'}) to function ${request.fn}`);
  }
  if (request.fn === 5) {
    const coil = (frame[2]! << 8) | frame[3]!;
    const value = (frame[4]! << 8) | frame[5]!;
    if (coil !== request.coil || value !== (request.on ? 0xff00 : 0)) {
      return decodeError('not-confirmed', `write-coil echo differs from the request: ${hex(frame)}`);
    }
    return { kind: 'reply', value: { fn: 5, coil, on: request.on }, used: length };
  }
  const byteCount = frame[2]!;
  if (byteCount !== Math.ceil(request.count / 8)) {
    return decodeError('not-confirmed', `${byteCount} data bytes for ${request.count} bits: ${hex(frame)}`);
  }
  const bits = Array.from({ length: request.count }, (_, i) => ((frame[3 + (i >> 3)]! >> (i & 7)) & 1) === 1);
  return { kind: 'reply', value: { fn: request.fn, bits }, used: length };
}

/** The board's side: parses one 8-byte request (all three functions have that length). */
export function decodeModbusRequest(buffer: Uint8Array): DecodeResult<ModbusRequest> {
  if (buffer.length < 8) return incomplete;
  const frame = buffer.subarray(0, 8);
  if (!hasValidCrc(frame)) return decodeError('bad-crc', `request with a bad CRC: ${hex(frame)}`);
  const [address, fn] = [frame[0]!, frame[1]!];
  const a = (frame[2]! << 8) | frame[3]!;
  const b = (frame[4]! << 8) | frame[5]!;
  if (fn === 5) {
    if (b !== 0xff00 && b !== 0) return decodeError('garbage', `write-coil value 0x${b.toString(16)}`);
    return { kind: 'reply', value: { address, fn: 5, coil: a, on: b === 0xff00 }, used: 8 };
  }
  if (fn === 1 || fn === 2) return { kind: 'reply', value: { address, fn, start: a, count: b }, used: 8 };
  return decodeError('garbage', `unsupported function ${fn}`);
}

export function encodeBitsReply(address: number, fn: 1 | 2, bits: readonly boolean[]): Uint8Array {
  const data = new Uint8Array(Math.ceil(bits.length / 8));
  bits.forEach((bit, i) => {
    if (bit) data[i >> 3]! |= 1 << (i & 7);
  });
  return withCrc(Uint8Array.of(address, fn, data.length, ...data));
}

export function encodeException(address: number, fn: number, code: number): Uint8Array {
  return withCrc(Uint8Array.of(address, fn | 0x80, code));
}
