/**
 * Raises anomalies as they happen and keeps them until a supervisor acknowledges them with a note. The record's
 * detectors (domain/anomalies.ts) run shortly after the lot changes and every few minutes, over the last day
 * judged against the weeks before it; gate cycles are judged the moment the barrier closes. Each new anomaly is
 * kept with its outbox row in one transaction, said on the console's feed and pushed as `anomalies.changed`.
 */
import type { EventPayload } from '../contract';
import type { Anomaly } from '../contract/anomalies';
import type { LaneView } from '../contract/lanes';
import { audit, type Actor, type Core } from '../core';
import { DAY_MS, HOUR_MS } from '../domain/zoned-time';
import { DEFAULT_TUNING, detectAnomalies, detectGateCycle, type Finding } from '../domain/anomalies';
import { conflict, notFound } from '../errors';
import { AnomaliesRepo } from './anomalies-repo';
import { GateWatch } from './gate-watch';


export interface AnomalyTimings {
  /** How long after a change to the lot the record is scanned (changes in a burst share one scan). */
  readonly settleMs: number;
  /** Scans with nothing changing too: a stay grows long and a reader's hour ends without a car moving. */
  readonly everyMs: number;
  /** How far back the first scan after a start looks for what happened while the kiosk was off. */
  readonly catchUpDays: number;
}
export const DEFAULT_ANOMALY_TIMINGS: AnomalyTimings = { settleMs: 10_000, everyMs: 5 * 60_000, catchUpDays: 7 };

export class AnomalyService {
  readonly repo: AnomaliesRepo;
  private readonly gates = new GateWatch();
  private readonly stops: (() => void)[] = [];
  private pending: NodeJS.Timeout | null = null;
  private scannedUntil: number | null = null;

  constructor(
    private readonly core: Core,
    private readonly timings: AnomalyTimings = DEFAULT_ANOMALY_TIMINGS,
  ) {
    this.repo = new AnomaliesRepo(core.store.db);
  }

  /** Starts watching; `lanes` are the lanes as they stand, so a barrier's first opening after a start is a cycle. */
  start(lanes: readonly LaneView[]): void {
    for (const lane of lanes) this.gates.observe(lane, this.core.now());
    this.stops.push(
      this.core.bus.subscribe((name, payload) => {
        if (name === 'lot.changed') this.scanSoon();
        if (name === 'lanes.changed') this.gateChanged((payload as EventPayload<'lanes.changed'>).lane);
      }),
    );
    const timer = setInterval(() => this.scanLogged(), this.timings.everyMs);
    this.stops.push(() => clearInterval(timer));
    this.scanLogged();
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
    if (this.pending) clearTimeout(this.pending);
    this.pending = null;
  }

  /** Runs the record's detectors up to now; returns the anomalies that are new. */
  scan(): Anomaly[] {
    const now = this.core.now();
    const from = Math.min(this.scannedUntil ?? now - this.timings.catchUpDays * DAY_MS, now - DAY_MS);
    const baselineFrom = from - DEFAULT_TUNING.baselineDays * DAY_MS - DEFAULT_TUNING.recentHours * HOUR_MS;
    // Up to and including this very millisecond: a car that came in now is part of the record.
    const to = now + 1;
    const facts = this.repo.facts(baselineFrom, to, now - 90 * DAY_MS);
    this.scannedUntil = now;
    return this.raise(detectAnomalies(facts, { from, to }));
  }

  list(status: 'open' | 'all', limit: number): { anomalies: Anomaly[]; open: number } {
    return { anomalies: this.repo.list(status, limit), open: this.repo.openCount() };
  }

  /** One transaction: the acknowledgement, its audit row and the outbox row that tells head office. */
  acknowledge(id: number, note: string, actor: Actor): Anomaly {
    const { store, now } = this.core;
    const anomaly = store.change(() => {
      const found = this.repo.get(id);
      if (!found) throw notFound(`anomaly ${id}`);
      if (!this.repo.acknowledge(id, actor.username, note, now())) throw conflict(`anomaly ${id} was already acknowledged by ${found.acknowledgedBy}`);
      const acknowledged = this.repo.get(id)!;
      audit(this.core, { actor: actor.username, action: 'anomaly.acknowledged', subject: `anomaly:${id}`, detail: { kind: found.kind, subject: found.subject, note } });
      store.outbox.append('anomaly', `anomaly:${id}:acknowledged`, acknowledged, acknowledged.acknowledgedAt!);
      return acknowledged;
    });
    this.core.bus.emit('anomalies.changed', { anomaly, open: this.repo.openCount() });
    return anomaly;
  }

  private raise(findings: readonly Finding[]): Anomaly[] {
    const { store, now } = this.core;
    const raised = store.change(() =>
      findings.flatMap((finding) => {
        const anomaly = this.repo.add(finding, now());
        if (anomaly) store.outbox.append('anomaly', `anomaly:${anomaly.id}`, anomaly, anomaly.raisedAt);
        return anomaly ?? [];
      }),
    );
    for (const anomaly of raised) {
      this.core.bus.log({ at: anomaly.raisedAt, kind: `anomaly.${anomaly.kind}`, text: `Anomaly: ${anomaly.text}`, sessionId: anomaly.subject.startsWith('session:') ? Number(anomaly.subject.slice(8)) : null });
      this.core.bus.emit('anomalies.changed', { anomaly, open: this.repo.openCount() });
    }
    return raised;
  }

  private gateChanged(lane: LaneView): void {
    const cycle = this.gates.observe(lane, this.core.now());
    const finding = cycle && detectGateCycle(cycle);
    if (finding) this.guarded(() => this.raise([finding]));
  }

  private scanSoon(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = null;
      this.scanLogged();
    }, this.timings.settleMs);
  }

  /** A scan that fails (a full disk) is logged and tried again at the next change or tick; the lanes go on. */
  private scanLogged(): void {
    this.guarded(() => this.scan());
  }

  private guarded(work: () => unknown): void {
    try {
      work();
    } catch (error) {
      this.core.log.error({ err: error }, 'anomaly scan failed');
    }
  }
}
