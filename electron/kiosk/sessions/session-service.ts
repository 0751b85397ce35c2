import type { Session, SpaceType } from '../contract';
import { audit, recordPlateCorrection, type Actor, type Core } from '../core';
import { conflict, invalid, notFound } from '../errors';
import { foldConfusable, normalisePlate, rankPlateCandidates } from '../domain/plate';
import { ChargeBook, type Charge, type StayClock } from '../payments/charges';
import { quoteStay, type Quote } from '../domain/tariff';

export interface EntryRequest {
  plateRaw: string;
  plateConfidence: number | null;
  plateImage: string | null;
  laneId: string | null;
  zoneId: string;
  vehicleClass: string;
  spaceType: SpaceType;
  /** Set for an attendant's manual entry; audited. */
  manualReason: string | null;
  /** The lane's decision that let the car in; null for a manual entry. */
  decision?: { code: string; ref: string | null };
  /** When the car came in, if not now: an entry recorded late because the disk was full when it happened. */
  at?: number;
}

export interface ExitRequest {
  laneId: string | null;
  manualReason: string | null;
  /** The lane's decision code that let the car out; null for a manual exit. */
  code?: string;
  /** When the car left, if not now: an exit recorded late because the disk was full when it happened. */
  at?: number;
}

/** A booking the entry lane can admit a car on (bookings/arrivals.ts). */
export interface ArrivingBooking {
  bookingId: number;
  ref: string;
  /** The booking's plate as booked; matched to the read fuzzily, as the exit matches. */
  plateKey: string;
  vehicleClass: string;
  spaceType: SpaceType;
  arriveFrom: number;
  arriveUntil: number;
}

/** What sessions ask of bookings; each call runs inside the session change's transaction. */
export interface SessionBookings {
  /** The live booking for a read at an entry lane of `zoneId`, if any. */
  arrivalFor(plateKey: string, zoneId: string, at: number): ArrivingBooking | null;
  /** The session arrived on the booking. */
  arrived(bookingId: number, sessionId: number, at: number): void;
  /** Until when a session's stay is already paid by its booking (null: no prepaid booking). */
  prepaidUntil(sessionId: number): number | null;
  /** The session left: its booking stops holding its place. */
  left(sessionId: number, by: string): void;
  /** The session's close was taken back (session-service `reopen`): its booking is arrived again and holds its place. */
  returned(sessionId: number, by: string): void;
  /** The session was voided (it was not the booked car): its booking waits for its car again, its place still held. */
  withdrawn(sessionId: number, by: string): void;
  /** The class a registered vehicle with this plate (fuzzy) has, or null. */
  registeredClass(plateKey: string): string | null;
}

export class SessionService {
  /** What each stay is charged, recorded: the exit records it here, payments and adjustments too. */
  readonly charges: ChargeBook;
  /** Set once bookings exist (kiosk.ts); sessions work without them. */
  bookings: SessionBookings | null = null;

  constructor(
    private readonly core: Core,
    stayClock?: StayClock,
  ) {
    this.charges = new ChargeBook(core, stayClock, (session, at) => this.pricedFrom(session, at));
  }

  /** Opens a session for a car coming in: the session, its audit row (manual only) and outbox row commit together. */
  open(request: EntryRequest, actor: Actor | null): Session {
    const { store, now } = this.core;
    this.assertKnownPlace(request);
    const plateKey = normalisePlate(request.plateRaw);
    const at = request.at ?? now();
    const session = store.change(() => {
      const opened = store.sessions.insert({
        // A plate a person typed (no reader's confidence) is kept as the form shows it: "ab12 cde" is AB12CDE.
        plateRaw: request.plateConfidence === null ? plateKey : request.plateRaw,
        plateKey,
        plateFold: foldConfusable(plateKey),
        plateConfidence: request.plateConfidence,
        plateImage: request.plateImage,
        vehicleClass: request.vehicleClass,
        zoneId: request.zoneId,
        spaceType: request.spaceType,
        entryLane: request.laneId,
        entryAt: at,
        entryManualReason: request.manualReason,
        openedBy: actor?.username ?? 'lane',
        entryCode: request.decision?.code ?? null,
        entryRef: request.decision?.ref ?? null,
      });
      if (request.manualReason !== null) {
        audit(this.core, { actor: actor?.username ?? 'lane', action: 'session.manual_entry', subject: `session:${opened.id}`, detail: { plate: plateKey, lane: request.laneId, reason: request.manualReason } });
      }
      store.outbox.append('session', `session:${opened.id}:opened`, opened, at);
      return opened;
    });
    this.announce(session, `${plateKey} entered${request.manualReason ? ' (manual)' : ''}`, 'entry');
    return session;
  }

  /**
   * Closes a session at the exit and records what the stay was charged (its payments, adjustments and lost ticket
   * included): the exit screen, the session view, the receipt and head office all show this charge. What is left
   * unpaid, or paid beyond it, is in the audit of a manual exit and in the closing outbox row.
   */
  close(sessionId: number, exit: ExitRequest, actor: Actor | null): { session: Session; charge: Charge } {
    const { store, now } = this.core;
    const current = this.requireInside(sessionId);
    const at = Math.max(exit.at ?? now(), current.entryAt);
    const by = actor?.username ?? 'lane';
    const charge = this.charges.chargeAt(current, at);
    const session = store.change(() => {
      if (!store.sessions.recordExit({ id: sessionId, exitAt: at, exitLane: exit.laneId, exitManualReason: exit.manualReason, closedBy: by, exitCode: exit.code ?? null })) {
        throw conflict(`session ${sessionId} has already left the lot`);
      }
      const closed = store.sessions.require(sessionId);
      const recorded = this.charges.record(sessionId, charge, 'exit', by);
      const owed = { totalMinor: charge.totalMinor, paidMinor: closed.paidMinor, dueMinor: charge.dueMinor, overpaidMinor: charge.overpaidMinor, currency: charge.currency };
      if (exit.manualReason !== null) {
        audit(this.core, { actor: by, action: 'session.manual_exit', subject: `session:${sessionId}`, detail: { plate: closed.plateKey, lane: exit.laneId, reason: exit.manualReason, ...owed } });
      }
      this.bookings?.left(sessionId, actor?.username ?? 'lane');
      this.releasePassback(closed, 'outside', exit.laneId, at);
      // Head office keeps the first close by its key; a close after a reopen is a new message of its own.
      const message = { session: closed, charge: recorded };
      if (store.audit.has(`session:${sessionId}`, 'session.reopened')) store.outbox.appendEvent('session', `session:${sessionId}:closed`, message, at);
      else store.outbox.append('session', `session:${sessionId}:closed`, message, at);
      return closed;
    });
    const overpaid = charge.overpaidMinor > 0 ? `: OVERPAID by ${charge.overpaidMinor}, refund or keep it` : '';
    this.announce(session, `${session.plateKey} left${exit.manualReason ? ' (manual)' : ''}${overpaid}`, 'exit');
    return { session, charge: this.charges.chargeAt(session, at) };
  }

  /**
   * The attendant corrects the class of a car inside (a van is not a car): the stay is re-priced by that class's
   * tariff from then on. Audited with both classes and what leaving now costs under each.
   */
  changeClass(sessionId: number, vehicleClass: string, reason: string, actor: Actor): { session: Session; quote: Quote } {
    const before = this.requireInside(sessionId);
    if (!this.core.layout().vehicleClasses.some((vc) => vc.id === vehicleClass)) throw invalid(`vehicle class "${vehicleClass}" is not configured`);
    if (before.vehicleClass === vehicleClass) throw conflict(`session ${sessionId} is already a ${vehicleClass}`);
    const at = this.core.now();
    const quote = this.tariffQuote({ ...before, vehicleClass }, at);
    const { store } = this.core;
    const session = store.change(() => {
      store.db.prepare("UPDATE sessions SET vehicle_class = ? WHERE id = ? AND status IN ('open','paid')").run(vehicleClass, sessionId);
      const changed = store.sessions.require(sessionId);
      audit(this.core, { actor: actor.username, action: 'session.class_changed', subject: `session:${sessionId}`, detail: { from: before.vehicleClass, to: vehicleClass, reason, dueBeforeMinor: this.tariffQuote(before, at).totalMinor, dueAfterMinor: quote.totalMinor } });
      store.outbox.appendEvent('session', `session:${sessionId}:class`, changed, at);
      return changed;
    });
    this.announce(session, `${session.plateKey} is now a ${vehicleClass}`, 'class');
    return { session, quote };
  }

  void(sessionId: number, reason: string, actor: Actor): Session {
    const { store } = this.core;
    this.requireInside(sessionId);
    const session = store.change(() => {
      if (!store.sessions.markVoided(sessionId, actor.username, reason)) throw conflict(`session ${sessionId} has already left the lot`);
      audit(this.core, { actor: actor.username, action: 'session.void', subject: `session:${sessionId}`, detail: { reason } });
      this.bookings?.withdrawn(sessionId, actor.username);
      const voided = store.sessions.require(sessionId);
      this.releasePassback(voided, 'unknown', null, this.core.now());
      store.outbox.append('session', `session:${sessionId}:voided`, voided, this.core.now());
      return voided;
    });
    this.announce(session, `${session.plateKey} voided`, 'void');
    return session;
  }

  /**
   * Takes back a close that did not happen: an exit lane let a stay out and closed it, the barrier failed, and the car
   * at it turned out to be another (its plate misread); or the booth closed the wrong car's stay (a supervisor). The
   * stay is inside again as before its close, its booking holds its place again and its plate is inside; the exit's
   * charge row stays in its history (the next exit records the charge again). Audited with the reason; head office
   * gets the session as reopened. Refused while another stay of the plate is inside (the car came back since).
   */
  reopen(sessionId: number, reason: string, actor: Actor): Session {
    const { store } = this.core;
    const closed = store.sessions.get(sessionId);
    if (!closed) throw notFound(`session ${sessionId}`);
    const twin = this.insideUnderAnother(closed.plateKey, sessionId);
    if (twin) throw conflict(`${closed.plateKey} is inside again (session ${twin.id}): session ${sessionId} cannot be reopened beside it`);
    const at = this.core.now();
    const session = store.change(() => {
      if (!store.sessions.reopen(sessionId)) throw conflict(`session ${sessionId} is ${closed.status}: only a closed stay can be reopened`);
      audit(this.core, { actor: actor.username, action: 'session.reopened', subject: `session:${sessionId}`, detail: { plate: closed.plateKey, exitLane: closed.exitLane, exitCode: closed.exitCode, reason } });
      this.bookings?.returned(sessionId, actor.username);
      store.access.setAntiPassback(closed.plateKey, 'inside', closed.entryLane, at);
      const reopened = store.sessions.require(sessionId);
      store.outbox.appendEvent('session', `session:${sessionId}:reopened`, reopened, at);
      return reopened;
    });
    this.announce(session, `${session.plateKey} is inside again (reopened by ${actor.username})`, 'reopen');
    return session;
  }

  /**
   * Fixes a misread plate on a session, inside or gone (records and head office should say who it was). A plate that
   * a lane's camera read is also kept as a correction of that lane's reader; one a person typed is only audited.
   */
  fixPlate(sessionId: number, plateRaw: string, reason: string, actor: Actor): Session {
    const { store } = this.core;
    const session = store.sessions.get(sessionId);
    if (!session) throw notFound(`session ${sessionId}`);
    if (session.status === 'voided') throw conflict(`session ${sessionId} is voided`);
    const plateKey = normalisePlate(plateRaw);
    if (plateKey === session.plateKey) throw invalid(`session ${sessionId} already has plate ${plateKey}`);
    const inside = session.status === 'open' || session.status === 'paid';
    const twin = inside ? this.insideUnderAnother(plateKey, sessionId) : undefined;
    if (twin) throw conflict(`${plateKey} is already inside (session ${twin.id}): fix that one, or void the duplicate`);
    const at = this.core.now();
    const fixed = store.change(() => {
      store.sessions.setPlate(sessionId, { plateRaw: plateKey, plateKey, plateFold: foldConfusable(plateKey) }); // typed: kept as its key
      if (inside) this.moveInsideState(session, plateKey, at);
      const readBy = this.readingLane(session);
      if (readBy !== null) {
        const evidenceId = store.evidence.forSession(sessionId)[0]?.id ?? null;
        const read = { readKey: session.plateKey, readConfidence: session.plateConfidence };
        recordPlateCorrection(this.core, { at, laneId: readBy, stage: 'session', sessionId, ...read, correctedKey: plateKey, evidenceId, by: actor.username, reason });
      }
      audit(this.core, { actor: actor.username, action: 'session.plate_fixed', subject: `session:${sessionId}`, detail: { from: session.plateKey, to: plateKey, reason } });
      const updated = store.sessions.require(sessionId);
      store.outbox.appendEvent('session', `session:${sessionId}:plate`, updated, at);
      return updated;
    });
    this.announce(fixed, `${session.plateKey} is ${plateKey} (fixed by ${actor.username})`, 'plate_fixed');
    return fixed;
  }

  /** The car inside with this plate under another session than `sessionId`, if any: one plate is never inside twice. */
  insideUnderAnother(plateKey: string, sessionId: number): { id: number } | undefined {
    return this.core.store.sessions.inside().find((v) => v.plateKey === plateKey && v.id !== sessionId);
  }

  /**
   * Anti-passback marked the misread plate inside: the car inside is the fixed plate, and the misread one (another
   * car, or none) must not be refused at an entry as if it were inside already.
   */
  private moveInsideState(session: Session, plateKey: string, at: number): void {
    const { access } = this.core.store;
    if (access.antiPassback(session.plateKey) !== 'inside') return;
    access.setAntiPassback(session.plateKey, 'unknown', null, at);
    access.setAntiPassback(plateKey, 'inside', session.entryLane, at);
  }

  /**
   * A stay that ended, by a lane, the booth or a hand on the barrier, no longer holds its plate inside: else the car
   * that left by hand is refused at the entry next time as if it were still in (anti-passback). A voided stay (the
   * car never was inside) leaves the plate unknown. Another stay of the same plate inside keeps it inside.
   */
  private releasePassback(ended: Session, state: 'outside' | 'unknown', laneId: string | null, at: number): void {
    const { access, sessions } = this.core.store;
    if (sessions.insideWithFold(foldConfusable(ended.plateKey), ended.id)) return;
    if (state === 'unknown' && access.antiPassback(ended.plateKey) !== 'inside') return;
    access.setAntiPassback(ended.plateKey, state, laneId, at);
  }

  /** The entry lane whose camera read the plate; null when a person typed it (manual entry, corrected at the lane). */
  private readingLane(session: Session): string | null {
    if (session.entryLane === null || session.entryManualReason !== null) return null;
    const trail = this.core.store.audit.list({ subject: `session:${session.id}`, limit: 100 });
    return trail.some((entry) => entry.action === 'session.plate_corrected') ? null : session.entryLane;
  }

  /** Cars inside whose plate could be this read, best first (OCR confusions and one missed character tolerated). */
  matchInside(plateRaw: string, limit = 5): { session: Session; score: number }[] {
    const key = normalisePlate(plateRaw);
    return rankPlateCandidates(key, this.core.store.sessions.inside(), { limit }).map(({ item, score }) => ({
      session: this.core.store.sessions.require(item.id),
      score,
    }));
  }

  /** Where the tariff starts counting: the entry, or for a stay on a prepaid booking its end (only the overstay is owed). */
  pricedFrom(session: Session, exitAt: number): number {
    const prepaidUntil = this.bookings?.prepaidUntil(session.id) ?? null;
    return prepaidUntil === null ? session.entryAt : Math.max(session.entryAt, Math.min(prepaidUntil, exitAt));
  }
  /** The tariff's price of the stay alone (no adjustments): what a change of class changes. */
  private tariffQuote(session: Session, exitAt: number): Quote {
    const { site } = this.core.layout();
    return quoteStay(this.core.store.rateTables.all(), {
      entryAt: this.pricedFrom(session, exitAt),
      exitAt,
      vehicleClass: session.vehicleClass,
      timeZone: site.timeZone,
      taxRateBp: site.taxRateBp,
      currency: site.currency,
    });
  }


  requireInside(sessionId: number): Session {
    const session = this.core.store.sessions.get(sessionId);
    if (!session) throw notFound(`session ${sessionId}`);
    if (session.status !== 'open' && session.status !== 'paid') throw conflict(`session ${sessionId} is ${session.status}, not inside the lot`);
    return session;
  }

  private assertKnownPlace(request: EntryRequest): void {
    const layout = this.core.layout();
    const zone = layout.zones.find((z) => z.id === request.zoneId);
    if (!zone) throw invalid(`zone "${request.zoneId}" is not part of this site`);
    if (!(request.spaceType in zone.spaces)) throw invalid(`zone "${zone.name}" has no ${request.spaceType} spaces`);
    if (!layout.vehicleClasses.some((vc) => vc.id === request.vehicleClass)) throw invalid(`vehicle class "${request.vehicleClass}" is not configured`);
    if (request.laneId !== null && !layout.lanes.some((lane) => lane.id === request.laneId)) throw invalid(`lane "${request.laneId}" is not part of this site`);
  }

  private announce(session: Session, text: string, kind: string): void {
    this.core.bus.log({ at: this.core.now(), kind, text, sessionId: session.id });
    this.core.bus.emit('lot.changed', { reason: kind, sessionId: session.id });
  }
}
