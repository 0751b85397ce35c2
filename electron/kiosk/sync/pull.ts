/**
 * Applying a config pull (tariffs, permits, allow/deny lists, reservations, validation codes), page by page: each
 * page is validated first, then written in ONE transaction with its audit row, the new config version and the pull
 * record. Head office ends pages at version boundaries unless one version alone is larger than a page, so a
 * version is applied all at once whenever it fits a page. Any invalid item rejects its whole page: nothing of it is
 * applied, the config version stays at the last complete one, and the next pull asks for the same page again
 * (head office must fix it).
 *
 * The conflict rule (a change made at the site while offline is never silently overwritten):
 *  - Tariff versions are immutable and numbered per table. A head-office version whose number the site already
 *    holds with other rules is NOT applied: the site's version stays, the clash is recorded as a conflict (console,
 *    audit, and the pushed audit row tells head office, which publishes its change as the next version on top).
 *    A head-office version that is exactly the next one is saved through the tariff service (all its checks).
 *  - Permits, list entries and reservations carry an origin. A live record the site created or edited
 *    (origin 'site') is the site's: head office's version is recorded as a conflict and not applied. A site record
 *    that was deleted no longer blocks. A head-office record is replaced only by a higher version.
 *  - Validation codes created at the site are the site's; for head office's codes the site keeps its own count of
 *    uses (only the site sees them used), and a max_uses below that count is a conflict.
 */
import { z } from 'zod';
import { HeadOfficeError, type ConfigDelta, type HeadOfficeBooking, type QrPayment, type StripeEvent } from '../../../native/headoffice';
import { audit, type Actor, type Core } from '../core';
import { foldConfusable } from '../domain/plate';
import { listEntrySchema, permitSchema, reservationSchema } from '../domain/lanes/access-rules';
import { rateTableSchema, type RateTable } from '../domain/tariff';
import type { AccessKind, PulledConfigRepo, ValidationCodeRow } from '../store/pulled-config-repo';
import type { SyncRepo } from '../store/sync-repo';
import type { TariffService } from '../tariffs/tariff-service';

export const HEAD_OFFICE_ACTOR: Actor = { id: 0, username: 'headoffice', role: 'admin' };

export interface PullConflict {
  readonly type: 'tariff' | 'access' | 'validationCode' | 'qrPayment' | 'booking' | 'stripeEvent';
  readonly id: string;
  readonly reason: string;
}

export interface PullResult {
  readonly version: number;
  readonly applied: number;
  readonly conflicts: readonly PullConflict[];
}

/** A pull refused as a whole: what is wrong, where; nothing of it was applied. */
export class InvalidConfigError extends Error {
  override readonly name = 'InvalidConfigError';
}

const validationCodeSchema = z
  .strictObject({
    merchant: z.string().trim().min(1).max(120),
    kind: z.enum(['time', 'value']),
    minutesOff: z.int().min(1).max(44_640).nullable(),
    valueOffMinor: z.int().min(1).nullable(),
    maxUses: z.int().min(1),
    validFrom: z.int().min(0),
    validTo: z.int().min(0),
  })
  .refine((c) => c.validTo > c.validFrom, 'validTo must be after validFrom')
  .refine((c) => (c.kind === 'time') === (c.minutesOff !== null && c.valueOffMinor === null), 'a time code has minutesOff only, a value code valueOffMinor only');
const validationCodeKey = z.string().regex(/^[A-Z0-9-]{4,32}$/, 'a code is 4-32 upper-case letters, digits or dashes');

interface ParsedAccess {
  readonly kind: AccessKind;
  readonly id: string;
  readonly version: number;
  readonly deleted: boolean;
  readonly definition: unknown;
  readonly plateFolds: string[];
}

interface ParsedDelta {
  readonly tariffs: RateTable[];
  readonly access: ParsedAccess[];
  readonly codes: { code: string; deleted: boolean; row: ValidationCodeRow | null }[];
}

export interface PullDeps {
  readonly core: Core;
  readonly tariffs: TariffService;
  readonly config: PulledConfigRepo;
  readonly sync: SyncRepo;
  /** Records a QR-link payment head office took (payments' qr.confirm); throws when it is refused. */
  readonly qrPaid: (payment: QrPayment) => void;
  /** Applies a booking made online (bookings); throws a conflict when head office's allotment has no place for it. */
  readonly bookingPulled?: ((booking: HeadOfficeBooking) => void) | undefined;
  /**
   * Hands a relayed Stripe event on to QR pay (payments), which asks Stripe about its Checkout Session once the
   * pull is written; throws for a Checkout Session the site never made. None: the site refuses them as conflicts.
   */
  readonly stripeRelayed?: ((event: StripeEvent) => void) | undefined;
}

const recordsIn = (delta: ConfigDelta) => delta.tariffs.length + delta.access.length + delta.validationCodes.length + delta.qrPayments.length + delta.bookings.length + delta.stripeEvents.length;

/**
 * A page that would move the site's config backwards, or promise more pages without moving on, breaks the protocol:
 * refused before anything of it is applied (a page skipped for its version would lose its records for good).
 */
export function assertPageMovesOn(current: number, after: string | null, page: ConfigDelta): void {
  if (page.version < current) throw new HeadOfficeError('invalid_response', `head office answered config version ${page.version}, below the site's ${current}`);
  if (page.next !== null && (page.next === after || recordsIn(page) === 0)) {
    throw new HeadOfficeError('invalid_response', 'head office announced another config page without sending any record of this one');
  }
}

/**
 * One page of a pull, in one transaction. The site's version moves to the page's (the versions complete so far);
 * a page inside a version too large for one page (same version, more to come) applies its records and keeps the
 * version: after a restart the site asks from that version again, and the records already applied come again
 * harmlessly (each carries its own version).
 */
export function applyConfigDelta(deps: PullDeps, delta: ConfigDelta): PullResult {
  const { core, sync } = deps;
  const current = sync.state().configVersion;
  if (delta.version < current || (delta.version === current && recordsIn(delta) === 0)) return { version: current, applied: 0, conflicts: [] };
  const parsed = parseDelta(delta, deps.config.hasValidationCodes());
  return core.store.change(() => {
    const conflicts: PullConflict[] = [];
    const changed: Changed = { before: {}, after: {} };
    let applied = applyTariffs(deps, parsed.tariffs, conflicts);
    applied += applyAccess(deps, parsed.access, conflicts, changed);
    applied += applyValidationCodes(deps, parsed.codes, conflicts, changed);
    applied += applyQrPayments(deps, delta.qrPayments, conflicts);
    applied += applyBookings(deps, delta.bookings, conflicts);
    applied += relayStripeEvents(deps, delta.stripeEvents, conflicts);
    if (delta.version > current) sync.recordPull(delta.version, core.now(), applied, conflicts);
    // Access records and validation codes as they were and as head office made them (a rate table's own
    // tariff.save row keeps its versions).
    const detail = { from: current, version: delta.version, applied, conflicts, morePages: delta.next !== null, ...changed };
    audit(core, { actor: HEAD_OFFICE_ACTOR.username, action: 'sync.pull', subject: `config:${delta.version}`, detail });
    return { version: delta.version, applied, conflicts };
  });
}

/**
 * Records that are not config, each handed to the capability that owns it inside the pull's transaction: one it
 * refuses is kept as a conflict for the console and the audit, never a reason to refuse the rest of the pull.
 */
function handEach<T>(records: readonly T[], type: PullConflict['type'], idOf: (record: T) => string, handle: ((record: T) => void) | undefined, refusedBy: string, conflicts: PullConflict[]): number {
  let applied = 0;
  for (const record of records) {
    try {
      if (!handle) throw new Error(refusedBy);
      handle(record);
      applied++;
    } catch (error) {
      conflicts.push({ type, id: idOf(record), reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return applied;
}

/**
 * QR-link payments, in the pull's own transaction, so a version is never marked pulled without its payments. Each
 * is recorded once (a repeat is the same payment); a refused one is a signature that does not match or an amount
 * the link did not ask.
 */
const applyQrPayments = (deps: PullDeps, payments: readonly QrPayment[], conflicts: PullConflict[]) =>
  handEach(payments, 'qrPayment', (payment) => payment.nonce, deps.qrPaid, 'this kiosk takes no QR-link payments', conflicts);

/** Online bookings: one head office cannot place (allotment full, a window over, an unknown zone) is a conflict. */
const applyBookings = (deps: PullDeps, bookings: readonly HeadOfficeBooking[], conflicts: PullConflict[]) =>
  handEach(bookings, 'booking', (booking) => booking.ref, deps.bookingPulled, 'this kiosk takes no bookings from head office', conflicts);

/**
 * Relayed Stripe events only make the site ask Stripe sooner (its own polling and sweep would find the payment
 * later): whatever their order or number, a Checkout Session's payment is recorded once, from what Stripe says.
 */
const relayStripeEvents = (deps: PullDeps, events: readonly StripeEvent[], conflicts: PullConflict[]) =>
  handEach(events, 'stripeEvent', (event) => event.id, deps.stripeRelayed, 'this kiosk takes no QR payments through Stripe Checkout', conflicts);

function parseDelta(delta: ConfigDelta, siteHasCodes: boolean): ParsedDelta {
  const tariffs = delta.tariffs.map((raw, i) => must(rateTableSchema, raw, `tariffs[${i}] (${String(raw['id'])} v${String(raw['version'])})`));
  const access = delta.access.map((change, i): ParsedAccess => {
    const where = `access[${i}] (${change.kind} ${change.id})`;
    if (change.deleted) return { ...change, definition: null, plateFolds: [] };
    const { definition, plateKeys } = parseAccessDefinition(change.kind, change.definition, where);
    if ((definition as { id: string }).id !== change.id) throw new InvalidConfigError(`${where}: the definition's id is not ${change.id}`);
    return { ...change, definition, plateFolds: plateKeys.map(foldConfusable) };
  });
  if (delta.validationCodes.length > 0 && !siteHasCodes) throw new InvalidConfigError('head office sent validation codes, but this site keeps none');
  const codes = delta.validationCodes.map((change, i) => {
    const where = `validationCodes[${i}] (${change.code})`;
    const code = must(validationCodeKey, change.code, where);
    return { code, deleted: change.deleted, row: change.deleted ? null : { code, ...must(validationCodeSchema, change.definition, where) } };
  });
  return { tariffs, access, codes };
}

function parseAccessDefinition(kind: AccessKind, raw: unknown, where: string): { definition: unknown; plateKeys: string[] } {
  if (kind === 'permit') {
    const permit = must(permitSchema, raw, where);
    return { definition: permit, plateKeys: permit.plateKeys };
  }
  if (kind === 'reservation') {
    const reservation = must(reservationSchema, raw, where);
    return { definition: reservation, plateKeys: [reservation.plateKey] };
  }
  const entry = must(listEntrySchema, raw, where);
  if (entry.list !== kind) throw new InvalidConfigError(`${where}: a ${entry.list} entry sent as ${kind}`);
  return { definition: entry, plateKeys: [entry.plateKey] };
}

function must<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0]!;
  throw new InvalidConfigError(`${where}: ${first.path.length ? `${first.path.join('.')}: ` : ''}${first.message}`);
}

/** Rules compared without effectiveTo: the site sets that itself when the next version starts. */
const sameRules = (a: RateTable, b: RateTable) => JSON.stringify({ ...a, effectiveTo: null }) === JSON.stringify({ ...b, effectiveTo: null });

function applyTariffs(deps: PullDeps, tables: RateTable[], conflicts: PullConflict[]): number {
  let applied = 0;
  const ordered = [...tables].sort((a, b) => a.id.localeCompare(b.id) || a.version - b.version);
  for (const table of ordered) {
    const stored = deps.tariffs.list().filter((t) => t.id === table.id);
    const same = stored.find((t) => t.version === table.version);
    if (same) {
      if (!sameRules(same, table)) conflicts.push({ type: 'tariff', id: `${table.id} v${table.version}`, reason: 'the site holds its own version with this number: kept' });
      continue;
    }
    const latest = stored.at(-1)?.version ?? 0;
    if (table.version !== latest + 1) throw new InvalidConfigError(`tariff ${table.id} v${table.version}: the site holds up to v${latest}, so the next version must be v${latest + 1}`);
    try {
      deps.tariffs.save(table, `head office config`, HEAD_OFFICE_ACTOR);
    } catch (error) {
      throw new InvalidConfigError(`tariff ${table.id} v${table.version}: ${error instanceof Error ? error.message : String(error)}`);
    }
    applied++;
  }
  return applied;
}

/** What a pull changed, keyed "deny d-ho-3" / "validationCode SHOP-10": null where there was none (or none is left). */
interface Changed {
  readonly before: Record<string, unknown>;
  readonly after: Record<string, unknown>;
}

function applyAccess(deps: PullDeps, changes: ParsedAccess[], conflicts: PullConflict[], changed: Changed): number {
  let applied = 0;
  const at = deps.core.now();
  for (const change of changes) {
    const stored = deps.config.accessRecord(change.kind, change.id);
    if (stored?.origin === 'site' && stored.deletedAt === null) {
      conflicts.push({ type: 'access', id: `${change.kind} ${change.id}`, reason: `changed at the site (v${stored.version}): head office's v${change.version} not applied` });
      continue;
    }
    if (stored?.origin === 'headoffice' && stored.version >= change.version) continue;
    deps.config.putAccessRecord(change.kind, change.id, change.version, change.definition, change.plateFolds, at, change.deleted);
    const key = `${change.kind} ${change.id}`;
    changed.before[key] = stored && stored.deletedAt === null ? (JSON.parse(stored.definition) as unknown) : null;
    changed.after[key] = change.deleted ? null : change.definition;
    applied++;
  }
  return applied;
}

function applyValidationCodes(deps: PullDeps, changes: ParsedDelta['codes'], conflicts: PullConflict[], changed: Changed): number {
  let applied = 0;
  const at = deps.core.now();
  for (const change of changes) {
    const owner = deps.config.validationCodeOwner(change.code);
    if (owner && owner.createdBy !== HEAD_OFFICE_ACTOR.username) {
      conflicts.push({ type: 'validationCode', id: change.code, reason: `created at the site by ${owner.createdBy}: kept` });
      continue;
    }
    if (change.deleted || !change.row) {
      if (owner) deps.config.revokeValidationCode(change.code, at);
    } else if (owner && change.row.maxUses < owner.uses) {
      conflicts.push({ type: 'validationCode', id: change.code, reason: `already used ${owner.uses} times at the site, more than head office's limit ${change.row.maxUses}` });
      continue;
    } else deps.config.putValidationCode(change.row, at);
    const key = `validationCode ${change.code}`;
    changed.before[key] = owner && owner.revokedAt === null ? owner.terms : null;
    changed.after[key] = change.deleted || !change.row ? null : (({ code: _code, ...terms }) => terms)(change.row);
    applied++;
  }
  return applied;
}
