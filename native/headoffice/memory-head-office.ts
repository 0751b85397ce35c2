/**
 * Head office in memory: the protocol's reference semantics (ledger.ts) behind the HeadOffice interface, for core
 * tests and the demo site. It passes the same contract test as HttpHeadOffice against the loopback server, including
 * `setOffline` (unreachable) so the worker's backoff can be exercised without sockets.
 */
import { HeadOfficeError, type ConfigPageRequest, type HeadOffice, type OutgoingChange } from './head-office';
import { HeadOfficeLedger, InvalidCursorError, OutOfOrderError } from './ledger';
import { LIMITS, type Change, type ConfigDelta, type DayTotal, type PushAck, type ResendAck } from './protocol';

export class MemoryHeadOffice implements HeadOffice {
  private offline = false;

  constructor(readonly ledger = new HeadOfficeLedger()) {}

  setOffline(offline: boolean): void {
    this.offline = offline;
  }

  async push(after: number, changes: readonly OutgoingChange[]): Promise<PushAck> {
    this.reachable();
    try {
      return this.ledger.push(after, decode(changes));
    } catch (error) {
      if (error instanceof OutOfOrderError) throw new HeadOfficeError('out_of_order', error.message, error.ackSeq);
      throw error;
    }
  }

  async resend(changes: readonly OutgoingChange[]): Promise<ResendAck> {
    this.reachable();
    return this.ledger.resend(decode(changes));
  }

  async pullConfig(sinceVersion: number, page: ConfigPageRequest = {}): Promise<ConfigDelta> {
    this.reachable();
    if (page.limit !== undefined && !(Number.isInteger(page.limit) && page.limit >= 1 && page.limit <= LIMITS.maxConfigPage)) {
      throw new HeadOfficeError('rejected', `a config page holds 1 to ${LIMITS.maxConfigPage} records`);
    }
    try {
      return this.ledger.configPage(sinceVersion, page);
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new HeadOfficeError('rejected', error.message);
      throw error;
    }
  }

  async dayTotals(days: readonly string[], upToSeq?: number): Promise<DayTotal[]> {
    this.reachable();
    if (days.length > LIMITS.maxDays) throw new HeadOfficeError('rejected', `at most ${LIMITS.maxDays} days per request`);
    return this.ledger.dayTotals(days, upToSeq);
  }

  /** Nothing to release: there are no sockets. */
  close(): void {}

  private reachable(): void {
    if (this.offline) throw new HeadOfficeError('unreachable', 'head office is offline');
  }
}

function decode(changes: readonly OutgoingChange[]): Change[] {
  if (changes.length === 0 || changes.length > LIMITS.maxBatchChanges) {
    throw new HeadOfficeError('rejected', `a batch holds 1 to ${LIMITS.maxBatchChanges} changes`);
  }
  return changes.map(({ payloadJson, ...rest }) => ({ ...rest, payload: JSON.parse(payloadJson) as unknown }));
}
