import { describe, expect, it } from 'vitest';
import { HISTORY_THRESHOLDS, thresholdHistory } from './threshold-history';

describe("a lane's own threshold figures", () => {
  // 200 reads: 20 at 60%, 80 at 90%, 100 at 99% (4 of those at 60% corrected at the lane, so given apart); found
  // wrong later: 4 read at 60%, 2 at 90%, 1 at 99%.
  const reads = new Map([[60, 16], [90, 80], [99, 100]]);
  const correctedAtLane = new Map([[60, 4]]);
  const wrong = new Map([[60, 4], [90, 2], [99, 1]]);
  const history = thresholdHistory([reads, correctedAtLane, undefined], wrong)!;
  const at = (threshold: number) => history.thresholds.find((row) => row.threshold === threshold)!;

  it('counts what each threshold trusts and the wrong ones among them, per 1,000 of all the reads', () => {
    expect(history.reads).toBe(200);
    expect(at(0.5)).toEqual({ threshold: 0.5, trusted: 1, wrongPerThousand: 35 });
    expect(at(0.85)).toEqual({ threshold: 0.85, trusted: 0.9, wrongPerThousand: 15 });
    expect(at(0.9)).toEqual({ threshold: 0.9, trusted: 0.9, wrongPerThousand: 15 });
    expect(at(0.91)).toEqual({ threshold: 0.91, trusted: 0.5, wrongPerThousand: 5 });
    expect(at(0.99)).toEqual({ threshold: 0.99, trusted: 0.5, wrongPerThousand: 5 });
  });

  it('is reported at the calibration\'s thresholds, 50% to 99%, never trusting more or erring more at a higher one', () => {
    expect(history.thresholds.map((row) => row.threshold)).toEqual(HISTORY_THRESHOLDS);
    expect(HISTORY_THRESHOLDS[0]).toBe(0.5);
    expect(HISTORY_THRESHOLDS.at(-1)).toBe(0.99);
    for (let i = 1; i < history.thresholds.length; i++) {
      expect(history.thresholds[i]!.trusted).toBeLessThanOrEqual(history.thresholds[i - 1]!.trusted);
      expect(history.thresholds[i]!.wrongPerThousand).toBeLessThanOrEqual(history.thresholds[i - 1]!.wrongPerThousand);
    }
  });

  it('says nothing for a lane without a read with a confidence', () => {
    expect(thresholdHistory([new Map(), undefined], new Map([[95, 1]]))).toBeNull();
  });
});
