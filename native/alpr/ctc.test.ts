import { describe, expect, it } from 'vitest';
import { alphabetFrom, ctcGreedy, softmaxRows } from './ctc';

// Classes: 0 blank, 1 'A', 2 'b' (plate char B), 3 '-', 4 '1'
const alphabet = alphabetFrom(['A', 'b', '-', '1']);
function probs(rows: number[][]): Float32Array {
  return new Float32Array(rows.flat());
}

describe('CTC greedy decoding', () => {
  it('collapses repeats, drops blanks and non-plate characters, keeps per-char confidence', () => {
    const p = probs([
      [0.1, 0.8, 0.05, 0.05, 0],
      [0.1, 0.9, 0, 0, 0],
      [0.9, 0.1, 0, 0, 0],
      [0.1, 0.7, 0.2, 0, 0],
      [0.0, 0, 0, 1, 0],
      [0.3, 0, 0.1, 0, 0.6],
    ]);
    const chars = ctcGreedy(p, 6, 5, alphabet);
    expect(chars.map((c) => c.char).join('')).toBe('AA1');
    expect(chars[0]!.p).toBeCloseTo(0.9);
    expect(chars[1]!.alternatives[0]).toMatchObject({ char: 'B' });
    expect(chars[1]!.alternatives[0]!.p).toBeCloseTo(0.2);
  });

  it('softmax makes rows of logits sum to one', () => {
    const logits = new Float32Array([1, 2, 3, 0, 0, 0]);
    softmaxRows(logits, 3);
    expect(logits[0]! + logits[1]! + logits[2]!).toBeCloseTo(1);
    expect(logits[3]).toBeCloseTo(1 / 3);
  });
});
