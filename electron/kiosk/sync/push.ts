/**
 * The sync worker's push (sync-service.ts): the outbox to head office in seq order, in bounded batches, until head
 * office holds every row. The only progress marker is `acked_seq`, head office's own acknowledgement, saved after
 * each ack; a push says `after` (what the site believes head office holds), and head office refuses one that would
 * leave a gap (out_of_order, with what it holds), which rewinds the site to that. An ack below `after` (head office
 * restored from a backup) rewinds too; an ack beyond the batch is refused as invalid and nothing moves.
 */
import type { HeadOffice, OutgoingChange } from '../../../native/headoffice';
import { HeadOfficeError, LIMITS } from '../../../native/headoffice';
import type { SyncStatus } from '../contract/sync';
import type { Core } from '../core';
import type { OutboxRow } from '../store/outbox-repo';
import type { SyncRepo } from '../store/sync-repo';
import { lastLocalDays, localDay } from './days';

export interface PushOptions {
  readonly batchSize: number;
  readonly batchBytes: number;
}

/** What the worker hears from a push: an ack saved, and a backlog big enough to show its progress. */
export interface PushEvents {
  acknowledged(): void;
  catchingUp(): void;
}

export class OutboxPusher {
  /** Halved when head office finds a batch too large, doubled back after each ack. */
  private batchSize: number;
  private catchUp: { total: number; startSeq: number } | null = null;

  constructor(
    private readonly core: Core,
    private readonly headOffice: HeadOffice,
    private readonly repo: SyncRepo,
    private readonly options: PushOptions,
    private readonly events: PushEvents,
  ) {
    this.batchSize = options.batchSize;
  }

  /** The backlog's progress for the console's bar, while there is one. */
  progress(ackedSeq: number): SyncStatus['catchingUp'] {
    const catchUp = this.catchUp;
    return catchUp ? { total: catchUp.total, done: Math.min(catchUp.total, Math.max(0, ackedSeq - catchUp.startSeq)) } : null;
  }

  async pushUntilCaughtUp(stopped: () => boolean): Promise<void> {
    for (;;) {
      if (stopped()) return;
      const after = this.repo.state().ackedSeq;
      const rows = this.core.store.outbox.after(after, this.batchSize);
      this.trackCatchUp(after);
      if (rows.length === 0) {
        this.catchUp = null;
        return;
      }
      const batch = this.boundBatch(rows);
      try {
        const { ackSeq } = await this.headOffice.push(after, batch);
        this.onAck(after, batch, ackSeq);
      } catch (error) {
        if (!(error instanceof HeadOfficeError)) throw error;
        if (error.code === 'out_of_order' && error.ackSeq !== null && error.ackSeq < after) {
          this.core.log.warn({ after, ackSeq: error.ackSeq }, 'head office holds less than acknowledged: re-sending from its seq');
          this.repo.acknowledge(error.ackSeq, this.core.now());
          continue;
        }
        if (error.code === 'too_large' && this.batchSize > 1) {
          this.batchSize = Math.max(1, Math.floor(batch.length / 2));
          continue;
        }
        throw error;
      }
    }
  }

  private onAck(after: number, batch: readonly OutgoingChange[], ackSeq: number): void {
    if (ackSeq < after) {
      // Head office holds less than it acknowledged before (restored from a backup?): resend from there.
      this.core.log.warn({ after, ackSeq }, 'head office acknowledged less than before: re-sending from its seq');
    } else if (ackSeq > this.core.store.outbox.lastSeq()) {
      throw new HeadOfficeError('invalid_response', `head office acknowledged seq ${ackSeq}, beyond this site's newest change (${this.core.store.outbox.lastSeq()})`);
    } else if (ackSeq === after) {
      throw new HeadOfficeError('invalid_response', `head office acknowledged none of the ${batch.length} changes sent after seq ${after}`);
    }
    // The hours index is filled in here, one commit with the ack, rather than by an index write in every change.
    this.core.store.change(() => {
      this.repo.acknowledge(ackSeq, this.core.now());
      this.core.store.outbox.indexThrough(ackSeq);
    });
    this.batchSize = Math.min(this.options.batchSize, this.batchSize * 2);
    this.events.acknowledged();
  }

  /** A batch is at most batchSize rows and batchBytes of JSON, but always at least one row. */
  private boundBatch(rows: readonly OutboxRow[]): OutgoingChange[] {
    const timeZone = this.core.layout().site.timeZone;
    const batch: OutgoingChange[] = [];
    let bytes = 0;
    let dayStart = Number.POSITIVE_INFINITY;
    let dayEnd = Number.NEGATIVE_INFINITY;
    let day = '';
    for (const row of rows) {
      bytes += row.payload.length + row.key.length + 100;
      if (batch.length > 0 && (bytes > this.options.batchBytes || bytes > LIMITS.maxBatchBytes / 2)) break;
      if (row.created_at < dayStart || row.created_at >= dayEnd) {
        // Rows come in time order nearly always: one time-zone lookup per day, not per row.
        day = localDay(timeZone, row.created_at);
        const range = lastLocalDays(timeZone, row.created_at, 1)[0]!;
        [dayStart, dayEnd] = [range.from, range.to];
      }
      batch.push({ seq: row.seq, key: row.key, kind: row.kind, day, createdAt: row.created_at, payloadJson: row.payload });
    }
    return batch;
  }

  private trackCatchUp(ackedSeq: number): void {
    const waiting = this.core.store.outbox.lastSeq() - ackedSeq;
    if (!this.catchUp && waiting > this.options.batchSize) {
      this.catchUp = { total: waiting, startSeq: ackedSeq };
      this.events.catchingUp(); // the console shows the progress bar from the first batch on
    } else if (this.catchUp && waiting + (ackedSeq - this.catchUp.startSeq) > this.catchUp.total) {
      this.catchUp = { ...this.catchUp, total: waiting + (ackedSeq - this.catchUp.startSeq) };
    }
  }
}
