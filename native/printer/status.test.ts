import { describe, expect, it } from 'vitest';
import { isStatusByte, readStatus, statusByte, statusRequest, type StatusRequest } from './status';

const answers = (state: Parameters<typeof statusByte>[1]) => (['printer', 'offlineCause', 'paper'] as StatusRequest[]).map((kind) => statusByte(kind, state)) as [number, number, number];

describe('ESC/POS real-time status', () => {
  it('asks with DLE EOT n', () => {
    expect([...statusRequest('printer')]).toEqual([0x10, 0x04, 1]);
    expect([...statusRequest('paper')]).toEqual([0x10, 0x04, 4]);
  });

  it('reads the bytes an Epson printer answers', () => {
    expect(readStatus(0x12, 0x12, 0x12)).toEqual({ problems: [], paperLow: false });
    expect(readStatus(0x1a, 0x16, 0x12)).toEqual({ problems: ['cover_open'], paperLow: false }); // cover open
    expect(readStatus(0x1a, 0x32, 0x7e)).toEqual({ problems: ['paper_out'], paperLow: true }); // roll finished
    expect(readStatus(0x12, 0x12, 0x1e)).toEqual({ problems: [], paperLow: true }); // near end: still prints
    expect(readStatus(0x1a, 0x12, 0x12)).toEqual({ problems: ['offline'], paperLow: false });
  });

  it('reads back every state the simulator can be in', () => {
    for (const coverOpen of [false, true]) for (const paperOut of [false, true]) for (const paperLow of [false, true]) for (const error of [false, true]) {
      const state = { coverOpen, paperOut, paperLow, error };
      const status = readStatus(...answers(state));
      expect(status.problems.includes('cover_open')).toBe(coverOpen);
      expect(status.problems.includes('paper_out')).toBe(paperOut);
      expect(status.problems.includes('error')).toBe(error);
      expect(status.paperLow).toBe(paperLow || paperOut);
    }
  });

  it('tells a status byte from a stray one, and refuses to read a stray one as status', () => {
    expect(isStatusByte(0x12)).toBe(true);
    for (const stray of [0x00, 0x0a, 0x41, 0xff, 0x13]) expect(isStatusByte(stray)).toBe(false);
    expect(() => readStatus(0x12, 0x41, 0x12)).toThrow(/0x41 is not an ESC\/POS status byte/);
  });
});
