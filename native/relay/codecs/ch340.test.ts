import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCh340, encodeCh340, parseCh340Stream } from './ch340';

describe('CH340 codec', () => {
  it('encodes the documented frames', () => {
    expect([...encodeCh340(1, true)]).toEqual([0xa0, 0x01, 0x01, 0xa2]);
    expect([...encodeCh340(1, false)]).toEqual([0xa0, 0x01, 0x00, 0xa1]);
    expect([...encodeCh340(8, true)]).toEqual([0xa0, 0x08, 0x01, 0xa9]);
  });

  it('refuses channels the modules do not have', () => {
    for (const channel of [0, 9, 1.5, -1, Number.NaN]) expect(() => encodeCh340(channel, true)).toThrow(RangeError);
  });

  it('round-trips every command', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.boolean(), (channel, on) => {
        expect(decodeCh340(encodeCh340(channel, on))).toEqual({ channel, on });
      }),
    );
  });

  it('rejects any single corrupted byte of a frame', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.boolean(), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 255 }), (channel, on, at, xor) => {
        const frame = encodeCh340(channel, on);
        frame[at]! ^= xor;
        expect(decodeCh340(frame)).toBeNull();
      }),
    );
  });

  it('finds every command in a stream with garbage between frames and keeps a partial tail', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 8 }), fc.boolean(), fc.uint8Array({ maxLength: 8 }).map((g) => g.filter((b) => b !== 0xa0)))),
        fc.integer({ min: 0, max: 3 }),
        (commands, tail) => {
          const bytes = commands.flatMap(([channel, on, garbage]) => [...garbage, ...encodeCh340(channel, on)]);
          const partial = [...encodeCh340(3, true).subarray(0, tail)];
          const parsed = parseCh340Stream(Uint8Array.from([...bytes, ...partial]));
          expect(parsed.commands).toEqual(commands.map(([channel, on]) => ({ channel, on })));
          expect([...parsed.rest]).toEqual(partial);
        },
      ),
    );
  });

  it('never throws on arbitrary bytes, and whatever it accepts is a valid frame', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const { commands, rest } = parseCh340Stream(bytes);
        for (const command of commands) expect(command.channel).toBeGreaterThanOrEqual(1);
        expect(rest.length).toBeLessThan(4);
      }),
    );
  });
});
