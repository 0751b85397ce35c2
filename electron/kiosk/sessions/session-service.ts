import type { Session, SpaceType } from '../contract';
import { audit, recordPlateCorrection, type Actor, type Core } from '../core';
import { conflict, invalid, notFound } from '../errors';
import { foldConfusable, normalisePlate, rankPlateCandidates } from '../domain/plate';
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

export class SessionService {
  constructor(private readonly core: Core) {}

  /** Opens a session for a car coming in: the session, its audit row (manual only) and outbox row commit together. */
  open(request: EntryRequest, actor: Actor | null): Session {
    const { store, now } = this.core;
    this.assertKnownPlace(request);
    const plateKey = normalisePlate(request.plateRaw);
    const at = request.at ?? now();
    const session = store.change(() => {
      const opened = store.sessions.insert({
        plateRaw: request.plateRaw,
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

  /** Closes a session at the exit with the stay priced by the tariff in force at entry. */
  close(sessionId: number, exit: ExitRequest, actor: Actor | null): { session: Session; quote: Quote } {
    const { store, now } = this.core;
    const current = this.requireInside(sessionId);
    const at = Math.max(exit.at ?? now(), current.entryAt);
    const quote = this.quote(current, at);
    const session = store.change(() => {
      if (!store.sessions.recordExit({ id: sessionId, exitAt: at, exitLane: exit.laneId, exitManualReason: exit.manualReason, closedBy: actor?.username ?? 'lane', exitCode: exit.code ?? null })) {
        throw conflict(`session ${sessionId} has already left the lot`);
      }
      const closed = store.sessions.require(sessionId);
      if (exit.manualReason !== null) {
        audit(this.core, { actor: actor?.username ?? 'lane', action: 'session.manual_exit', subject: `session:${sessionId}`, detail: { plate: closed.plateKey, lane: exit.laneId, reason: exit.manualReason, dueMinor: quote.totalMinor - closed.paidMinor } });
      }
      store.outbox.append('session', `session:${sessionId}:closed`, { session: closed, quote }, at);
      return closed;
    });
    this.announce(session, `${session.plateKey} left${exit.manualReason ? ' (manual)' : ''}`, 'exit');
    return { session, quote };
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
      store.sessions.setPlate(sessionId, { plateRaw, plateKey, plateFold: foldConfusable(plateKey) });
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

  quote(session: Session, exitAt: number): Quote {
    const { site } = this.core.layout();
    return quoteStay(this.core.store.rateTables.all(), {
      entryAt: session.entryAt,
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
