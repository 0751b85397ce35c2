/**
 * One lane at work: runs the pure lane machine (domain/lanes/lane-machine.ts) on real inputs (votes from capture,
 * loop and barrier inputs from the relay board, attendant commands, a tick) and carries out its effects: the rules
 * (LaneDecider, which commits the session), relay commands on the board, audit rows for every override, alarms
 * (console, log and the sync outbox), the lane display and the evidence images.
 *
 * Effects are carried out after the state is updated, so an effect that feeds an input back (a decision, a relay
 * confirmation) always steps from the state that asked for it; relay commands go first and leave on the same turn
 * (see relay()), so a barrier never waits behind the log, an audit row or the console.
 */
import type { AuditAction, Lane } from '../contract';
import type { LaneAction } from '../contract/lanes';
import { audit, type Actor, type Core } from '../core';
import { conflict } from '../errors';
import { initialLaneState, step, DEFAULT_TIMINGS, type AlarmKind, type LaneEffect, type LaneInput, type LaneState, type LaneTimings } from '../domain/lanes/lane-machine';
import { opensOnAVote, type PlateRead } from '../domain/lanes/lane-policy';
import type { LaneSettings } from '../store/lanes-repo';
import type { Box, LastRead } from './lane-capture';
import type { Decided, LaneDecider } from './lane-decider';
import type { EvidenceKeeper, FrameLike } from './evidence';

/** The relay as a lane uses it (native/relay RelayBoard satisfies it). */
export interface LaneRelay {
  pulse(channel: number, ms?: number): Promise<void>;
  set(channel: number, on: boolean): Promise<void>;
  /** A command is expected soon: the board's shared line is kept clear for it until the release is called. */
  expectCommand?(): () => void;
}

export interface LaneCharge {
  readonly laneId: string;
  readonly terminalId: string;
  readonly sessionId: number;
  readonly amountMinor: number;
  readonly currency: string;
}

export interface LaneAlarm {
  readonly kind: AlarmKind;
  readonly text: string;
  readonly at: number;
}

export interface LaneSnapshot {
  readonly lane: Lane;
  readonly settings: LaneSettings;
  readonly state: LaneState;
  readonly display: string;
  readonly decided: Decided | null;
  readonly alarms: readonly LaneAlarm[];
  readonly lastRead: LastRead | null;
  readonly frameAt: number | null;
  readonly car: number | null;
  readonly lastHandled: HandledCar | null;
}

/** A person's action on a car at the lane: what a second console's late action on the same car is told. */
export interface HandledCar {
  readonly car: number;
  readonly action: LaneAction;
  readonly by: string;
  readonly at: number;
}

export interface LaneControllerDeps {
  readonly core: Core;
  readonly decider: LaneDecider;
  /** The recorded row of a session id the lanes hold; null while its entry waits in memory (held-passages.ts). */
  readonly recordedSession: (sessionId: number) => number | null;
  /** Looked up for every command: a board replaced in the settings is used from the next command on. */
  readonly relay: () => LaneRelay | null;
  readonly evidence: EvidenceKeeper | null;
  /** Called after every change the console should see. */
  readonly changed: (lane: LaneController) => void;
  /** Takes what an exit owes on the lane's own card reader; resolves with how it ended. */
  readonly collect: (request: LaneCharge) => Promise<{ outcome: string; message: string }>;
  readonly timings?: LaneTimings;
}

const MAX_ALARMS = 20;

export class LaneController {
  private state: LaneState;
  private display = 'Welcome';
  private decided: Decided | null = null;
  /** The car waiting now: a new id each time a car starts waiting, above the last one and the clock (unique over restarts). */
  private car: number | null = null;
  private lastCar = 0;
  private lastHandled: HandledCar | null = null;
  private alarms: LaneAlarm[] = [];
  private stopped = false;
  private lastRead: LastRead | null = null;
  private lastFrame: FrameLike | null = null;
  /** The latest frame a plate was read on, and where. */
  private readShot: { frame: FrameLike; box: Box } | null = null;
  /** The frame and box that settled the current vehicle's vote: the evidence behind its decision. */
  private voteFrame: { frame: FrameLike; box: Box | null } | null = null;

  constructor(
    readonly lane: Lane,
    private settings: LaneSettings,
    private readonly deps: LaneControllerDeps,
  ) {
    const config = {
      laneId: lane.id,
      direction: lane.direction,
      channel: lane.relayChannel ?? 1,
      pulseMs: settings.pulseMs,
      timings: deps.timings ?? DEFAULT_TIMINGS,
      sensed: settings.loopInput !== null || settings.barrierInput !== null,
    };
    this.state = initialLaneState(config, deps.core.now(), settings.mode === 'closed');
  }

  snapshot(): LaneSnapshot {
    return { lane: this.lane, settings: this.settings, state: this.state, display: this.display, decided: this.decided, alarms: this.alarms, lastRead: this.lastRead, frameAt: this.lastFrame?.capturedAt ?? null, car: this.car, lastHandled: this.lastHandled };
  }

  latestFrame(): FrameLike | null {
    return this.lastFrame;
  }

  /**
   * The picture for the console: the frame the last plate was read on, with its box, while it is recent (a car
   * standing at the barrier); else the latest frame, with no box (a box is never drawn on a frame it was not read on).
   */
  picture(maxAgeMs = 2_000): { frame: FrameLike; box: Box | null } | null {
    const latest = this.lastFrame;
    const read = this.readShot;
    if (read && latest && latest.capturedAt - read.frame.capturedAt <= maxAgeMs) return read;
    return latest && { frame: latest, box: null };
  }

  /** New settings from the settings screen or a mode change; the machine's state carries on. */
  configure(settings: LaneSettings): void {
    this.settings = settings;
    this.deps.changed(this);
  }

  /** The attendant dealt with the alarms: they leave the tile (each is in the log, the audit and the outbox). */
  acknowledgeAlarms(actor: Actor, note: string): void {
    if (this.alarms.length === 0) return;
    this.audited(actor, 'lane.alarms_acknowledged', { alarms: this.alarms.map((a) => ({ kind: a.kind, at: a.at })), note });
    this.alarms = [];
    this.deps.changed(this);
  }

  /** The kiosk is closing: late answers (a relay command failing as its board closes) change nothing any more. */
  stop(): void {
    this.stopped = true;
  }

  input(input: LaneInput): void {
    if (this.stopped) return;
    const result = step(this.state, input, this.deps.core.now());
    const moved = result.state !== this.state;
    this.state = result.state;
    this.noteCar();
    if (this.state.phase === 'idle' || this.state.phase === 'closed') this.forgetVehicle();
    const relayFirst = [...result.effects].sort((a, b) => Number(b.kind === 'relay') - Number(a.kind === 'relay'));
    for (const effect of relayFirst) this.perform(effect);
    if (moved || result.effects.some((e) => e.kind !== 'log')) this.deps.changed(this);
  }

  /** A vehicle's plate from capture, with the frame that settled it. */
  voted(read: PlateRead, frame: FrameLike, box: Box | null): void {
    this.voteFrame = { frame, box };
    this.input({ type: 'vote', read });
  }

  /**
   * A read that may decide this lane's car has started: the relay's line is kept clear for the command it may give.
   * In a mode whose votes never open the barrier there is no command to wait for, and the board's polls go on.
   */
  expectCommand(): () => void {
    const keptClear = opensOnAVote(this.settings.mode) ? this.deps.relay()?.expectCommand?.() : undefined;
    return keptClear ?? (() => undefined);
  }

  seen(lastRead: LastRead | null, frame: FrameLike): void {
    this.lastFrame = frame;
    if (!lastRead) return;
    this.lastRead = lastRead;
    this.readShot = { frame, box: lastRead.box };
  }

  readerFailed(message: string): void {
    this.deps.core.log.warn({ lane: this.lane.id, error: message }, 'plate read failed');
  }

  /** The attendant chose which open session this car is (exit), or confirmed/corrected the plate. */
  decideForSession(sessionId: number, actor: Actor, reason: string): void {
    if (!this.waiting()) throw conflict(`no vehicle is waiting at lane ${this.lane.id}`);
    const decided = this.deps.decider.exitForSession(this.lane, this.settings, sessionId, actor.username);
    this.audited(actor, 'lane.session_chosen', { ...recordedOrPlate(decided), reason });
    this.applyDecided(decided);
  }

  /** Re-runs the rules for a car waiting to pay, once its session is paid. */
  sessionPaid(sessionId: number): void {
    if (this.state.phase !== 'decided' || this.decided?.sessionId !== sessionId || this.decided.decision.outcome !== 'pay') return;
    const plate = this.state.plate;
    if (plate) this.perform({ kind: 'decide', read: plate });
  }

  waiting(): boolean {
    return this.state.phase === 'vehicle_present' || this.state.phase === 'reading' || this.state.phase === 'decided';
  }

  /**
   * Remembers who acted on which car. A car still waiting after it (refused, or the rules asked again) gets a new id:
   * a console that acted on the view before this one is refused, one that saw this action may act again.
   */
  handled(car: number, action: LaneAction, actor: Actor): void {
    this.lastHandled = { car, action, by: actor.username, at: this.deps.core.now() };
    if (this.car !== null) this.car = this.nextCarId();
    this.deps.changed(this);
  }

  private noteCar(): void {
    if (!this.waiting()) this.car = null;
    else if (this.car === null) this.car = this.nextCarId();
  }

  private nextCarId(): number {
    this.lastCar = Math.max(this.lastCar + 1, this.deps.core.now());
    return this.lastCar;
  }

  private forgetVehicle(): void {
    this.decided = null;
    this.voteFrame = null;
  }

  private perform(effect: LaneEffect): void {
    switch (effect.kind) {
      case 'decide':
        return this.decide(effect.read);
      case 'relay':
        return this.relay(effect);
      case 'console':
        return this.announce(effect);
      case 'display':
        this.display = effect.text;
        return;
      case 'alarm':
        return this.alarm(effect.alarm, effect.text);
      case 'log':
        // Ticks arrive ten times a second: only the ones that move the lane are worth a line in the log.
        if (effect.input === 'tick' && effect.from === effect.to) return;
        this.deps.core.log[effect.level]({ lane: this.lane.id, from: effect.from, to: effect.to, input: effect.input }, effect.text);
        return;
    }
  }

  private decide(read: PlateRead | null): void {
    let decided: Decided;
    try {
      decided = this.deps.decider.decide(this.lane, this.settings, read);
    } catch (error) {
      // The rules or the database failed: a person decides, the lane does not jam or guess.
      this.deps.core.log.error({ err: error, lane: this.lane.id }, 'lane decision failed');
      const why = `the kiosk could not decide (${error instanceof Error ? error.message : String(error)}): please check`;
      decided = { decision: { outcome: 'attendant', code: 'decision_failed', why }, sessionId: null, candidates: [], amountDue: null };
    }
    this.applyDecided(decided);
  }

  private applyDecided(decided: Decided): void {
    this.decided = decided;
    const shot = this.voteFrame;
    this.input({ type: 'decision', decision: decided.decision });
    // Once the relay command has been handed to the port: JPEG encoding shares libuv's thread pool with the serial
    // write, and the evidence must never queue in front of the barrier.
    setImmediate(() => this.keepEvidence(decided, shot));
    if (decided.decision.outcome === 'pay') this.collectAtLane(decided);
  }

  /**
   * An exit with its own card reader asks the driver to pay there. A paid session re-opens the rules (sessionPaid);
   * a card that fails leaves the car waiting for the attendant, who sees why.
   */
  private collectAtLane(decided: Decided): void {
    const terminalId = this.settings.terminal;
    const due = decided.amountDue;
    if (terminalId === null || due === null || decided.sessionId === null) return;
    const { core } = this.deps;
    const { locale } = core.layout().site;
    const amount = new Intl.NumberFormat(locale, { style: 'currency', currency: due.currency }).format(due.minor / 100);
    this.display = `Please pay ${amount} at the card reader`;
    this.deps
      .collect({ laneId: this.lane.id, terminalId, sessionId: decided.sessionId, amountMinor: due.minor, currency: due.currency })
      .catch((error: unknown) => ({ outcome: 'failed', message: error instanceof Error ? error.message : String(error) }))
      .then(({ outcome, message }) => {
        // Waived under the card minimum: nothing is owed, and the paid session re-opens the rules like a payment.
        if (outcome === 'succeeded' || outcome === 'waived' || this.decided !== decided) return;
        this.display = 'Card not accepted: the attendant is coming';
        core.bus.log({ at: core.now(), kind: 'lane.card_failed', text: `lane ${this.lane.id}: card ${outcome}: ${message}`, sessionId: decided.sessionId });
        this.deps.changed(this);
      })
      .catch((error: unknown) => core.log.error({ err: error, lane: this.lane.id }, 'the card reader\'s answer was not shown on the lane'));
  }

  private keepEvidence(decided: Decided, shot: { frame: FrameLike; box: Box | null } | null): void {
    const keeper = this.deps.evidence;
    if (!keeper || !shot) return;
    const stage = this.lane.direction;
    const { sessionId } = decided;
    // Asked when the row is written: on a full disk that is after the held session's own row (the same queue).
    const session = sessionId === null ? null : () => this.deps.recordedSession(sessionId);
    keeper.keep({ laneId: this.lane.id, stage, frame: shot.frame, box: shot.box, sessionId: session, plate: this.state.plate?.key ?? null }).catch((error: unknown) => {
      this.deps.core.log.warn({ err: error, lane: this.lane.id }, 'evidence not kept');
    });
  }

  private relay(effect: Extract<LaneEffect, { kind: 'relay' }>): void {
    const relay = this.deps.relay();
    const { commandId } = effect;
    if (!relay) {
      // Deferred like a real answer, so the machine has left the step that issued the command.
      queueMicrotask(() => this.input({ type: 'relay_failed', commandId, error: 'no relay board is configured for this lane' }));
      return;
    }
    // Called now, not on a later turn: the driver writes the bytes before this returns when the line is free.
    let sent: Promise<void>;
    try {
      sent = effect.action === 'pulse' ? relay.pulse(effect.channel, effect.ms) : relay.set(effect.channel, effect.on);
    } catch (error) {
      // A driver that throws at once fails the command like one that rejects: the lane alarms either way.
      sent = Promise.reject(error);
    }
    // Answers come on a later turn (a promise's callbacks always do), after this step's other effects.
    sent.then(
      () => this.input({ type: 'relay_confirmed', commandId }),
      (error: unknown) => this.input({ type: 'relay_failed', commandId, error: error instanceof Error ? error.message : String(error) }),
    );
  }

  private announce(effect: Extract<LaneEffect, { kind: 'console' }>): void {
    const { core } = this.deps;
    core.bus.log({ at: core.now(), kind: `lane.${effect.event}`, text: effect.text, sessionId: recordedSessionId(this.decided) });
    if (effect.by === undefined) return;
    // Every attendant override of a lane is audited with who and why, in its own transaction (later, on a full disk).
    const at = core.now();
    const record = { actor: effect.by, action: `lane.${effect.event}` as const, subject: `lane:${this.lane.id}`, detail: { text: effect.text, reason: effect.reason }, at };
    core.unrecorded.attempt(`${effect.text} at lane ${this.lane.id} by ${effect.by}`, () => core.store.change(() => audit(core, record)));
  }

  /** On a full disk the audit row waits in memory with the rest (the attendant's choice at a lane must still act). */
  audited(actor: Actor, action: AuditAction, detail: Record<string, unknown>): void {
    const { core } = this.deps;
    const record = { actor: actor.username, action, subject: `lane:${this.lane.id}`, detail, at: core.now() };
    core.unrecorded.attempt(`${action} at lane ${this.lane.id} by ${actor.username}`, () => core.store.change(() => audit(core, record)));
  }

  private alarm(kind: AlarmKind, text: string): void {
    const { core } = this.deps;
    const at = core.now();
    this.alarms = [{ kind, text, at }, ...this.alarms].slice(0, MAX_ALARMS);
    core.log.warn({ lane: this.lane.id, alarm: kind }, text);
    core.bus.log({ at, kind: 'alarm', text, sessionId: recordedSessionId(this.decided) });
    // Head office hears of every alarm: a barrier that failed to open is an operations matter, not just a log line.
    core.unrecorded.attempt(`alarm for head office: ${text}`, () => core.store.change(() => core.store.outbox.appendEvent('alarm', `alarm:${this.lane.id}:${kind}`, { laneId: this.lane.id, kind, text, at }, at)));
  }
}

/** The decided car's session id where its row is recorded; null while its entry waits in memory (held-passages.ts). */
function recordedSessionId(decided: Decided | null): number | null {
  const id = decided?.sessionId ?? null;
  return id !== null && id > 0 ? id : null;
}

/** An audit detail names the session, or the plate of a car whose entry is not recorded yet. */
function recordedOrPlate(decided: Decided): { sessionId: number } | { plate: string; entryRecorded: false } {
  const sessionId = recordedSessionId(decided);
  return sessionId !== null ? { sessionId } : { plate: decided.candidates[0]?.plateKey ?? '', entryRecorded: false };
}
