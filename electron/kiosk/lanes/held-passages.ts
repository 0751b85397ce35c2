/**
 * Cars the lanes let through while the disk was full. Their session rows wait in memory (core.unrecorded), where
 * the lane rules, which read the database, cannot see them; kept here too until they are written, the rules see them
 * as the database soon will: a car held inside is inside for anti-passback, occupancy and permits, and its exit
 * matches it. A held entry answers to a stand-in session id below zero until its row is written; a held exit of it
 * closes the row that was written for it.
 */
import type { Core } from '../core';
import { isDiskFull } from '../disk/unrecorded';
import { foldConfusable } from '../domain/plate';
import { notFound } from '../errors';

export interface HeldCar {
  readonly plateKey: string;
  readonly zoneId: string;
  readonly spaceType: string;
  /** Whether the passage moves the plate's anti-passback state (every exit does, and a lane's entry; a typed one does not). */
  readonly passback: boolean;
}

export interface HeldEntry extends HeldCar {
  readonly kind: 'entry';
  /** The stand-in id, below zero. */
  readonly sessionId: number;
  /** The lane it came in by. */
  readonly laneId: string;
  readonly vehicleClass: string;
  readonly entryAt: number;
}

interface HeldExit extends HeldCar {
  readonly kind: 'exit';
  /** The session's id, or the stand-in id of a held entry. */
  readonly sessionId: number;
  /** The lane it went out by. */
  readonly laneId: string;
}

/** A passage taken back before it was written: what it was, and where. */
export interface WithdrawnPassage {
  readonly kind: Held['kind'];
  readonly laneId: string;
}

type Held = HeldEntry | HeldExit;

export interface Stay {
  readonly plateKey: string;
  readonly zoneId: string;
  readonly spaceType: string;
  readonly vehicleClass: string;
  readonly entryAt: number;
}

/**
 * A car whose entry waits in memory, as the console names it: by its plate, lane and time, never by the stand-in id
 * (the contract's session ids are recorded rows). `ref` is the stand-in's number, above zero, for the attendant to
 * pick it at an exit.
 */
export interface UnrecordedCar {
  readonly ref: number;
  readonly plateKey: string;
  readonly laneId: string;
  readonly since: number;
}

/** A session id as the contract may carry it: a recorded row's id, or null with the car kept in memory. */
export interface SessionRef {
  readonly sessionId: number | null;
  readonly unrecorded: UnrecordedCar | null;
}

export interface InsideCar {
  readonly sessionId: number;
  readonly plateKey: string;
}

export class HeldPassages {
  /** In the order they happened, as core.unrecorded will write them. */
  private readonly held: Held[] = [];
  /** Stand-in ids of held entries whose rows are written now, to the ids the rows got. */
  private readonly written = new Map<number, number>();
  /** Each held item's write as core.unrecorded keeps it, to withdraw it by. */
  private readonly writes = new Map<Held, () => unknown>();
  private nextStandIn = -1;

  constructor(private readonly core: Core) {}

  /** Records an entry now, or holds it until space returns; the session's id, or its stand-in id while held. */
  enter(what: string, car: Omit<HeldEntry, 'kind' | 'sessionId'>, write: () => number): number {
    const entry: HeldEntry = { ...car, kind: 'entry', sessionId: this.nextStandIn-- };
    const record = () =>
      this.writing(entry, () => {
        const id = write();
        if (this.held.includes(entry)) this.written.set(entry.sessionId, id);
        return id;
      });
    const recorded = this.core.unrecorded.recorded(what, record);
    if (recorded) return recorded.value;
    this.hold(entry, record);
    return entry.sessionId;
  }

  /** Records an exit now, or holds it until space returns; `write` gets the session's id once its row exists. */
  leave(what: string, exit: Omit<HeldExit, 'kind'>, write: (sessionId: number) => void): void {
    const held: HeldExit = { ...exit, kind: 'exit' };
    const record = () => this.writing(held, () => write(this.recordedId(held.sessionId)));
    if (!this.core.unrecorded.recorded(what, record)) this.hold(held, record);
  }

  /**
   * Takes back a held entry or exit of this session before its row is written, as if the rules had never let the car
   * through: a held exit's car is inside again; a held entry's stay never began, so it never ended either, and an exit
   * held for it since (a car let out by that stay) goes with it. What was withdrawn: nothing when none of that kind is
   * held (written meanwhile, or never held), and the caller then undoes the row.
   */
  withdraw(sessionId: number, kind: Held['kind']): WithdrawnPassage[] {
    const item = this.held.find((candidate) => candidate.kind === kind && candidate.sessionId === sessionId);
    if (!item) return [];
    const items = item.kind === 'entry' ? this.held.filter((candidate) => candidate.sessionId === sessionId) : [item];
    const writes = items.map((candidate) => this.writes.get(candidate));
    // All or nothing: an exit left waiting for an entry that is gone would close nothing, and fail when written.
    if (!writes.every((write) => write !== undefined && this.core.unrecorded.waits(write))) return [];
    for (const write of writes) this.core.unrecorded.withdraw(write!);
    items.forEach((candidate) => this.release(candidate));
    return items.map(({ kind: withdrawn, laneId }) => ({ kind: withdrawn, laneId }));
  }

  /** A held entry by its stand-in id, while its row waits. */
  entry(sessionId: number): HeldEntry | undefined {
    return this.held.find((item): item is HeldEntry => item.kind === 'entry' && item.sessionId === sessionId && !this.exited(item));
  }

  /**
   * What the console may be told about a session id the lanes hold: the recorded row's id (a stand-in whose row is
   * written now is its row), or the car kept in memory.
   */
  ref(sessionId: number): SessionRef {
    if (sessionId > 0) return { sessionId, unrecorded: null };
    const written = this.written.get(sessionId);
    if (written !== undefined) return { sessionId: written, unrecorded: null };
    const entry = this.held.find((item): item is HeldEntry => item.kind === 'entry' && item.sessionId === sessionId);
    return { sessionId: null, unrecorded: entry ? unrecordedCar(entry) : null };
  }

  /** The stand-in id of a car the attendant picked by its `ref`; not found once it is no longer held inside. */
  standIn(ref: number): number {
    if (!this.entry(-ref)) throw notFound(`no car kept in memory as number ${ref} is inside`);
    return -ref;
  }

  /** The cars inside whose entries wait in memory, oldest first; only those a plate matches when one is given. */
  unrecordedInside(plateKey?: string): UnrecordedCar[] {
    const fold = plateKey === undefined ? null : foldConfusable(plateKey);
    return this.held
      .filter((item): item is HeldEntry => item.kind === 'entry' && !this.exited(item) && (fold === null || foldConfusable(item.plateKey).includes(fold)))
      .map(unrecordedCar);
  }

  /** A session as the attendant's words name it: "session 12", or the car by its plate while its entry is held. */
  name(sessionId: number, plateKey: string): string {
    const { sessionId: recorded } = this.ref(sessionId);
    return recorded === null ? `${plateKey} (its entry not yet recorded)` : `session ${recorded} (${plateKey})`;
  }

  /** The plate of a stay the lanes let through: held in memory (coming in or leaving), or recorded. */
  plateOf(sessionId: number): string | null {
    return this.held.find((item) => item.sessionId === sessionId)?.plateKey ?? this.core.store.sessions.get(this.written.get(sessionId) ?? sessionId)?.plateKey ?? null;
  }

  /** A stay inside: its entry held in memory, or its row. */
  stay(sessionId: number): Stay {
    return this.entry(sessionId) ?? this.core.store.sessions.require(sessionId);
  }

  /** The plate's anti-passback state as its held passages leave it; null when none is held. */
  antiPassback(plateKey: string): 'inside' | 'outside' | null {
    const fold = foldConfusable(plateKey);
    const last = this.held.findLast((item) => item.passback && foldConfusable(item.plateKey) === fold);
    return last ? (last.kind === 'entry' ? 'inside' : 'outside') : null;
  }

  /** The cars inside as the rules must see them: the recorded ones less those held leaving, plus those held inside. */
  inside(recorded: readonly InsideCar[]): InsideCar[] {
    const leaving = new Set(this.held.filter((item) => item.kind === 'exit').map((exit) => this.written.get(exit.sessionId) ?? exit.sessionId));
    const entered = this.held.filter((item): item is HeldEntry => item.kind === 'entry' && !this.exited(item));
    return [...recorded.filter((car) => !leaving.has(car.sessionId)), ...entered.map(({ sessionId, plateKey }) => ({ sessionId, plateKey }))];
  }

  /** How many more (or fewer) of the cars `counts` picks are inside than the database says. */
  insideDelta(counts: (car: HeldCar) => boolean): number {
    let delta = 0;
    for (const item of this.held) {
      if (!counts(item)) continue;
      if (item.kind === 'entry' && !this.exited(item)) delta++;
      // The exit of a car whose entry is held too cancels out: that entry is not counted above.
      if (item.kind === 'exit' && !this.held.some((other) => other.kind === 'entry' && other.sessionId === item.sessionId)) delta--;
    }
    return delta;
  }

  private exited(entry: HeldEntry): boolean {
    return this.held.some((item) => item.kind === 'exit' && item.sessionId === entry.sessionId);
  }

  private recordedId(sessionId: number): number {
    if (sessionId >= 0) return sessionId;
    const id = this.written.get(sessionId);
    if (id === undefined) throw notFound(`the entry held as session ${sessionId} was never recorded`);
    return id;
  }

  /** Runs a held item's write; once written (or failed for good) it is no longer held. */
  private writing<T>(item: Held, write: () => T): T {
    try {
      const value = write();
      this.release(item);
      return value;
    } catch (error) {
      if (!isDiskFull(error)) this.release(item);
      throw error;
    }
  }

  private hold(item: Held, write: () => unknown): void {
    this.held.push(item);
    this.writes.set(item, write);
  }

  private release(item: Held): void {
    const at = this.held.indexOf(item);
    if (at >= 0) this.held.splice(at, 1);
    this.writes.delete(item);
  }
}

function unrecordedCar(entry: HeldEntry): UnrecordedCar {
  return { ref: -entry.sessionId, plateKey: entry.plateKey, laneId: entry.laneId, since: entry.entryAt };
}
