import { describe, expect, it } from 'vitest';
import { thresholdRow, wrongPerThousandOf } from './ReaderFigures';

const calibration = {
  fittedOn: 'validation part',
  thresholds: [
    { threshold: 0.84, trusted: 0.75, wrongOfTrusted: 0.03 },
    { threshold: 0.85, trusted: 0.73, wrongOfTrusted: 0.02 },
  ],
};

describe("a lane threshold's meaning", () => {
  it('finds the row of the whole percent typed, and none outside the measured table', () => {
    expect(thresholdRow(calibration, 0.85)).toEqual({ threshold: 0.85, trusted: 0.73, wrongOfTrusted: 0.02 });
    expect(thresholdRow(calibration, 0.84)?.trusted).toBe(0.75);
    expect(thresholdRow(calibration, 1)).toBeUndefined();
  });

  it("finds the lane's own row the same way, and puts the calibration's figure in the lane's measure (wrong per 1,000 cars)", () => {
    const history = { reads: 400, thresholds: [{ threshold: 0.85, trusted: 0.9, wrongPerThousand: 5 }] };
    expect(thresholdRow(history, 0.85)?.wrongPerThousand).toBe(5);
    expect(thresholdRow(history, 0.849999)?.trusted).toBe(0.9);
    // 73% trusted, 2% of them wrong: 14.6 cars in 1,000.
    expect(wrongPerThousandOf(calibration.thresholds[1]!)).toBeCloseTo(14.6, 9);
  });
});
