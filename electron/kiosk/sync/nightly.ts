/**
 * The sync worker's nightly reconciliation (sync-service.ts): at `nightlyAt`, site-local, the last `reconcileDays`
 * days are compared with head office and what differs is sent again (reconcile.ts). The slot is recomputed when the
 * clock jumps back more than a day; a check that fails is owed, and runs at the next cycle that reaches head office.
 */
import type { HeadOffice } from '../../../native/headoffice';
import type { ReconciliationView } from '../contract/sync';
import type { Core } from '../core';
import type { SyncRepo } from '../store/sync-repo';
import { lastLocalDays, nextLocalTime } from './days';
import { compareAndRepair } from './reconcile';

export interface NightlyOptions {
  readonly nightlyAt: string;
  readonly reconcileDays: number;
  readonly batchSize: number;
}

const DAY_MS = 86_400_000;

export class NightlyReconciliation {
  private nextAt: number | null = null;
  /** Asked for now (the supervisor's button), or owed by a check that failed. */
  private requested = false;

  constructor(
    private readonly core: Core,
    private readonly headOffice: HeadOffice,
    private readonly repo: SyncRepo,
    private readonly options: NightlyOptions,
  ) {}

  /** When the next check runs; null until the worker starts. */
  get next(): number | null {
    return this.nextAt;
  }

  start(): void {
    this.nextAt = this.slotAfter(this.core.now());
  }

  request(): void {
    this.requested = true;
  }

  due(): boolean {
    return this.requested || this.slotDue();
  }

  /** Runs the check now; a failure is recorded, owed again, and thrown. */
  async run(): Promise<ReconciliationView> {
    this.requested = false;
    const now = this.core.now();
    this.nextAt = this.slotAfter(now);
    const days = lastLocalDays(this.timeZone(), now, this.options.reconcileDays);
    const id = this.repo.startReconciliation(now, days[0]!.day, days.at(-1)!.day);
    try {
      const result = await compareAndRepair({ headOffice: this.headOffice, outbox: this.core.store.outbox, batchSize: this.options.batchSize }, days, this.repo.state().ackedSeq);
      this.repo.finishReconciliation(id, this.core.now(), { ...result, error: null });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.requested = true; // tonight's check is owed: it runs at the next cycle that reaches head office
      this.repo.finishReconciliation(id, this.core.now(), { daysChecked: 0, daysMismatched: 0, changesResent: 0, outcome: 'failed', detail: [], error: message });
      throw error;
    }
    const view = this.repo.reconciliations(1)[0]!;
    this.core.bus.log({ at: this.core.now(), kind: 'sync', text: `nightly reconciliation: ${view.outcome}, ${view.daysMismatched} of ${view.daysChecked} days differed, ${view.changesResent} re-sent`, sessionId: null });
    return view;
  }

  private slotDue(): boolean {
    const now = this.core.now();
    if (this.nextAt === null) return false;
    // The clock jumped back by more than a day: the slot we computed is no longer "tonight".
    if (this.nextAt - now > DAY_MS + 3_600_000) this.nextAt = this.slotAfter(now);
    return now >= this.nextAt;
  }

  private slotAfter(now: number): number {
    return nextLocalTime(this.timeZone(), now, this.options.nightlyAt);
  }

  private timeZone(): string {
    return this.core.layout().site.timeZone;
  }
}
