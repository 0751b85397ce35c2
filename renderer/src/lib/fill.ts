/** The dashboard's fill time from the forecast (reports.fillToday). */
/** Minutes from now until the zone is expected full; 0 when that hour has begun, null when it is not expected. */
export function minutesUntilFull(fullFrom: number | null, now: number): number | null {
  if (fullFrom === null) return null;
  return Math.max(0, Math.round((fullFrom - now) / 60_000));
}
