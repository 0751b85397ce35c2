/**
 * What a lane threshold would have bought on the lane's own cars: of the reads the lane made (each with the
 * reader's confidence), the share a threshold trusts (lets through on the read alone), and how many of those were
 * found wrong afterwards (corrected at the lane or fixed on the session), per 1,000 cars. A lower bound on the wrong
 * ones: a misread nobody noticed is not counted. Beside the calibration's figures, from photos, the console shows
 * these from the site's own camera, light and plates.
 */

/** Counts by confidence in whole percent (floor): 85 holds the reads from 0.85 up to, not including, 0.86. */
export type CountsByPercent = ReadonlyMap<number, number>;

export interface ThresholdOutcome {
  readonly threshold: number;
  /** Share of the lane's reads at or above the threshold. */
  readonly trusted: number;
  /** Reads at or above the threshold that were found wrong, per 1,000 of all the lane's reads. */
  readonly wrongPerThousand: number;
}

export interface ThresholdHistory {
  /** The reads with a confidence the figures rest on. */
  readonly reads: number;
  readonly thresholds: ThresholdOutcome[];
}

/** The thresholds the reader's calibration is reported at: 50% to 99%, so the two tables meet row by row. */
export const HISTORY_THRESHOLDS: readonly number[] = Array.from({ length: 50 }, (_, i) => (50 + i) / 100);

const atOrAbove = (counts: CountsByPercent, percent: number): number => {
  let total = 0;
  for (const [at, n] of counts) if (at >= percent) total += n;
  return total;
};

/**
 * The lane's outcome at each threshold, its reads given in parts (each read in exactly one); null when the lane made
 * no read with a confidence in the period.
 */
export function thresholdHistory(readParts: ReadonlyArray<CountsByPercent | undefined>, wrong: CountsByPercent, thresholds: readonly number[] = HISTORY_THRESHOLDS): ThresholdHistory | null {
  const readsAtOrAbove = (percent: number): number => readParts.reduce((sum, part) => sum + (part ? atOrAbove(part, percent) : 0), 0);
  const total = readsAtOrAbove(0);
  if (total === 0) return null;
  return {
    reads: total,
    thresholds: thresholds.map((threshold) => {
      const percent = Math.round(threshold * 100);
      return { threshold, trusted: readsAtOrAbove(percent) / total, wrongPerThousand: (atOrAbove(wrong, percent) / total) * 1000 };
    }),
  };
}
