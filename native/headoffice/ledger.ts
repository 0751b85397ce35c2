/**
 * What a head office does with one site's traffic, in memory: the reference semantics of the protocol. The in-memory
 * head office and the loopback HTTP server both delegate here, so both behave the same way by construction.
 *  - A change is stored once per key, whatever arrives twice.
 *  - `highWater` is the seq up to which head office holds every change: a push is accepted only when it starts at or
 *    below it (after <= highWater), and moves it to the batch's last seq.
 *  - Config is a list of versioned publications; a pull returns, page by page, what was published after the site's
 *    version.
 */
import { dayChecksum } from './checksum';
import { LIMITS } from './protocol';
import type { AccessChange, Change, ConfigDelta, DayTotal, HeadOfficeBooking, PushAck, QrPayment, ResendAck, StripeEvent, ValidationCodeChange } from './protocol';

export class OutOfOrderError extends Error {
  override readonly name = 'OutOfOrderError';
  constructor(readonly ackSeq: number) {
    super(`head office holds this site's changes up to seq ${ackSeq} only: send from there`);
  }
}

/** A config cursor this ledger did not give out for that `since`: the site's bug or a forged request. */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  constructor(cursor: string, since: number) {
    super(`"${cursor.slice(0, 40)}" is not a config cursor for since=${since}: start again without one`);
  }
}

/** Half the answer cap: the JSON around the records, and non-ASCII text, fit in the other half. */
const PAGE_BYTES = LIMITS.maxResponseBytes / 2;

type Publication =
  | { version: number; type: 'tariff'; table: Record<string, unknown> }
  | { version: number; type: 'access'; change: AccessChange }
  | { version: number; type: 'validationCode'; change: ValidationCodeChange }
  | { version: number; type: 'qrPayment'; payment: QrPayment }
  | { version: number; type: 'booking'; booking: HeadOfficeBooking }
  | { version: number; type: 'stripeEvent'; event: StripeEvent };

export class HeadOfficeLedger {
  private readonly byKey = new Map<string, Change>();
  private high = 0;
  private publications: Publication[] = [];
  private configVersion = 0;
  /** Changes that arrived again under a key already stored: proof the idempotency was exercised. */
  duplicatesReceived = 0;

  get highWater(): number {
    return this.high;
  }

  push(after: number, changes: readonly Change[]): PushAck {
    if (after > this.high) throw new OutOfOrderError(this.high);
    this.store(changes);
    this.high = Math.max(this.high, changes.at(-1)?.seq ?? after);
    return { ackSeq: this.high };
  }

  resend(changes: readonly Change[]): ResendAck {
    const stored = this.store(changes);
    return { stored, duplicates: changes.length - stored };
  }

  dayTotals(days: readonly string[], upToSeq = Number.MAX_SAFE_INTEGER): DayTotal[] {
    const wanted = new Map(days.map((day) => [day, [] as Change[]]));
    for (const change of this.byKey.values()) if (change.seq <= upToSeq) wanted.get(change.day)?.push(change);
    return [...wanted].map(([day, list]) => ({ day, count: list.length, checksum: dayChecksum(list.sort((a, b) => a.seq - b.seq)) }));
  }

  /**
   * One page of what was published after `since` (PROTOCOL.md, "Config"). A page holds whole versions while they
   * fit `limit` records and PAGE_BYTES; a single version larger than that is split over as many pages as it needs.
   * The cursor is the position of the next publication: publications only ever append, so it stays valid.
   */
  configPage(since: number, page: { after?: string | null; limit?: number } = {}): ConfigDelta {
    const limit = page.limit ?? LIMITS.defaultConfigPage;
    const start = page.after ? this.cursorPosition(page.after, since) : this.firstAfter(since);
    const end = this.pageEnd(start, limit);
    const records = this.publications.slice(start, end);
    const following = this.publications[end];
    return {
      // With more to come, every version below the next record's is complete.
      version: following ? Math.max(since, following.version - 1) : Math.max(since, this.configVersion),
      next: following ? `p${end}` : null,
      tariffs: records.flatMap((p) => (p.type === 'tariff' ? [p.table] : [])),
      access: records.flatMap((p) => (p.type === 'access' ? [p.change] : [])),
      validationCodes: records.flatMap((p) => (p.type === 'validationCode' ? [p.change] : [])),
      qrPayments: records.flatMap((p) => (p.type === 'qrPayment' ? [p.payment] : [])),
      bookings: records.flatMap((p) => (p.type === 'booking' ? [p.booking] : [])),
      stripeEvents: records.flatMap((p) => (p.type === 'stripeEvent' ? [p.event] : [])),
    };
  }

  /** Head office publishes config: each call is one new config version. */
  publish(items: { tariffs?: Record<string, unknown>[]; access?: AccessChange[]; validationCodes?: ValidationCodeChange[]; qrPayments?: QrPayment[]; bookings?: HeadOfficeBooking[]; stripeEvents?: StripeEvent[] }): number {
    const version = ++this.configVersion;
    for (const event of items.stripeEvents ?? []) this.publications.push({ version, type: 'stripeEvent', event });
    for (const booking of items.bookings ?? []) this.publications.push({ version, type: 'booking', booking });
    for (const payment of items.qrPayments ?? []) this.publications.push({ version, type: 'qrPayment', payment });
    for (const table of items.tariffs ?? []) this.publications.push({ version, type: 'tariff', table });
    for (const change of items.access ?? []) this.publications.push({ version, type: 'access', change });
    for (const change of items.validationCodes ?? []) this.publications.push({ version, type: 'validationCode', change });
    return version;
  }

  /** Every stored change, in seq order (tests compare it with the site's outbox). */
  all(): Change[] {
    return [...this.byKey.values()].sort((a, b) => a.seq - b.seq);
  }

  count(): number {
    return this.byKey.size;
  }

  /** Head office restored from an older backup: it holds less than it acknowledged (the site must resend). */
  forgetAfter(seq: number): void {
    for (const [key, change] of this.byKey) if (change.seq > seq) this.byKey.delete(key);
    this.high = Math.min(this.high, seq);
  }

  private firstAfter(since: number): number {
    const index = this.publications.findIndex((p) => p.version > since);
    return index === -1 ? this.publications.length : index;
  }

  private cursorPosition(cursor: string, since: number): number {
    const position = /^p(\d{1,15})$/.exec(cursor) ? Number(cursor.slice(1)) : Number.NaN;
    if (!(position >= this.firstAfter(since) && position <= this.publications.length)) throw new InvalidCursorError(cursor, since);
    return position;
  }

  /** Whole versions while they fit; a version that alone is larger than a page is cut at the page's bounds. */
  private pageEnd(start: number, limit: number): number {
    let end = start;
    let bytes = 0;
    while (end < this.publications.length) {
      const versionEnd = this.endOfVersion(end);
      const versionBytes = versionEnd - start > limit ? Number.POSITIVE_INFINITY : bytesOf(this.publications.slice(end, versionEnd), PAGE_BYTES - bytes);
      if (bytes + versionBytes > PAGE_BYTES) return end > start ? end : this.cutVersion(start, limit);
      bytes += versionBytes;
      end = versionEnd;
    }
    return end;
  }

  private cutVersion(start: number, limit: number): number {
    let end = start;
    let bytes = 0;
    while (end < this.publications.length && end - start < limit) {
      bytes += recordBytes(this.publications[end]!);
      if (end > start && bytes > PAGE_BYTES) break;
      end++;
    }
    return end;
  }

  private endOfVersion(from: number): number {
    const version = this.publications[from]!.version;
    let end = from;
    while (end < this.publications.length && this.publications[end]!.version === version) end++;
    return end;
  }

  private store(changes: readonly Change[]): number {
    let stored = 0;
    for (const change of changes) {
      if (this.byKey.has(change.key)) this.duplicatesReceived++;
      else {
        this.byKey.set(change.key, change);
        stored++;
      }
    }
    return stored;
  }
}

function recordBytes(publication: Publication): number {
  const { version: _version, type: _type, ...record } = publication;
  return JSON.stringify(record).length;
}

/** The JSON size of the records, counted only until it passes `budget` (a huge version is not measured whole). */
function bytesOf(publications: readonly Publication[], budget: number): number {
  let bytes = 0;
  for (const publication of publications) {
    bytes += recordBytes(publication);
    if (bytes > budget) return Number.POSITIVE_INFINITY;
  }
  return bytes;
}
