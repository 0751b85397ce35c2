import { describe, expect, it } from 'vitest';
import { calibratedConfidence, checkCalibration, crossValidated, FEATURE_NAMES, featureVector, fitLogistic, type ReadFeatures } from './calibration';
import { seededRandom } from '../../bench/lib/plates';

const base: ReadFeatures = { meanCharP: 0.9, minCharP: 0.8, detectorScore: 0.9, formatFit: 1, heightPx: 30, agreement: 1, swaps: 0, rival: 0 };
const fitted = { features: [...FEATURE_NAMES], fittedOn: 'test', fittedFor: { detector: 'a'.repeat(64), recognizer: 'b'.repeat(64) } };

/** Reads whose chance of being right is a known function of the agreement of their crops. */
function samples(n: number, seed: number) {
  const random = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const agreement = [1 / 3, 2 / 3, 1][i % 3]!;
    const p = 1 / (1 + Math.exp(-(6 * agreement - 3)));
    return { features: { ...base, agreement, minCharP: 0.5 + 0.5 * random() }, right: random() < p, group: `car${i % 50}` };
  });
}

describe('confidence calibration', () => {
  it('recovers the weight of the feature that decides, and none for noise', () => {
    const { weights, bias } = fitLogistic(samples(3000, 7), 0.01);
    const at = (name: (typeof FEATURE_NAMES)[number]) => weights[FEATURE_NAMES.indexOf(name)]!;
    expect(at('agreement')).toBeCloseTo(6, 0);
    expect(Math.abs(at('minCharP'))).toBeLessThan(0.6);
    const calibration = { ...fitted, weights, bias };
    expect(calibratedConfidence(calibration, { ...base, agreement: 1 })).toBeCloseTo(1 / (1 + Math.exp(-3)), 1);
    expect(calibratedConfidence(calibration, { ...base, agreement: 1 / 3 })).toBeCloseTo(1 / (1 + Math.exp(1)), 1);
  });

  it('scores each sample by a model fitted without its group, as probabilities', () => {
    const data = samples(600, 3);
    const out = crossValidated(data);
    expect(out).toHaveLength(600);
    expect(out.every((p) => p > 0 && p < 1)).toBe(true);
    const meanOf = (a: number) => out.filter((_, i) => data[i]!.features.agreement === a).reduce((s, p, _, all) => s + p / all.length, 0);
    expect(meanOf(1)).toBeGreaterThan(meanOf(1 / 3) + 0.4);
  });

  it('keeps the features finite for a read with zero probabilities', () => {
    expect(featureVector({ ...base, meanCharP: 0, minCharP: 0, formatFit: 0, heightPx: 0 }).every(Number.isFinite)).toBe(true);
  });

  it('refuses a calibration fitted on other features', () => {
    expect(() => checkCalibration({ ...fitted, weights: [1], bias: 0, features: ['meanCharP'] })).toThrow(/refit it/);
    expect(() => checkCalibration({ ...fitted, weights: FEATURE_NAMES.map(() => 0), bias: 0 })).not.toThrow();
  });
});
