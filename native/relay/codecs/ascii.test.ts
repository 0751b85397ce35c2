import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AsciiCommand, asciiCommandText, asciiIndexToken, decodeAsciiReply, encodeAscii, encodeAsciiReply, parseAsciiCommand, parseAsciiState } from './ascii';

const text = (s: string) => new TextEncoder().encode(s);
const command = fc.oneof(
  fc.record({ kind: fc.constant('relay' as const), action: fc.constantFrom('on' as const, 'off' as const, 'read' as const), index: fc.integer({ min: 0, max: 31 }) }),
  fc.record({ kind: fc.constant('gpio' as const), action: fc.constant('read' as const), index: fc.integer({ min: 0, max: 31 }) }),
);

describe('ASCII (Numato-style) codec', () => {
  it('encodes commands with Numato numbering', () => {
    expect(new TextDecoder().decode(encodeAscii({ kind: 'relay', action: 'on', index: 0 }))).toBe('relay on 0\r');
    expect(asciiIndexToken(10)).toBe('A');
    expect(asciiIndexToken(31)).toBe('V');
    expect(() => asciiIndexToken(32)).toThrow(RangeError);
  });

  it('decodes a read reply: echo, answer, prompt', () => {
    const read: AsciiCommand = { kind: 'relay', action: 'read', index: 0 };
    expect(decodeAsciiReply(text('relay read 0\n\ron\n\r>'), read)).toEqual({ kind: 'reply', value: ['on'], used: 19 });
    expect(decodeAsciiReply(text('relay read 0\n\ron\n'), read)).toEqual({ kind: 'incomplete' });
    expect(decodeAsciiReply(text('relay read 1\n\ron\n\r>'), read)).toMatchObject({ kind: 'error', code: 'not-confirmed' });
    expect(decodeAsciiReply(Uint8Array.of(0x72, 0x00, 0xff), read)).toMatchObject({ kind: 'error', code: 'garbage' });
    expect(decodeAsciiReply(text('x'.repeat(300)), read)).toMatchObject({ kind: 'error', code: 'flood' });
  });

  it('round-trips every command through the board side and back', () => {
    fc.assert(
      fc.property(command, fc.constantFrom(null, 'on', 'off', '0', '1'), (cmd, answer) => {
        const line = new TextDecoder().decode(encodeAscii(cmd)).replace(/\r$/, '');
        expect(parseAsciiCommand(line)).toEqual(cmd);
        const reply = encodeAsciiReply(asciiCommandText(cmd), answer);
        const decoded = decodeAsciiReply(reply, cmd);
        expect(decoded).toEqual({ kind: 'reply', value: answer === null ? [] : [answer], used: reply.length });
        // Every strict prefix is incomplete: a half reply is never taken for a whole one.
        for (let cut = 0; cut < reply.length; cut++) expect(decodeAsciiReply(reply.subarray(0, cut), cmd).kind).toBe('incomplete');
      }),
    );
  });

  it('never throws on arbitrary bytes, and accepts a reply only when it starts with the exact echo', () => {
    fc.assert(
      fc.property(command, fc.uint8Array({ maxLength: 300 }), (cmd, bytes) => {
        const result = decodeAsciiReply(bytes, cmd);
        if (result.kind === 'reply') expect(new TextDecoder().decode(bytes).replace(/^[\r\n]+/, '').startsWith(asciiCommandText(cmd))).toBe(true);
      }),
    );
  });

  it('reads states strictly', () => {
    expect(parseAsciiState(['on'], 'x')).toMatchObject({ value: true });
    expect(parseAsciiState(['0'], 'x')).toMatchObject({ value: false });
    expect(parseAsciiState(['maybe'], 'x')).toMatchObject({ kind: 'error', code: 'not-confirmed' });
    expect(parseAsciiState([], 'x')).toMatchObject({ kind: 'error' });
    expect(parseAsciiState(['on', 'off'], 'x')).toMatchObject({ kind: 'error' });
  });
});
