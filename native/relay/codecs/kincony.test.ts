import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeKinconyReply, encodeKincony, encodeKinconyReply, type KinconyCommand, kinconyCommandText, parseKinconyCommand } from './kincony';

const text = (value: string) => new TextEncoder().encode(value);
const set: KinconyCommand = { kind: 'set', relay: 1, on: true };
const read: KinconyCommand = { kind: 'read', relay: 12 };
const inputs: KinconyCommand = { kind: 'inputs' };

describe('KinCony codec', () => {
  it('encodes the commands of the KC868 RS232 table, without a terminator', () => {
    expect(new TextDecoder().decode(encodeKincony(set))).toBe('RELAY-SET-255,1,1');
    expect(kinconyCommandText({ kind: 'set', relay: 32, on: false })).toBe('RELAY-SET-255,32,0');
    expect(kinconyCommandText(read)).toBe('RELAY-READ-255,12');
    expect(kinconyCommandText(inputs)).toBe('RELAY-GET_INPUT-255');
    expect(() => kinconyCommandText({ kind: 'read', relay: 33 })).toThrow(RangeError);
  });

  it('decodes the manual\'s answers, and waits at every prefix of them', () => {
    const cases: [KinconyCommand, string, number | null][] = [
      [set, 'RELAY-SET-255,1,1,OK', null],
      [read, 'RELAY-READ-255,12,1,OK', 1],
      [inputs, 'RELAY-GET_INPUT-255,253,OK', 253],
    ];
    for (const [command, answer, value] of cases) {
      expect(decodeKinconyReply(text(answer), command)).toEqual({ kind: 'reply', value, used: answer.length });
      for (let n = 0; n < answer.length; n++) expect(decodeKinconyReply(text(answer.slice(0, n)), command)).toEqual({ kind: 'incomplete' });
    }
    expect(decodeKinconyReply(text('\r\nRELAY-SET-255,1,1,OK\r\n'), set)).toMatchObject({ kind: 'reply', used: 22 });
  });

  it('refuses ERROR, another command\'s answer, a missing value and bytes that are no text', () => {
    expect(decodeKinconyReply(text('RELAY-SET-255,1,1,ERROR'), set)).toMatchObject({ kind: 'error', code: 'not-confirmed', message: expect.stringMatching(/ERROR/) });
    expect(decodeKinconyReply(text('RELAY-SET-255,2,1,OK'), set)).toMatchObject({ kind: 'error', code: 'not-confirmed' });
    expect(decodeKinconyReply(text('RELAY-READ-255,12,OK'), read)).toMatchObject({ kind: 'error', code: 'not-confirmed' });
    expect(decodeKinconyReply(Uint8Array.of(0x52, 0x00), set)).toMatchObject({ kind: 'error', code: 'garbage' });
    expect(decodeKinconyReply(text('RELAY-READ-255,12,1111'), read)).toMatchObject({ kind: 'error', code: 'not-confirmed' });
  });

  it('never throws on arbitrary bytes, and accepts an answer only when it starts with the command', () => {
    const command = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), relay: fc.integer({ min: 1, max: 32 }), on: fc.boolean() }),
      fc.record({ kind: fc.constant('read' as const), relay: fc.integer({ min: 1, max: 32 }) }),
      fc.constant({ kind: 'inputs' as const }),
    );
    fc.assert(
      fc.property(command, fc.uint8Array({ maxLength: 200 }), (cmd, input) => {
        const result = decodeKinconyReply(input, cmd);
        if (result.kind === 'reply') expect(new TextDecoder().decode(input).replace(/^[\r\n]+/, '').startsWith(`${kinconyCommandText(cmd)},`)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(command, fc.option(fc.integer({ min: 0, max: 255 }), { nil: null }), (cmd, value) => {
        const answer = encodeKinconyReply(cmd, cmd.kind === 'set' ? null : (value ?? 0));
        expect(decodeKinconyReply(answer, cmd)).toMatchObject({ kind: 'reply', used: answer.length });
      }),
    );
  });

  it('the controller side knows its commands and nothing else', () => {
    expect(parseKinconyCommand('RELAY-SET-255,3,0')).toEqual({ kind: 'set', relay: 3, on: false });
    expect(parseKinconyCommand('RELAY-READ-255,40')).toBeNull();
    expect(parseKinconyCommand('relay on 0')).toBeNull();
  });
});
