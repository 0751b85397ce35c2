import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  crc16,
  decodeModbusReply,
  decodeModbusRequest,
  encodeBitsReply,
  encodeException,
  encodeModbusRequest,
  encodeWordsReply,
  encodeWriteReply,
  hasValidCrc,
  type ModbusRequest,
  withCrc,
} from './modbus';

const hexBytes = (s: string) => Uint8Array.from(s.split(' ').map((b) => parseInt(b, 16)));

const address = fc.integer({ min: 1, max: 247 });
const register = fc.integer({ min: 0, max: 0xffff });
const request: fc.Arbitrary<ModbusRequest> = fc.oneof(
  fc.record({ address, fn: fc.constant(5 as const), coil: register, on: fc.boolean() }),
  fc.record({ address, fn: fc.constant(6 as const), register, value: register }),
  fc.record({ address, fn: fc.constant(15 as const), start: fc.integer({ min: 0, max: 0xff00 }), bits: fc.array(fc.boolean(), { minLength: 1, maxLength: 32 }) }),
  fc.record({ address, fn: fc.constant(16 as const), start: fc.integer({ min: 0, max: 0xff00 }), values: fc.array(register, { minLength: 1, maxLength: 8 }) }),
  fc.record({ address, fn: fc.constantFrom(1 as const, 2 as const), start: fc.integer({ min: 0, max: 0xff00 }), count: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ address, fn: fc.constantFrom(3 as const, 4 as const), start: fc.integer({ min: 0, max: 0xff00 }), count: fc.integer({ min: 1, max: 16 }) }),
);

/** The reply a healthy slave sends to a request. */
function replyTo(req: ModbusRequest, bits: boolean[]): Uint8Array {
  if (req.fn === 1 || req.fn === 2) return encodeBitsReply(req.address, req.fn, bits.slice(0, req.count));
  if (req.fn === 3 || req.fn === 4) return encodeWordsReply(req.address, req.fn, bits.slice(0, req.count).map((bit, i) => (bit ? 0x8000 + i : i)));
  return encodeWriteReply(req as ModbusRequest & { fn: 5 | 6 | 15 | 16 });
}

/** Where a flipped bit only changes a reply's length (a read's byte count): the reply is then incomplete or refused. */
const isByteCount = (req: ModbusRequest, at: number) => req.fn <= 4 && at === 2;

describe('Modbus RTU codec', () => {
  it('computes CRC-16/MODBUS on the well-known frames', () => {
    expect(crc16(hexBytes('01 03 00 00 00 01'))).toBe(0x0a84);
    expect([...encodeModbusRequest({ address: 1, fn: 5, coil: 0, on: true })]).toEqual([...hexBytes('01 05 00 00 ff 00 8c 3a')]);
    expect([...encodeModbusRequest({ address: 1, fn: 5, coil: 0, on: false })]).toEqual([...hexBytes('01 05 00 00 00 00 cd ca')]);
    expect(crc16(new TextEncoder().encode('123456789'))).toBe(0x4b37); // the CRC catalogue's check value
  });

  it('decodes replies and refuses everything that is not the reply asked for', () => {
    const write: ModbusRequest = { address: 1, fn: 5, coil: 0, on: true };
    expect(decodeModbusReply(hexBytes('01 05 00 00 ff 00 8c 3a'), write)).toEqual({ kind: 'reply', value: { fn: 5, coil: 0, on: true }, used: 8 });
    expect(decodeModbusReply(hexBytes('01 05 00 00 ff 00 8c 3b'), write)).toMatchObject({ kind: 'error', code: 'bad-crc' });
    expect(decodeModbusReply(withCrc(hexBytes('02 05 00 00 ff 00')), write)).toMatchObject({ kind: 'error', code: 'wrong-address' });
    expect(decodeModbusReply(encodeException(1, 5, 2), write)).toMatchObject({ kind: 'error', code: 'exception', message: expect.stringContaining('illegal data address') });
    expect(decodeModbusReply(withCrc(hexBytes('01 05 00 00 00 00')), write)).toMatchObject({ kind: 'error', code: 'not-confirmed' });
    expect(decodeModbusReply(hexBytes('01 05 00 00'), write)).toEqual({ kind: 'incomplete' });
    expect(decodeModbusReply(hexBytes('55 55'), write)).toMatchObject({ kind: 'error', code: 'garbage' });
    const read: ModbusRequest = { address: 3, fn: 2, start: 0, count: 10 };
    expect(decodeModbusReply(encodeBitsReply(3, 2, [true, false, true, false, false, false, false, false, false, true]), read)).toMatchObject({
      value: { fn: 2, bits: [true, false, true, false, false, false, false, false, false, true] },
    });
    expect(decodeModbusReply(encodeBitsReply(3, 2, [true]), read)).toMatchObject({ kind: 'error', code: 'not-confirmed' });
  });

  it('encodes the register writes of the relay boards driven by command words (06, 10) and decodes their replies', () => {
    // R4D3B16 manual: "01 06 00 01 01 00 D9 9A" switches relay 1 on.
    const on: ModbusRequest = { address: 1, fn: 6, register: 1, value: 0x0100 };
    expect([...encodeModbusRequest(on)]).toEqual([...hexBytes('01 06 00 01 01 00 d9 9a')]);
    expect(decodeModbusReply(encodeWriteReply(on), on)).toEqual({ kind: 'reply', value: { fn: 6, register: 1, value: 0x0100 }, used: 8 });
    expect(decodeModbusReply(withCrc(hexBytes('01 06 00 01 02 00')), on)).toMatchObject({ kind: 'error', code: 'not-confirmed' });
    const many: ModbusRequest = { address: 2, fn: 16, start: 3, values: [0x0100] };
    expect([...encodeModbusRequest(many)].slice(0, 9)).toEqual([...hexBytes('02 10 00 03 00 01 02 01 00')]);
    expect(decodeModbusReply(withCrc(hexBytes('02 10 00 03 00 01')), many)).toMatchObject({ kind: 'reply', value: { fn: 16, start: 3, count: 1 } });
    const read: ModbusRequest = { address: 1, fn: 3, start: 1, count: 2 };
    expect(decodeModbusReply(encodeWordsReply(1, 3, [1, 0]), read)).toMatchObject({ kind: 'reply', value: { fn: 3, words: [1, 0] } });
  });

  it('gives the board a function it does not implement as unsupported, so it can answer exception 01', () => {
    const frame = withCrc(hexBytes('01 2b 0e 01 00 00'));
    expect(decodeModbusRequest(frame)).toEqual({ kind: 'reply', value: { address: 1, fn: 'unsupported', code: 0x2b }, used: 8 });
  });

  it('round-trips requests through the slave side', () => {
    fc.assert(
      fc.property(request, (req) => {
        const frame = encodeModbusRequest(req);
        expect(hasValidCrc(frame)).toBe(true);
        expect(decodeModbusRequest(frame)).toEqual({ kind: 'reply', value: req, used: frame.length });
      }),
    );
  });

  it('decodes every healthy reply, and every strict prefix of it is incomplete', () => {
    fc.assert(
      fc.property(request, fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }), (req, bits) => {
        const reply = replyTo(req, bits);
        const decoded = decodeModbusReply(reply, req);
        expect(decoded.kind).toBe('reply');
        if (decoded.kind === 'reply' && 'bits' in decoded.value) expect(decoded.value.bits).toEqual(bits.slice(0, (req as { count: number }).count));
        for (let cut = 0; cut < reply.length; cut++) expect(decodeModbusReply(reply.subarray(0, cut), req).kind).toBe('incomplete');
      }),
    );
  });

  it('never takes a reply with one flipped bit for a success (byte count aside, which only changes the length)', () => {
    fc.assert(
      fc.property(request, fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }), fc.nat(), fc.integer({ min: 0, max: 7 }), (req, bits, where, bit) => {
        const reply = Uint8Array.from(replyTo(req, bits));
        const at = where % reply.length;
        fc.pre(!isByteCount(req, at));
        reply[at]! ^= 1 << bit;
        expect(decodeModbusReply(reply, req).kind).not.toBe('reply');
      }),
    );
  });

  it('never throws on arbitrary bytes, and accepts only CRC-valid frames from the right address', () => {
    fc.assert(
      fc.property(request, fc.uint8Array({ maxLength: 80 }), (req, bytes) => {
        const result = decodeModbusReply(bytes, req);
        if (result.kind === 'reply') {
          expect(hasValidCrc(bytes.subarray(0, result.used))).toBe(true);
          expect(bytes[0]).toBe(req.address);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
