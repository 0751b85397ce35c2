/**
 * What an attendant does at a lane: manual barrier commands, confirming or correcting the plate, choosing the
 * session, refusing the car. Each carries a reason code; the role an action needs is checked here, in the core; a
 * manual passage still opens or closes the session it concerns, and a person's plate is noted in its audit.
 * Opening by hand for a car the deny list refused (reported stolen, banned) needs a supervisor: an attendant's try
 * is refused and audited, a supervisor's is audited as an override of the list.
 */
import type { Session } from '../contract';
import type { LaneAction, ReasonCode } from '../contract/lanes';
import { SUPERVISOR_LANE_ACTIONS } from '../contract/lanes';
import { audit, recordPlateCorrection, type Actor, type Core } from '../core';
import type { GatedDecision, LaneDecision } from '../domain/lanes/lane-policy';
import { normalisePlate } from '../domain/plate';
import { localDateTime } from '../domain/zoned-time';
import { conflict, KioskError } from '../errors';
import type { SessionService } from '../sessions/session-service';
import type { HeldPassages } from './held-passages';
import type { LaneController } from './lane-controller';
import { laneDefaultClass } from './lane-class';

export interface LaneCommand {
  readonly action: LaneAction;
  readonly reasonCode: ReasonCode;
  readonly note: string;
  readonly plate?: string;
  readonly sessionId?: number;
  readonly unrecordedRef?: number;
  /** The car the console acted on (the lane view's `car`). */
  readonly car?: number;
}

/** What each action did to a car, as a later console is told it ("already let through by sam at 14:02"). */
const HANDLED_AS: Partial<Record<LaneAction, string>> = {
  open: 'let through',
  deny: 'refused',
  confirm: 'confirmed',
  correct: 'corrected',
  choose: 'matched to a session',
};

const REASON_LABELS: Record<ReasonCode, string> = {
  driver_assistance: 'helped the driver',
  plate_misread: 'plate misread',
  payment_problem: 'payment problem',
  permit_problem: 'permit problem',
  emergency_vehicle: 'emergency vehicle',
  staff_or_contractor: 'staff or contractor',
  equipment_fault: 'equipment fault',
  maintenance: 'maintenance',
  other: 'other',
};

/** A car's way in or out that the lane rules granted: the stay it opened or closed. */
interface Passage {
  readonly kind: 'entry' | 'exit';
  readonly sessionId: number;
}

function reasonText(code: ReasonCode, note: string): string {
  return note ? `${REASON_LABELS[code]}: ${note}` : REASON_LABELS[code];
}

export class LaneAttendant {
  constructor(
    private readonly core: Core,
    private readonly sessions: SessionService,
    private readonly held: HeldPassages,
  ) {}

  /** Carries out an attendant's command on a lane, checking the role the action needs. */
  apply(controller: LaneController, command: LaneCommand, actor: Actor): void {
    if (SUPERVISOR_LANE_ACTIONS.includes(command.action) && actor.role === 'attendant') {
      throw new KioskError('forbidden', `${command.action.replace('_', ' ')} needs a supervisor`);
    }
    const car = this.carActedOn(controller, command);
    this.act(controller, command, actor);
    if (car !== null) controller.handled(car, command.action, actor);
  }

  /**
   * The waiting car an action is for, checked against the car the console saw, in the same synchronous step as the
   * action: a console that acted on a car someone else already handled, or on one that has gone, is refused.
   */
  private carActedOn(controller: LaneController, command: LaneCommand): number | null {
    if (HANDLED_AS[command.action] === undefined) return null;
    const { car, lastHandled } = controller.snapshot();
    if (command.car === undefined || command.car === car) return car;
    const laneId = controller.lane.id;
    if (lastHandled?.car === command.car) {
      const local = localDateTime(this.core.layout().site.timeZone, lastHandled.at);
      const time = `${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`;
      throw conflict(`that car was already ${HANDLED_AS[lastHandled.action] ?? lastHandled.action} by ${lastHandled.by} at ${time} (lane ${laneId}): nothing was done`);
    }
    throw conflict(car === null ? `that car has left lane ${laneId}: nothing was done` : `lane ${laneId} has another car waiting now: nothing was done, look at it again`);
  }

  private act(controller: LaneController, command: LaneCommand, actor: Actor): void {
    const reason = reasonText(command.reasonCode, command.note);
    const by = { by: actor.username, reason };
    switch (command.action) {
      case 'open':
        this.guardDenyListed(controller, reason, actor);
        this.recordManualPassage(controller, reason, actor);
        controller.input({ type: 'attendant', command: 'barrier_open', ...by });
        break;
      case 'hold_open':
        controller.input({ type: 'attendant', command: 'barrier_hold_open', ...by });
        break;
      case 'close_barrier':
        controller.input({ type: 'attendant', command: 'barrier_close', ...by });
        break;
      case 'close_lane':
        controller.input({ type: 'attendant', command: 'lane_close', ...by });
        break;
      case 'open_lane':
        controller.input({ type: 'attendant', command: 'lane_open', ...by });
        break;
      case 'deny':
        this.requireWaiting(controller);
        controller.input({ type: 'attendant', command: 'deny', ...by });
        break;
      case 'confirm':
        this.requireWaiting(controller);
        this.withPlateNote(controller, 'session.plate_confirmed', by, () => controller.input({ type: 'attendant', command: 'confirm_plate', ...by }));
        break;
      case 'correct':
        this.correct(controller, command.plate!, by, actor);
        break;
      case 'choose':
        controller.decideForSession(command.sessionId ?? this.held.standIn(command.unrecordedRef!), actor, reason);
        break;
    }
  }

  /**
   * A manual open for a car the lane knows: at an entry it still gets a session (occupancy stays true), at an exit
   * its session is closed with what was left unpaid in the audit. Both with the attendant's reason, at the time of
   * the open: on a full disk they wait in memory (core.unrecorded) and the barrier opens all the same.
   */
  private recordManualPassage(controller: LaneController, reason: string, actor: Actor): void {
    const { lane, state, decided } = controller.snapshot();
    if (!controller.waiting() || decided?.decision.outcome === 'open') return;
    const at = this.core.now();
    const plate = state.plate;
    if (lane.direction === 'entry' && plate) {
      const car = { plateKey: plate.key, zoneId: lane.zoneId, vehicleClass: laneDefaultClass(this.core, lane.id), spaceType: 'regular' as const, entryAt: at, laneId: lane.id, passback: false };
      const entry = { plateRaw: plate.key, plateConfidence: plate.confidence, plateImage: null, laneId: lane.id, zoneId: car.zoneId, vehicleClass: car.vehicleClass, spaceType: car.spaceType, manualReason: reason, at };
      this.held.enter(`manual entry of ${plate.key} at lane ${lane.id} by ${actor.username} (${reason})`, car, () => this.sessions.open(entry, actor).id);
    }
    const sessionId = decided?.sessionId ?? null;
    if (lane.direction === 'exit' && sessionId !== null) {
      const { plateKey, zoneId, spaceType } = this.held.stay(sessionId);
      this.held.leave(`manual exit of ${this.held.name(sessionId, plateKey)} at lane ${lane.id} by ${actor.username} (${reason})`, { sessionId, plateKey, zoneId, spaceType, laneId: lane.id, passback: true }, (recordedId) => {
        this.sessions.close(recordedId, { laneId: lane.id, manualReason: reason, at }, actor);
      });
    }
  }

  /** The waiting car was refused by the deny list: only a supervisor or an admin may open for it, audited either way. */
  private guardDenyListed(controller: LaneController, reason: string, actor: Actor): void {
    const { lane, state, decided } = controller.snapshot();
    // The rules' own verdict, also where the read gate asked the attendant first (low confidence, confirm every car).
    const held = decided?.decision as LaneDecision | GatedDecision<LaneDecision> | undefined;
    const decision = held && 'proposal' in held ? held.proposal : held;
    if (!controller.waiting() || decision?.outcome !== 'deny' || decision.code !== 'deny_list') return;
    const plate = state.plate?.key ?? 'this car';
    const detail = { lane: lane.id, plate, why: decision.why, reason, role: actor.role };
    const allowed = actor.role !== 'attendant';
    // On a full disk the audit row waits in memory like any override's: an emergency vehicle still gets its barrier.
    controller.audited(actor, allowed ? 'lane.deny_list_override' : 'lane.deny_list_open_refused', detail);
    if (allowed) return;
    const who = this.core.store.users.list().filter((u) => u.active && u.role !== 'attendant').map((u) => u.username);
    throw new KioskError('forbidden', `${plate} is on the deny list: only a supervisor or an admin may open the barrier for it${who.length ? ` (${who.join(', ')})` : ''}`);
  }

  private correct(controller: LaneController, plateRaw: string, by: { by: string; reason: string }, actor: Actor): void {
    this.requireWaiting(controller);
    const plateKey = normalisePlate(plateRaw);
    const { lane, state } = controller.snapshot();
    const why = `plate corrected to ${plateKey} at lane ${lane.id} before the car passed (${by.reason})`;
    const at = this.core.now();
    const record = () => recordPlateCorrection(this.core, { at, laneId: lane.id, stage: 'lane', sessionId: null, readKey: state.plate?.key ?? null, readConfidence: state.plate?.confidence ?? null, correctedKey: plateKey, evidenceId: null, by: by.by, reason: by.reason });
    const passage = this.unpassed(controller, plateKey);
    const withdrawn = passage && this.withdrawHeld(passage, lane.id, why, actor, at);
    const undo = passage && !withdrawn ? this.undoRecorded(passage, lane.id, why, actor) : null;
    if (undo) {
      // A recorded stay changes: with the correction, in one transaction, or neither on a full disk (disk_full).
      this.core.store.change(() => {
        record();
        undo();
      });
    } else {
      // On a full disk the correction's records wait in memory like the lane's own; the rules decide the typed plate now.
      this.core.unrecorded.attempt(`plate correction to ${plateKey} at lane ${lane.id} by ${by.by}`, () =>
        this.core.store.change(() => {
          record();
          withdrawn?.();
        }),
      );
    }
    this.withPlateNote(controller, 'session.plate_corrected', by, () => controller.input({ type: 'attendant', command: 'correct_plate', plateKey, ...by }));
  }

  /**
   * The passage the rules granted to the plate read for a car whose barrier then failed, when the attendant corrects
   * that plate: the car still at the barrier is another, so that passage never happened. At an entry it is the stay
   * the rules opened under the misread plate; at an exit, the stay of the plate read (another car's, still inside),
   * which the rules closed before asking the barrier. Null when the lane let nothing through for the read.
   */
  private unpassed(controller: LaneController, plateKey: string): Passage | null {
    const { lane, state, decided } = controller.snapshot();
    if (state.phase !== 'decided' || decided?.decision.outcome !== 'open' || decided.sessionId === null) return null;
    if (lane.direction === 'entry') return state.plate?.key === plateKey ? null : { kind: 'entry', sessionId: decided.sessionId };
    return { kind: 'exit', sessionId: decided.sessionId };
  }

  /**
   * An unpassed passage (see unpassed) still held in memory on a full disk is withdrawn before it is ever written: the
   * car let out is inside again, the stay let in never began. Returns its audit, for the correction's records; null
   * when the passage is not held.
   */
  private withdrawHeld({ kind, sessionId }: Passage, laneId: string, why: string, actor: Actor, at: number): (() => void) | null {
    const plate = this.held.plateOf(sessionId);
    const withdrawn = this.held.withdraw(sessionId, kind);
    if (!withdrawn.some((passage) => passage.kind === kind)) return null;
    // A car let out since by the misread stay: its exit went too, and the audit says where, for someone to look into.
    const exit = kind === 'entry' ? withdrawn.find((passage) => passage.kind === 'exit') : undefined;
    const detail = { plate, lane: laneId, reason: exit ? `${why}; the exit by that stay at lane ${exit.laneId} is taken back with it` : why, ...(exit ? { exitWithdrawn: { lane: exit.laneId } } : {}) };
    return () => {
      // The exit's stay has its row (or will, written before this); the withdrawn entry's stay never had one.
      const recorded = kind === 'exit' ? this.held.ref(sessionId).sessionId : null;
      const subject = recorded === null ? `lane:${laneId}` : `session:${recorded}`;
      audit(this.core, { actor: actor.username, action: kind === 'exit' ? 'session.exit_withdrawn' : 'lane.entry_withdrawn', subject, detail, at });
    };
  }

  /**
   * An unpassed passage already recorded: the entry's stay is voided, the exit's reopened, audited with `why`. An
   * entry's stay that a car has been let out by since never began, so never ended: it is reopened and voided, unless
   * money was taken for it or its plate is inside again; then it stays as recorded, beside the correction, for a person.
   */
  private undoRecorded({ kind, sessionId }: Passage, laneId: string, why: string, actor: Actor): (() => void) | null {
    const recorded = this.held.ref(sessionId).sessionId;
    const session = recorded === null ? undefined : this.core.store.sessions.get(recorded);
    if (!session) return null;
    if (kind === 'exit') return session.status === 'closed' && session.exitLane === laneId ? () => this.sessions.reopen(session.id, why, actor) : null;
    if (session.entryLane !== laneId) return null;
    if (session.status === 'open') return () => this.sessions.void(session.id, why, actor);
    if (session.status !== 'closed' || !this.unclosable(session)) return null;
    return () => {
      this.sessions.reopen(session.id, why, actor);
      this.sessions.void(session.id, why, actor);
    };
  }

  /** A closed stay whose close may be taken back: nobody paid for it, and no other stay of its plate is inside. */
  private unclosable(session: Session): boolean {
    return session.paidMinor === 0 && !this.sessions.insideUnderAnother(session.plateKey, session.id);
  }

  /**
   * Runs an attendant's confirmation or correction; when it opens or closes a session, the session's own audit says
   * that a person settled the plate, and what the reader had said (the session stores the plate as decided).
   */
  private withPlateNote(controller: LaneController, action: 'session.plate_confirmed' | 'session.plate_corrected', by: { by: string; reason: string }, settle: () => void): void {
    const read = controller.snapshot().state.plate;
    settle();
    const decided = controller.snapshot().decided?.sessionId ?? null;
    if (decided === null) return;
    const detail = { lane: controller.lane.id, read: read && { key: read.key, confidence: read.confidence }, reason: by.reason };
    const at = this.core.now();
    // On a full disk the note waits behind the held session's row, and names that row once it is written.
    this.core.unrecorded.attempt(`${action} by ${by.by} at lane ${controller.lane.id}`, () => {
      const sessionId = this.held.ref(decided).sessionId;
      // An entry held in memory and withdrawn since (its plate corrected at the barrier) has no row: the lane keeps the note.
      const subject = sessionId === null ? `lane:${controller.lane.id}` : `session:${sessionId}`;
      this.core.store.change(() => audit(this.core, { actor: by.by, action, subject, detail, at }));
    });
  }

  private requireWaiting(controller: LaneController): void {
    if (!controller.waiting()) throw conflict(`no vehicle is waiting at lane ${controller.lane.id}`);
  }
}
