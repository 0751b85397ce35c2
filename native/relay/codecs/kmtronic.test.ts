import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeKmtronicStatus, encodeKmtronicStatus, encodeKmtronicSwitch, parseKmtronicCommand } from './kmtronic';

const bytes = (text: string) => Uint8Array.from(text.split(' ').map((b) => parseInt(b, 16)));

describe('KMtronic codec', () => {
  it('encodes the commands of KMtronic\'s list', () => {
    expect(encodeKmtronicSwitch(1, true)).toEqual(bytes('FF 01 01'));
    expect(encodeKmtronicSwitch(8, false)).toEqual(bytes('FF 08 00'));
    expect(encodeKmtronicStatus(1, 1)).toEqual(bytes('FF 01 03'));
    expect(encodeKmtronicStatus(2, 2)).toEqual(bytes('FF 02 03'));
    expect(encodeKmtronicStatus(4, 3)).toEqual(bytes('FF 09 00'));
    expect(() => encodeKmtronicSwitch(9, true)).toThrow(RangeError);
  });

  it('decodes the status replies of both board sizes, and waits for the rest of one', () => {
    expect(decodeKmtronicStatus(bytes('FF 02 01'), 2, 2)).toEqual({ kind: 'reply', value: [true], used: 3 });
    expect(decodeKmtronicStatus(bytes('00 01 00 01'), 4, 2)).toEqual({ kind: 'reply', value: [false, true, false, true], used: 4 });
    expect(decodeKmtronicStatus(bytes('FF 02'), 2, 2)).toEqual({ kind: 'incomplete' });
    expect(decodeKmtronicStatus(bytes('00 01 00'), 4, 2)).toEqual({ kind: 'incomplete' });
  });

  it('refuses a status from another relay, a state byte other than 00/01, and the request\'s own echo', () => {
    expect(decodeKmtronicStatus(bytes('FF 01 01'), 2, 2)).toMatchObject({ kind: 'error', code: 'garbage' });
    expect(decodeKmtronicStatus(bytes('FF 02 03'), 2, 2)).toMatchObject({ kind: 'error', code: 'garbage' });
    expect(decodeKmtronicStatus(bytes('FF 09 00'), 8, 1)).toMatchObject({ kind: 'error', code: 'garbage' });
  });

  it('never throws on arbitrary bytes, and accepts only 00/01 states', () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 2, 4, 8), fc.integer({ min: 1, max: 8 }), fc.uint8Array({ maxLength: 20 }), (size, relay, input) => {
        const result = decodeKmtronicStatus(input, size, Math.min(relay, size));
        if (result.kind === 'reply') expect([...input.subarray(size <= 2 ? 2 : 0, result.used)].every((b) => b <= 1)).toBe(true);
      }),
    );
  });

  it('the board side finds every command in a stream and skips what is none', () => {
    expect(parseKmtronicCommand(bytes('FF 03 01'))).toEqual({ command: { relay: 3, action: 'on' }, used: 3 });
    expect(parseKmtronicCommand(bytes('FF 09 00'))).toEqual({ command: 'status-all', used: 3 });
    expect(parseKmtronicCommand(bytes('FF 01'))).toEqual({ command: null, used: 0 });
    expect(parseKmtronicCommand(new Uint8Array(0))).toEqual({ command: null, used: 0 });
    expect(parseKmtronicCommand(bytes('55 FF'))).toEqual({ command: null, used: 1 });
    expect(parseKmtronicCommand(bytes('FF 07 03'))).toEqual({ command: null, used: 1 });
  });
});
