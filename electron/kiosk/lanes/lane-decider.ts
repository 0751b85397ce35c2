/**
 * The lane's rules at work: looks up the facts a read needs (permits, lists, reservation, occupancy, anti-passback
 * at entry; the open sessions, the quote and permits at exit), asks the pure rules (domain/lanes) and, when they
 * open the barrier, commits the session change in one transaction before the relay is pulsed: a car never passes a
 * barrier that the database does not know opened for it.
 */
import type { Lane } from '../contract';
import type { Core } from '../core';
import { decideEntry, type EntryDecision, type EntryFacts, type Permit, type Reservation } from '../domain/lanes/access-rules';
import { decideExit, type ExitCandidate, type ExitDecision, type ExitQuoteFacts } from '../domain/lanes/exit-rules';
import type { LaneDecision, LanePolicy, PlateRead } from '../domain/lanes/lane-policy';
import { foldConfusable, rankPlateCandidates, type PlateCandidate } from '../domain/plate';
import { selectRateTable } from '../domain/tariff';
import type { SessionService } from '../sessions/session-service';
import type { LaneSettings } from '../store/lanes-repo';
import { HeldPassages, type HeldEntry } from './held-passages';
import { laneDefaultClass } from './lane-class';

export interface CandidateView {
  readonly sessionId: number;
  readonly plateKey: string;
  readonly score: number;
  readonly entryAt: number;
}

export interface Decided {
  readonly decision: LaneDecision;
  /** The session the decision opened, closed, or asks payment for. */
  readonly sessionId: number | null;
  /** Exit: the open sessions the read could be, best first (what the attendant chooses from). */
  readonly candidates: readonly CandidateView[];
  /** Exit 'pay': what is left to pay. */
  readonly amountDue: { readonly minor: number; readonly currency: string } | null;
}

/**
 * What leaving at an instant costs, with what the booth knows (validations, discounts, lost ticket, debts on the
 * plate): the payments' quote, so the exit lane never asks for more than the booth would.
 */
export type ExitPricing = (sessionId: number, at: number) => { totalMinor: number; paidMinor: number; currency: string; graceUntil: number | null };

export class LaneDecider {
  constructor(
    private readonly core: Core,
    private readonly sessions: SessionService,
    private readonly pricing: ExitPricing,
    /** Shared with the attendant's manual passages in a lane service; a decider used alone keeps its own. */
    private readonly held: HeldPassages = new HeldPassages(core),
  ) {}

  decide(lane: Lane, settings: LaneSettings, read: PlateRead | null): Decided {
    const policy = this.policy(lane, settings);
    return lane.direction === 'entry' ? this.entry(policy, read) : this.exit(policy, read);
  }

  private policy(lane: Lane, settings: LaneSettings): LanePolicy {
    return { laneId: lane.id, direction: lane.direction, zoneId: lane.zoneId, mode: settings.mode, minConfidence: settings.minConfidence };
  }

  private entry(policy: LanePolicy, read: PlateRead | null): Decided {
    const now = this.core.now();
    const decision = decideEntry({ lane: policy, read, now, timeZone: this.core.layout().site.timeZone, facts: this.entryFacts(policy, read, now) });
    if (decision.outcome !== 'open' || read === null) return { decision, sessionId: null, candidates: [], amountDue: null };
    const { store } = this.core;
    const booking = decision.code === 'open_reservation' ? this.sessions.bookings?.arrivalFor(read.key, policy.zoneId, now) : null;
    const car = {
      plateKey: read.key,
      zoneId: policy.zoneId,
      vehicleClass: booking?.vehicleClass ?? this.sessions.bookings?.registeredClass(read.key) ?? laneDefaultClass(this.core, policy.laneId),
      spaceType: booking?.spaceType ?? this.transientSpaceType(policy.zoneId),
      entryAt: now,
      laneId: policy.laneId,
      passback: true,
    };
    // On a full disk the barrier opens all the same: the session waits in memory, in order, until space returns.
    const sessionId = this.held.enter(`entry of ${read.key} at lane ${policy.laneId} (${decision.code})`, car, () =>
      store.change(() => {
        const opened = this.sessions.open(
          {
            plateRaw: read.key,
            plateConfidence: read.confidence,
            plateImage: null,
            laneId: policy.laneId,
            zoneId: policy.zoneId,
            vehicleClass: car.vehicleClass,
            spaceType: car.spaceType,
            manualReason: null,
            decision: { code: decision.code, ref: refOf(decision) },
            at: now,
          },
          null,
        );
        if (booking && refOf(decision) === booking.ref) this.sessions.bookings!.arrived(booking.bookingId, opened.id, now);
        store.access.setAntiPassback(read.key, 'inside', policy.laneId, now);
        return opened.id;
      }),
    );
    // A held entry answers to its stand-in id: the lane view names it as the car kept in memory, and its evidence
    // waits behind it for the row it gets (events and the contract carry recorded ids only).
    return { decision, sessionId, candidates: [], amountDue: null };
  }

  private entryFacts(policy: LanePolicy, read: PlateRead | null, now: number): EntryFacts {
    const { store } = this.core;
    const occupancy = this.zoneOccupancy(policy.zoneId);
    if (read === null) return { permits: [], listEntries: [], reservation: null, occupancy, antiPassback: 'unknown' };
    const access = store.access.forPlate(read.key);
    return {
      permits: access.permits.map((permit: Permit) => ({ permit, insideNow: store.access.permitVehiclesInside(permit) + this.held.insideDelta(permitted(permit)) })),
      listEntries: access.listEntries,
      reservation: pickReservation(access.reservations, now) ?? this.bookedReservation(read.key, policy.zoneId, now),
      occupancy,
      antiPassback: this.held.antiPassback(read.key) ?? store.access.antiPassback(read.key),
    };
  }

  /**
   * A booking of this plate (fuzzy) for this zone, as the rules' reservation: admitted within its arrival window
   * even when the zone is full. Named by the read's key, since the booking was matched to it already.
   */
  private bookedReservation(readKey: string, zoneId: string, now: number): Reservation | null {
    const booking = this.sessions.bookings?.arrivalFor(readKey, zoneId, now);
    if (!booking) return null;
    return { id: booking.ref, plateKey: readKey, zoneId, arriveFrom: booking.arriveFrom, arriveUntil: booking.arriveUntil, contact: null };
  }

  /** Visitors' capacity of a zone: every space but the reserved ones, which are sold or promised. */
  private zoneOccupancy(zoneId: string): { occupied: number; capacity: number } {
    const rows = this.core.store.sessions.occupancy().filter((row) => row.zoneId === zoneId && row.spaceType !== 'reserved');
    const held = this.held.insideDelta((car) => car.zoneId === zoneId && car.spaceType !== 'reserved');
    return { occupied: rows.reduce((n, r) => n + r.occupied, held), capacity: rows.reduce((n, r) => n + r.capacity, 0) };
  }

  private transientSpaceType(zoneId: string): 'regular' {
    const zone = this.core.layout().zones.find((z) => z.id === zoneId);
    const types = Object.keys(zone?.spaces ?? {});
    if (!types.includes('regular')) throw new Error(`zone ${zoneId} has no regular spaces for lane entries`);
    return 'regular';
  }

  /** The attendant picked the session: priced and decided for that one, no matching (and no ambiguity) left. */
  exitForSession(lane: Lane, settings: LaneSettings, sessionId: number, by: string): Decided {
    if (lane.direction !== 'exit') throw new Error(`lane ${lane.id} is an entry lane`);
    const { plateKey } = this.held.entry(sessionId) ?? this.sessions.requireInside(sessionId);
    const read: PlateRead = { key: plateKey, confidence: 1, voteAgreed: true, confirmedBy: by };
    return this.exitWith(this.policy(lane, settings), read, [{ item: { sessionId, plateKey }, score: 1, cost: 0 }]);
  }

  private exit(policy: LanePolicy, read: PlateRead | null): Decided {
    const inside = this.held.inside(this.core.store.sessions.inside().map((v) => ({ sessionId: v.id, plateKey: v.plateKey })));
    return this.exitWith(policy, read, read === null ? [] : rankPlateCandidates(read.key, inside));
  }

  private exitWith(policy: LanePolicy, read: PlateRead | null, ranked: PlateCandidate<ExitCandidate>[]): Decided {
    const { store } = this.core;
    const now = this.core.now();
    const top = ranked[0]?.item;
    const decision: ExitDecision<ExitCandidate> = decideExit({
      lane: policy,
      read,
      now,
      timeZone: this.core.layout().site.timeZone,
      candidates: ranked,
      quote: top ? this.quoteFacts(top.sessionId, now) : null,
      permits: top ? store.access.forPlate(top.plateKey).permits : [],
    });
    const candidates = ranked.map((c) => ({ sessionId: c.item.sessionId, plateKey: c.item.plateKey, score: round(c.score), entryAt: this.held.stay(c.item.sessionId).entryAt }));
    const proposed = decision.outcome === 'attendant' && 'proposal' in decision ? decision.proposal : decision;
    const sessionId = proposed.session?.sessionId ?? null;
    if (decision.outcome === 'pay') return { decision, sessionId, candidates, amountDue: { minor: decision.amountMinor, currency: decision.currency } };
    if (decision.outcome === 'open' && proposed.session) this.letOut(proposed.session, policy.laneId, decision.code, now);
    return { decision, sessionId, candidates, amountDue: null };
  }

  /** Closes the stay before the barrier opens; on a full disk the close waits in memory, in order, until space returns. */
  private letOut({ sessionId, plateKey }: ExitCandidate, laneId: string, code: string, now: number): void {
    const { store } = this.core;
    const { zoneId, spaceType } = this.held.stay(sessionId);
    this.held.leave(`exit of ${this.held.name(sessionId, plateKey)} at lane ${laneId} (${code})`, { sessionId, plateKey, zoneId, spaceType, laneId, passback: true }, (recordedId) =>
      store.change(() => this.sessions.close(recordedId, { laneId, manualReason: null, code, at: now }, null)),
    );
  }

  private quoteFacts(sessionId: number, now: number): ExitQuoteFacts | null {
    const held = this.held.entry(sessionId);
    if (held) return this.heldQuoteFacts(held, now);
    const session = this.core.store.sessions.require(sessionId);
    try {
      const quote = this.pricing(sessionId, now);
      return { currency: quote.currency, dueMinor: quote.totalMinor, paidMinor: quote.paidMinor, graceEndsAt: quote.graceUntil, freeEndsAt: this.freeEndsAt(session) };
    } catch (error) {
      // No tariff for the class or the date: the rules send the car to the attendant with 'no_quote'.
      this.core.log.warn({ err: error, sessionId }, 'exit quote failed');
      return null;
    }
  }

  /**
   * A stay whose entry waits in memory is free within the free minutes; past them nothing could be paid for it on a
   * full disk (no payment can be recorded), so the rules send it to the attendant with 'no_quote'.
   */
  private heldQuoteFacts(entry: HeldEntry, now: number): ExitQuoteFacts | null {
    const freeEndsAt = this.freeEndsAt(entry);
    if (freeEndsAt === null || now > freeEndsAt) return null;
    return { currency: this.core.layout().site.currency, dueMinor: 0, paidMinor: 0, graceEndsAt: null, freeEndsAt };
  }

  private freeEndsAt(stay: { vehicleClass: string; entryAt: number }): number | null {
    const table = selectRateTable(this.core.store.rateTables.all(), stay.vehicleClass, stay.entryAt);
    return table && table.freeMinutes > 0 ? stay.entryAt + table.freeMinutes * 60_000 : null;
  }
}

/** The reservation whose arrival window is open now, else the next one (the rules say why it does not admit). */
function pickReservation(reservations: readonly Reservation[], now: number): Reservation | null {
  const open = reservations.find((r) => r.arriveFrom <= now && now < r.arriveUntil);
  return open ?? [...reservations].sort((a, b) => a.arriveFrom - b.arriveFrom).find((r) => r.arriveUntil > now) ?? null;
}

/** Whether a car is one of the permit's plates (look-alike characters folded, as the repository counts them). */
function permitted(permit: Permit): (car: { plateKey: string }) => boolean {
  const folds = new Set(permit.plateKeys.map(foldConfusable));
  return (car) => folds.has(foldConfusable(car.plateKey));
}

function refOf(decision: EntryDecision): string | null {
  return 'ref' in decision ? decision.ref : null;
}

function round(score: number): number {
  return Math.round(score * 100) / 100;
}
