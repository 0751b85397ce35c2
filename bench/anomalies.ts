/**
 * The anomaly detectors (electron/kiosk/domain/anomalies.ts) on simulated months with injected anomalies of every
 * kind (bench/lib/anomaly-month.ts): precision and recall per kind and false alarms per day.
 *
 * The thresholds in DEFAULT_TUNING were chosen by looking at months drawn with seeds 1-3 (`--seeds 1,2,3`); the
 * figures to quote come from the default seeds 101-110, which played no part in choosing them.
 * A finding is a true alarm when an injected anomaly of its kind names its subject and it falls in the injected
 * span; an injected anomaly is found when at least one finding matches it.
 */
import { ANOMALY_KINDS, detectAnomalies, detectGateCycle, type AnomalyKind, type Finding } from '../electron/kiosk/domain/anomalies';
import { seededRandom } from '../native/demo/history';
import { MONTH_DAYS, simulateMonth, type Injected } from './lib/anomaly-month';
import { machine } from './lib/measure';

const seedsArg = process.argv.indexOf('--seeds');
const seeds = seedsArg > 0 ? process.argv[seedsArg + 1]!.split(',').map(Number) : Array.from({ length: 10 }, (_, i) => 101 + i);
const progress = (text: string) => process.stderr.write(`[bench anomalies] ${text}\n`);

const tally = new Map<AnomalyKind, { findings: number; trueFindings: number; injected: number; found: number }>(ANOMALY_KINDS.map((k) => [k, { findings: 0, trueFindings: 0, injected: 0, found: 0 }]));
let falseAlarms = 0;
const detectMs: number[] = [];

const matches = (finding: Finding, injection: Injected) =>
  finding.kind === injection.kind && injection.subjects.includes(finding.subject) && finding.at >= injection.from && finding.at <= injection.to;

for (const seed of seeds) {
  const month = simulateMonth(seededRandom(seed));
  const started = performance.now();
  const findings = [
    ...detectAnomalies(month.facts, { from: month.from, to: month.to }),
    ...month.cycles.filter((c) => c.closedAt >= month.from && c.closedAt < month.to).flatMap((c) => detectGateCycle(c) ?? []),
  ];
  detectMs.push(performance.now() - started);
  for (const finding of findings) {
    const row = tally.get(finding.kind)!;
    row.findings++;
    if (month.injected.some((i) => matches(finding, i))) row.trueFindings++;
    else falseAlarms++;
  }
  for (const injection of month.injected) {
    const row = tally.get(injection.kind)!;
    row.injected++;
    if (findings.some((f) => matches(f, injection))) row.found++;
  }
  progress(`seed ${seed}: ${findings.length} findings, ${month.injected.length} injected, ${month.facts.stays.length} stays`);
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const perKind = Object.fromEntries(
  [...tally].map(([kind, t]) => [kind, { precision: t.findings ? round(t.trueFindings / t.findings) : null, recall: round(t.found / t.injected), findings: t.findings, injected: t.injected }]),
);
const precisions = [...tally.values()].map((t) => (t.findings ? t.trueFindings / t.findings : 0));
const recalls = [...tally.values()].map((t) => t.found / t.injected);
const sortedMs = [...detectMs].sort((a, b) => a - b);
console.log(
  JSON.stringify({
    bench: 'anomalies',
    seeds,
    months: seeds.length,
    days_per_month: MONTH_DAYS,
    per_kind: perKind,
    precision_min: round(Math.min(...precisions)),
    recall_min: round(Math.min(...recalls)),
    false_alarms_per_day: round(falseAlarms / (seeds.length * MONTH_DAYS)),
    detect_month_median_ms: round(sortedMs[Math.floor(sortedMs.length / 2)]!),
    machine: machine(),
  }),
);
