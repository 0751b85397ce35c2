/**
 * What a head office does with one site's traffic, in memory: the reference semantics of the protocol. The in-memory
 * head office and the loopback HTTP server both delegate here, so both behave the same way by construction.
 *  - A change is stored once per key, whatever arrives twice.
 *  - `highWater` is the seq up to which head office holds every change: a push is accepted only when it starts at or
 *    below it (after <= highWater), and moves it to the batch's last seq.
 *  - Config is a list of versioned publications; a pull returns what was published after the site's version.
 */
import { dayChecksum } from './checksum';
import type { AccessChange, Change, ConfigDelta, DayTotal, PushAck, QrPayment, ResendAck, ValidationCodeChange } from './protocol';

export class OutOfOrderError extends Error {
  override readonly name = 'OutOfOrderError';
  constructor(readonly ackSeq: number) {
    super(`head office holds this site's changes up to seq ${ackSeq} only: send from there`);
  }
}

type Publication =
  | { version: number; type: 'tariff'; table: Record<string, unknown> }
  | { version: number; type: 'access'; change: AccessChange }
  | { version: number; type: 'validationCode'; change: ValidationCodeChange }
  | { version: number; type: 'qrPayment'; payment: QrPayment };

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

  configSince(since: number): ConfigDelta {
    const newer = this.publications.filter((p) => p.version > since);
    return {
      version: Math.max(since, this.configVersion),
      tariffs: newer.flatMap((p) => (p.type === 'tariff' ? [p.table] : [])),
      access: newer.flatMap((p) => (p.type === 'access' ? [p.change] : [])),
      validationCodes: newer.flatMap((p) => (p.type === 'validationCode' ? [p.change] : [])),
      qrPayments: newer.flatMap((p) => (p.type === 'qrPayment' ? [p.payment] : [])),
    };
  }

  /** Head office publishes config: each call is one new config version. */
  publish(items: { tariffs?: Record<string, unknown>[]; access?: AccessChange[]; validationCodes?: ValidationCodeChange[]; qrPayments?: QrPayment[] }): number {
    const version = ++this.configVersion;
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
