import type { Session, SpaceType } from '../contract';
import { audit, recordPlateCorrection, type Actor, type Core } from '../core';
import { conflict, invalid, notFound } from '../errors';
import { foldConfusable, normalisePlate, rankPlateCandidates } from '../domain/plate';
import { ChargeBook, type Charge, type StayClock } from '../payments/charges';

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
}

export interface ExitRequest {
  laneId: string | null;
  manualReason: string | null;
  /** The lane's decision code that let the car out; null for a manual exit. */
  code?: string;
}

export class SessionService {
  /** What each stay is charged, recorded: the exit records it here, payments and adjustments too. */
  readonly charges: ChargeBook;

  constructor(
    private readonly core: Core,
    stayClock?: StayClock,
  ) {
    this.charges = new ChargeBook(core, stayClock);
  }

  /** Opens a session for a car coming in: the session, its audit row (manual only) and outbox row commit together. */
  open(request: EntryRequest, actor: Actor | null): Session {
    const { store, now } = this.core;
    this.assertKnownPlace(request);
    const plateKey = normalisePlate(request.plateRaw);
    const at = now();
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
    const at = Math.max(now(), current.entryAt);
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
      store.outbox.append('session', `session:${sessionId}:closed`, { session: closed, charge: recorded }, at);
      return closed;
    });
    const overpaid = charge.overpaidMinor > 0 ? `: OVERPAID by ${charge.overpaidMinor}, refund or keep it` : '';
    this.announce(session, `${session.plateKey} left${exit.manualReason ? ' (manual)' : ''}${overpaid}`, 'exit');
    return { session, charge: this.charges.chargeAt(session, at) };
  }

  void(sessionId: number, reason: string, actor: Actor): Session {
    const { store } = this.core;
    this.requireInside(sessionId);
    const session = store.change(() => {
      if (!store.sessions.markVoided(sessionId, actor.username, reason)) throw conflict(`session ${sessionId} has already left the lot`);
      audit(this.core, { actor: actor.username, action: 'session.void', subject: `session:${sessionId}`, detail: { reason } });
      const voided = store.sessions.require(sessionId);
      store.outbox.append('session', `session:${sessionId}:voided`, voided, this.core.now());
      return voided;
    });
    this.announce(session, `${session.plateKey} voided`, 'void');
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
    const twin = inside ? store.sessions.inside().find((v) => v.plateKey === plateKey && v.id !== sessionId) : undefined;
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
