import { describe, expect, it } from 'vitest';
import { thresholdRow } from './ReaderFigures';

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
});
