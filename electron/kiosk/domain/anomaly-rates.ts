/**
 * The rate rules: a lane's reader or a card reader failing more than it usually does, judged by exact tails over
 * sliding hourly windows (a baseline of days against the last hours), so a quiet night is not an alarm.
 */
import type { CardHour, Finding, ReadHour, Tuning } from './anomalies';
import { HOUR_MS } from './zoned-time';

/** The smallest count whose chance under a Poisson rate `mean` is below `tail`. */
export function poissonThreshold(mean: number, tail: number): number {
  let k = 0;
  let term = Math.exp(-mean);
  let below = term;
  while (1 - below >= tail) {
    k++;
    term *= mean / k;
    below += term;
  }
  return k + 1;
}

interface RateHour {
  readonly hour: number;
  readonly subject: string;
  readonly n: number;
  readonly hits: number;
  readonly sum: number;
}

interface Totals {
  readonly n: number;
  readonly hits: number;
  readonly sum: number;
}

/** One subject at the end of one hour: its last `recentHours` and the `baselineDays` before them. */
interface RateWindow {
  readonly subject: string;
  readonly at: number;
  readonly recent: Totals;
  readonly baseline: Totals;
}

/** Sliding windows over hourly rows per subject, one at the end of each hour in [from, to). */
function rateWindows(rows: readonly RateHour[], window: { from: number; to: number }, tuning: Tuning): RateWindow[] {
  const bySubject = new Map<string, Map<number, RateHour>>();
  for (const row of rows) {
    const hours = bySubject.get(row.subject) ?? new Map<number, RateHour>();
    hours.set(row.hour, row);
    bySubject.set(row.subject, hours);
  }
  const windows: RateWindow[] = [];
  const firstHour = Math.ceil(window.from / HOUR_MS);
  const lastHour = Math.floor((window.to - 1) / HOUR_MS);
  const baselineHours = tuning.baselineDays * 24;
  for (const [subject, hours] of bySubject) {
    const prefix = prefixTotals(hours, firstHour - tuning.recentHours - baselineHours, lastHour);
    for (let end = firstHour; end <= lastHour; end++) {
      const recent = prefix.between(end - tuning.recentHours, end);
      const baseline = prefix.between(end - tuning.recentHours - baselineHours, end - tuning.recentHours);
      windows.push({ subject, at: end * HOUR_MS, recent, baseline });
    }
  }
  return windows;
}

/** Totals of hours [a, b) in O(1) after one pass. */
function prefixTotals(hours: Map<number, RateHour>, first: number, last: number): { between(a: number, b: number): Totals } {
  const n = [0];
  const hits = [0];
  const sum = [0];
  for (let h = first; h <= last; h++) {
    const row = hours.get(h);
    n.push(n.at(-1)! + (row?.n ?? 0));
    hits.push(hits.at(-1)! + (row?.hits ?? 0));
    sum.push(sum.at(-1)! + (row?.sum ?? 0));
  }
  const at = (h: number) => Math.min(Math.max(h - first, 0), n.length - 1);
  return { between: (a, b) => ({ n: n[at(b)]! - n[at(a)]!, hits: hits[at(b)]! - hits[at(a)]!, sum: sum[at(b)]! - sum[at(a)]! }) };
}

const rate = (t: Totals, of: 'hits' | 'sum') => t[of] / t.n;

/** The chance of `k` or more hits in `n` tries at rate `p` (exact binomial tail). */
export function binomialTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  let logChoose = 0;
  let total = 0;
  for (let i = 0; i <= n; i++) {
    if (i > 0) logChoose += Math.log((n - i + 1) / i);
    if (i >= k) total += Math.exp(logChoose + i * Math.log(p) + (n - i) * Math.log(1 - p));
  }
  return total;
}

/**
 * A lane whose reader trusts fewer reads, or reads with less confidence, than it usually does, beyond what the
 * other lanes lost at the same time: rain, dusk or low sun dims every camera at once and is not a reader fault.
 */
export function readerDrops(reads: readonly ReadHour[], window: { from: number; to: number }, tuning: Tuning): Finding[] {
  const windows = rateWindows(reads.map((r) => ({ hour: r.hour, subject: r.laneId, n: r.reads, hits: r.trusted, sum: r.confidenceSum })), window, tuning);
  const usable = windows.filter((w) => w.recent.n >= tuning.readerMinReads && w.baseline.n >= tuning.readerMinReads * 5);
  const drop = (w: RateWindow, of: 'hits' | 'sum') => rate(w.baseline, of) - rate(w.recent, of);
  const byHour = new Map<number, RateWindow[]>();
  for (const w of usable) byHour.set(w.at, [...(byHour.get(w.at) ?? []), w]);
  const found: Finding[] = [];
  for (const w of usable) {
    const others = byHour.get(w.at)!.filter((o) => o.subject !== w.subject);
    const siteDrop = (of: 'hits' | 'sum') => (others.length ? Math.max(0, others.reduce((s, o) => s + drop(o, of), 0) / others.length) : 0);
    const trustedDrop = drop(w, 'hits') - siteDrop('hits');
    const confidenceDrop = drop(w, 'sum') - siteDrop('sum');
    const expectedTrusted = Math.min(1, rate(w.baseline, 'hits') - siteDrop('hits'));
    const unlikely = binomialTail(w.recent.n - w.recent.hits, w.recent.n, 1 - expectedTrusted) < tuning.rateTail;
    if (!(trustedDrop >= tuning.readerTrustedDrop && unlikely) && confidenceDrop < tuning.readerConfidenceDrop) continue;
    const percent = (x: number) => Math.round(x * 100);
    found.push({
      kind: 'reader_drop',
      key: `reader_drop:${w.subject}:${w.at}`,
      at: w.at,
      subject: `lane:${w.subject}`,
      laneId: w.subject,
      actor: null,
      text: `Lane ${w.subject}'s reader trusted ${percent(rate(w.recent, 'hits'))}% of reads in the last ${tuning.recentHours} h (usually ${percent(rate(w.baseline, 'hits'))}%), mean confidence ${rate(w.recent, 'sum').toFixed(2)} (usually ${rate(w.baseline, 'sum').toFixed(2)})`,
      detail: { reads: w.recent.n, trustedRate: rate(w.recent, 'hits'), usualTrustedRate: rate(w.baseline, 'hits'), meanConfidence: rate(w.recent, 'sum'), usualConfidence: rate(w.baseline, 'sum') },
    });
  }
  return found;
}

export function cardFailureRises(cards: readonly CardHour[], window: { from: number; to: number }, tuning: Tuning): Finding[] {
  const windows = rateWindows(cards.map((c) => ({ hour: c.hour, subject: c.terminalId, n: c.attempts, hits: c.failed, sum: 0 })), window, tuning);
  const percent = (x: number) => Math.round(x * 100);
  return windows
    .filter(({ recent, baseline }) => recent.n >= tuning.cardMinAttempts && baseline.n >= tuning.cardMinAttempts * 5)
    .filter(({ recent, baseline }) => rate(recent, 'hits') - rate(baseline, 'hits') >= tuning.cardFailureRise && binomialTail(recent.hits, recent.n, rate(baseline, 'hits')) < tuning.rateTail)
    .map(({ subject, at, recent, baseline }) => ({
      kind: 'card_failures',
      key: `card_failures:${subject}:${at}`,
      at,
      subject: `terminal:${subject}`,
      laneId: null,
      actor: null,
      text: `Card reader ${subject}: ${percent(rate(recent, 'hits'))}% of ${recent.n} payments failed in the last ${tuning.recentHours} h (usually ${percent(rate(baseline, 'hits'))}%)`,
      detail: { attempts: recent.n, failureRate: rate(recent, 'hits'), usualFailureRate: rate(baseline, 'hits') },
    }));
}
