/**
 * Head office as the sync worker sees it. Two implementations pass the same contract test
 * (test/integration/sync-headoffice.contract.test.ts): HttpHeadOffice (HTTPS, gzip, bearer token, optional pinned
 * certificate) against the loopback server, and MemoryHeadOffice for core tests and the demo site.
 */
import type { ConfigDelta, DayTotal, PushAck, ResendAck } from './protocol';

export type { ConfigDelta, DayTotal, PushAck, ResendAck } from './protocol';

/** An outbox row on its way out. `payloadJson` is the stored JSON text, sent as is (no re-encoding per row). */
export interface OutgoingChange {
  readonly seq: number;
  readonly key: string;
  readonly kind: string;
  readonly day: string;
  readonly createdAt: number;
  readonly payloadJson: string;
}

/** Which page of a config pull: after the cursor a previous page gave (`next`), at most `limit` records. */
export interface ConfigPageRequest {
  readonly after?: string | null;
  readonly limit?: number;
}

export interface HeadOffice {
  /**
   * Sends every change with after < seq <= last, in order; the ack says how far head office holds them all, which
   * may be beyond this batch when it already held more (a batch stored before a crash lost its ack).
   */
  push(after: number, changes: readonly OutgoingChange[]): Promise<PushAck>;
  /** Re-sends changes head office lacks (reconciliation); duplicates are stored once. */
  resend(changes: readonly OutgoingChange[]): Promise<ResendAck>;
  /**
   * One page of the config published after `sinceVersion`: the first without `after`, the rest with the previous
   * page's `next`; at most `limit` records (head office's default page without it).
   */
  pullConfig(sinceVersion: number, page?: ConfigPageRequest): Promise<ConfigDelta>;
  /** Head office's count and checksum per site-local day, of the changes with seq <= upToSeq when given. */
  dayTotals(days: readonly string[], upToSeq?: number): Promise<DayTotal[]>;
  /** Releases sockets (no-op in memory). */
  close(): void;
}

export type HeadOfficeErrorCode =
  | 'unreachable' // connection refused, reset or dropped
  | 'timeout' // no complete answer within the timeout
  | 'unauthorized' // the site token was refused
  | 'pin_mismatch' // the server's certificate is not the pinned one: nothing was sent
  | 'out_of_order' // head office holds less than `after`: resend from `ackSeq`
  | 'too_large' // the batch was refused for its size: send smaller ones
  | 'rejected' // head office refused the request (4xx): a bug on one side; kept in place, retried later
  | 'server_error' // 5xx
  | 'invalid_response'; // malformed, oversized or not in the protocol

export class HeadOfficeError extends Error {
  override readonly name = 'HeadOfficeError';
  constructor(
    readonly code: HeadOfficeErrorCode,
    message: string,
    /** With out_of_order: what head office holds. */
    readonly ackSeq: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
