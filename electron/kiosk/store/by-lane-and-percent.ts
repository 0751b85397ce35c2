/** Grouped counts (lane, whole percent, n) as a map per lane: how the reader figures take reads and corrections. */
export function byLaneAndPercent(rows: ReadonlyArray<{ lane: string; percent: number; n: number }>): Map<string, Map<number, number>> {
  const lanes = new Map<string, Map<number, number>>();
  for (const { lane, percent, n } of rows) {
    const counts = lanes.get(lane) ?? new Map<number, number>();
    counts.set(percent, n);
    lanes.set(lane, counts);
  }
  return lanes;
}
