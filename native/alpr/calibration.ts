/**
 * Confidence that means probability: a logistic model over what the pipeline knows about a read (recogniser
 * probabilities, the detector's score, format fit, box size, whether the box's crops agreed, whether another box
 * competed), fitted on the validation part of ../shared/alpr (`lotkeeper alpr calibrate`) and stored in
 * models/manifest.json beside the sha256 of the two models it was fitted for.
 */
import { z } from 'zod';

/** What the pipeline knows about one read before calibration (rank.ts fills it). */
export interface ReadFeatures {
  /** Geometric mean of the per-character probabilities (after any format fix). */
  meanCharP: number;
  minCharP: number;
  /** The plate detector's score for the box; 1 for a text detector's line. */
  detectorScore: number;
  /** rank.ts formatEvidence: 1 = fits a configured format ... 0.02 = letters only on a line. */
  formatFit: number;
  /** The box's height in frame pixels. */
  heightPx: number;
  /** Share of the crops of this box (margins) that read the same text. */
  agreement: number;
  /** Characters swapped to fit a format. */
  swaps: number;
  /** Score of the best other box that is not this plate, over this one's (0 = no rival). */
  rival: number;
}

export const FEATURE_NAMES = ['meanCharP', 'minCharP', 'detectorScore', 'formatFit', 'heightPx', 'agreement', 'swaps', 'rival'] as const satisfies readonly (keyof ReadFeatures)[];

const logOf = (v: number) => Math.log(Math.max(v, 1e-4));

/** The inputs of the logistic model: logs where a feature spans orders of magnitude. */
export function featureVector(f: ReadFeatures): number[] {
  return [logOf(f.meanCharP), logOf(f.minCharP), f.detectorScore, logOf(f.formatFit), logOf(f.heightPx / 20), f.agreement, f.swaps, f.rival];
}

export const calibrationSchema = z.object({
  /** The features, in FEATURE_NAMES order: a calibration of other features is refused, not misapplied. */
  features: z.array(z.string()),
  weights: z.array(z.number().finite()),
  bias: z.number().finite(),
  /** sha256 of the detector and recogniser files it was fitted for; start-up refuses any other pair. */
  fittedFor: z.object({ detector: z.string().regex(/^[0-9a-f]{64}$/), recognizer: z.string().regex(/^[0-9a-f]{64}$/) }),
  fittedOn: z.string(),
  /**
   * What each lane threshold buys, from the same reads out of fold (`alpr calibrate`): the share of reads trusted at
   * or above it, and of those the share that was wrong. The console says it beside a lane's threshold.
   */
  thresholds: z.array(z.strictObject({ threshold: z.number().min(0).max(1), trusted: z.number().min(0).max(1), wrongOfTrusted: z.number().min(0).max(1) })).optional(),
});

export type Calibration = z.infer<typeof calibrationSchema>;

/** P(read right) for a read with these features. */
export function calibratedConfidence(calibration: Calibration, features: ReadFeatures): number {
  const x = featureVector(features);
  const z = x.reduce((sum, v, i) => sum + v * calibration.weights[i]!, calibration.bias);
  return 1 / (1 + Math.exp(-z));
}

/** Throws when the calibration was fitted for other features than this code computes. */
export function checkCalibration(calibration: Calibration): void {
  if (calibration.features.join(',') !== FEATURE_NAMES.join(',') || calibration.weights.length !== FEATURE_NAMES.length) {
    throw new Error(`the manifest's calibration uses features ${calibration.features.join(', ')}; this reader computes ${FEATURE_NAMES.join(', ')}: refit it (lotkeeper alpr calibrate)`);
  }
}

export interface Sample {
  features: ReadFeatures;
  right: boolean;
}

/**
 * Logistic regression by Newton's method (IRLS) with an L2 penalty on the weights (not the bias): 8 features and a
 * few hundred reads, so a handful of exact steps. The penalty keeps a small validation set from fitting its noise.
 */
export function fitLogistic(samples: readonly Sample[], l2 = 1): { weights: number[]; bias: number } {
  const rows = samples.map((s) => [1, ...featureVector(s.features)]);
  const y = samples.map((s) => (s.right ? 1 : 0));
  const d = FEATURE_NAMES.length + 1;
  let beta = new Array<number>(d).fill(0);
  for (let iteration = 0; iteration < 50; iteration++) {
    const gradient = beta.map((b, j) => (j ? l2 * b : 0));
    const hessian = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j && i ? l2 : 0)));
    rows.forEach((x, n) => {
      const p = 1 / (1 + Math.exp(-x.reduce((s, v, j) => s + v * beta[j]!, 0)));
      const w = Math.max(p * (1 - p), 1e-9);
      for (let i = 0; i < d; i++) {
        gradient[i]! += (p - y[n]!) * x[i]!;
        for (let j = 0; j < d; j++) hessian[i]![j]! += w * x[i]! * x[j]!;
      }
    });
    const step = solve(hessian, gradient);
    beta = beta.map((b, j) => b - step[j]!);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return { bias: beta[0]!, weights: beta.slice(1) };
}

/** Gaussian elimination with partial pivoting: A x = b for a small positive-definite A. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / m[col]![col]!;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/**
 * Out-of-fold probabilities: each sample scored by a model fitted without its fold. Folds by `group` (the plate),
 * so the frames made from one photo never sit on both sides. What the calibration's ECE is quoted from.
 */
export function crossValidated(samples: readonly (Sample & { group: string })[], folds = 5, l2 = 1): number[] {
  const groups = [...new Set(samples.map((s) => s.group))].sort();
  const foldOf = new Map(groups.map((g, i) => [g, i % folds]));
  const out = new Array<number>(samples.length).fill(0);
  for (let fold = 0; fold < folds; fold++) {
    const train = samples.filter((s) => foldOf.get(s.group) !== fold);
    if (!train.length) continue;
    const { weights, bias } = fitLogistic(train, l2);
    samples.forEach((s, i) => {
      if (foldOf.get(s.group) === fold) out[i] = 1 / (1 + Math.exp(-featureVector(s.features).reduce((sum, v, j) => sum + v * weights[j]!, bias)));
    });
  }
  return out;
}

/** Lane thresholds from 50% to 99%, one point apart: the ones a supervisor can type. */
const TABLE_THRESHOLDS = Array.from({ length: 50 }, (_, i) => (50 + i) / 100);

/**
 * What each threshold buys over reads with their calibrated confidence (no plate: confidence 0): the share of reads
 * trusted, and the share of trusted reads that were wrong (0 when none is trusted).
 */
export function thresholdTable(reads: readonly { right: boolean; confidence: number }[]): NonNullable<Calibration['thresholds']> {
  const round = (v: number) => Math.round(v * 10000) / 10000;
  return TABLE_THRESHOLDS.map((threshold) => {
    const trusted = reads.filter((r) => r.confidence >= threshold);
    const wrong = trusted.filter((r) => !r.right).length;
    return { threshold, trusted: round(trusted.length / Math.max(1, reads.length)), wrongOfTrusted: round(wrong / Math.max(1, trusted.length)) };
  });
}
