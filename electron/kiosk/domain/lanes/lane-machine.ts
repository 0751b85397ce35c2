/**
 * One lane as a pure reducer: step(state, input, now) -> { state, effects }. The lane service owns the clock (a
 * `tick` input every ~100 ms), the reader, the rules and the relay board; this file owns what a lane does next.
 *
 * idle -loop on-> vehicle_present -read_started-> reading -vote-> (effect decide) -decision-> decided | barrier_opening
 * barrier_opening -relay confirmed + (loop off | barrier closed after open | lane without sensors)-> vehicle_passed
 * vehicle_passed -settle-> idle
 * any -lane_close-> closed -lane_open-> idle
 *
 * Promises kept (lane-machine.test.ts checks them on random input sequences):
 *  - a relay is only pulsed or held on by an `open` decision or an attendant command, never by a tick or a sensor;
 *  - a relay failure (reported or not confirmed in time) always raises an alarm and leaves barrier_opening for
 *    decided: the lane never claims a barrier opened that the board did not confirm;
 *  - barrier_opening -> vehicle_passed needs the board's confirmation plus loop or barrier-sensor evidence;
 *  - every input in every phase is handled without throwing; one that means nothing there is logged and ignored;
 *  - every step logs exactly one line (the transition, or why the input was ignored).
 */
import { plateKeySchema } from '../plate';
import type { LaneDecision, PlateRead } from './lane-policy';
import type { AlarmKind, AttendantCommand, LaneEffect, LaneInput, LaneOverride, LanePhase, LaneState, RelayCommand, StepResult } from './lane-machine-types';

export * from './lane-machine-types';

/** Alarms about one vehicle's passage: forgotten when the lane is idle again, so the next car can raise them anew. */
const CYCLE_ALARMS: readonly AlarmKind[] = ['relay_failed', 'relay_not_confirmed', 'vehicle_never_passed'];

class Draft {
  state: LaneState;
  readonly effects: LaneEffect[] = [];
  note = '';
  ignored = false;

  constructor(
    readonly before: LaneState,
    readonly now: number,
  ) {
    this.state = before;
  }

  set(patch: Partial<LaneState>): void {
    this.state = { ...this.state, ...patch };
  }

  /** A lane that goes idle shows its welcome again: the sign follows the lane, never the car that has gone. */
  to(phase: LanePhase, patch: Partial<LaneState> = {}): void {
    const cycleOver = phase === 'idle' || phase === 'closed';
    if (phase === 'idle' && this.state.phase !== 'idle') this.emit({ kind: 'display', text: 'Welcome' });
    this.set({
      phase,
      since: phase === this.state.phase ? this.state.since : this.now,
      deadline: null,
      ...(cycleOver ? { plate: null, decision: null, opened: false, loopClearedEarly: false, raised: this.state.raised.filter((a) => !CYCLE_ALARMS.includes(a)) } : {}),
      ...patch,
    });
  }

  emit(effect: LaneEffect): void {
    this.effects.push(effect);
  }

  ignore(why: string): void {
    this.ignored = true;
    this.note = why;
  }

  alarm(alarm: AlarmKind, text: string, once = false): void {
    if (once && this.state.raised.includes(alarm)) return;
    this.set({ raised: [...this.state.raised.filter((a) => a !== alarm), alarm] });
    this.emit({ kind: 'alarm', alarm, text: `lane ${this.state.config.laneId}: ${text}` });
  }

  relay(action: RelayCommand['action']): void {
    const { channel, pulseMs, timings } = this.state.config;
    const commandId = this.state.nextCommandId;
    if (action === 'pulse') this.emit({ kind: 'relay', action: 'pulse', channel, ms: pulseMs, commandId });
    else this.emit({ kind: 'relay', action: 'set', channel, on: action === 'hold', commandId });
    this.set({ nextCommandId: commandId + 1, pending: { id: commandId, action, deadline: this.now + timings.relayConfirmMs } });
  }

  /** The open command failed: back to decided so the attendant sees the car and the fault; never claim it opened. */
  relayFault(alarm: AlarmKind, text: string): void {
    this.alarm(alarm, text);
    // A hold that was never confirmed is not a hold: the hold-open alarm must not fire for a barrier that is down.
    if (this.state.pending?.action === 'hold') this.set({ holdOpen: null });
    this.set({ pending: null, opened: false });
    if (this.state.phase === 'barrier_opening') {
      this.to('decided', { holdOpen: null });
      this.emit({ kind: 'display', text: 'Please wait: the attendant is coming' });
      this.emit({ kind: 'console', event: 'barrier_fault', text });
    }
  }
}

export function step(state: LaneState, input: LaneInput, now: number): StepResult {
  const d = new Draft(state, now);
  try {
    dispatch(d, input);
  } catch (error) {
    // Nothing above should throw; if it does, the lane keeps its last good state and says so rather than dying.
    d.state = state;
    d.effects.length = 0;
    d.ignore(`input failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const type = typeof input === 'object' && input !== null ? String((input as { type?: unknown }).type) : String(input);
  const moved = d.state.phase === state.phase ? `stays ${state.phase}` : `${state.phase} -> ${d.state.phase}`;
  d.emit({
    kind: 'log',
    level: d.ignored ? 'warn' : 'info',
    from: state.phase,
    to: d.state.phase,
    input: type,
    text: `lane ${state.config.laneId}: ${type}: ${d.ignored ? `ignored in ${state.phase}` : moved}${d.note ? ` (${d.note})` : ''}`,
  });
  return { state: d.state, effects: d.effects };
}

function dispatch(d: Draft, input: LaneInput): void {
  switch (input?.type) {
    case 'loop':
      return onLoop(d, input.on === true);
    case 'read_started':
      if (d.state.phase !== 'idle' && d.state.phase !== 'vehicle_present') return d.ignore('not waiting for a read');
      return d.to('reading', { deadline: d.state.deadline ?? d.now + d.state.config.timings.readMs });
    case 'vote':
      return onVote(d, input.read);
    case 'decision':
      return onDecision(d, input.decision);
    case 'attendant':
      return onAttendant(d, input);
    case 'relay_confirmed':
      return onRelayConfirmed(d, input.commandId);
    case 'relay_failed': {
      const matches = d.state.pending?.id === input.commandId;
      if (matches) return d.relayFault('relay_failed', `relay command ${input.commandId} failed: ${input.error}`);
      // Even a failure we no longer wait for is news from the board: alarm, but it changes no state.
      return d.alarm('relay_failed', `relay command ${input.commandId} failed: ${input.error}`);
    }
    case 'barrier':
      return onBarrier(d, input.open === true);
    case 'tick':
      return onTick(d);
    default:
      return d.ignore('unknown input');
  }
}

function onLoop(d: Draft, on: boolean): void {
  const { phase, loop: wasOn } = d.state;
  d.set({ loop: on });
  if (on) {
    if (phase === 'idle' || phase === 'vehicle_passed') {
      d.to('vehicle_present', { deadline: d.now + d.state.config.timings.readMs });
      d.emit({ kind: 'display', text: 'Reading your plate' });
    }
    return;
  }
  // A loop that was not on has not cleared: the board's first reading after a start, or a repeat, is no vehicle
  // leaving (an open by hand on an empty lane would otherwise count as a passage when the board confirms it).
  if (!wasOn) return;
  if (phase === 'vehicle_present' || phase === 'reading' || phase === 'decided') {
    // A car the rules let through had its passage recorded before the barrier was asked: say so, the attendant decides.
    const recorded = d.state.decision?.outcome !== 'open' ? '' : d.state.config.direction === 'entry'
      ? ': the rules had let it in, so its stay is open; void it on Sessions if the car did not come in'
      : ': the rules had let it out, so its stay is closed; reopen it on Sessions if the car is still inside';
    d.emit({ kind: 'console', event: 'vehicle_left', text: `vehicle left lane ${d.state.config.laneId} before the barrier opened${recorded}` });
    return d.to('idle');
  }
  if (phase === 'barrier_opening') {
    if (d.state.opened) return passed(d, 'loop cleared');
    d.set({ loopClearedEarly: true });
    d.note = 'loop cleared before the board confirmed: waiting for the confirmation';
  }
}

function onVote(d: Draft, read: PlateRead): void {
  const { phase } = d.state;
  // After a passage the next car may be read before the lane has settled: it is the next vehicle, not noise.
  if (phase === 'vehicle_passed') d.to('idle');
  else if (phase !== 'idle' && phase !== 'vehicle_present' && phase !== 'reading') return d.ignore('not reading');
  d.to('reading', { plate: read, deadline: null });
  d.emit({ kind: 'decide', read });
}

function onDecision(d: Draft, decision: LaneDecision): void {
  const { phase } = d.state;
  if (phase !== 'vehicle_present' && phase !== 'reading' && phase !== 'decided') return d.ignore('no vehicle waiting for a decision');
  d.note = `${decision.outcome} ${decision.code}: ${decision.why}`;
  d.emit({ kind: 'console', event: 'decision', text: `${decision.outcome} (${decision.code}): ${decision.why}` });
  if (decision.outcome === 'open') return openBarrier(d, decision, 'pulse');
  d.to('decided', { decision });
  const display = decision.outcome === 'pay' ? 'Please pay' : decision.outcome === 'deny' ? 'No entry: please see the attendant' : 'Please wait: the attendant is coming';
  d.emit({ kind: 'display', text: display });
}

function openBarrier(d: Draft, decision: LaneDecision, action: 'pulse' | 'hold'): void {
  d.relay(action);
  const closed = d.state.phase === 'closed';
  // A manual open on a closed lane lets one car through and keeps the lane closed.
  if (!closed) d.to('barrier_opening', { decision, opened: false, loopClearedEarly: false });
  d.emit({ kind: 'display', text: 'Please drive on' });
}

function onAttendant(d: Draft, command: AttendantCommand): void {
  const phase = d.state.phase;
  const laneId = d.state.config.laneId;
  const audit = (event: LaneOverride, text: string) => d.emit({ kind: 'console', event, text: `lane ${laneId}: ${text}`, by: command.by, reason: command.reason });
  const waiting = phase === 'vehicle_present' || phase === 'reading' || phase === 'decided';
  switch (command.command) {
    case 'barrier_open':
    case 'barrier_hold_open': {
      const hold = command.command === 'barrier_hold_open';
      audit(hold ? 'manual_hold_open' : 'manual_open', `${hold ? 'hold open' : 'open'} by ${command.by}: ${command.reason}`);
      if (hold) d.set({ holdOpen: { reason: command.reason, by: command.by, at: d.now } });
      return openBarrier(d, { outcome: 'open', code: hold ? 'manual_hold_open' : 'manual_open', why: command.reason }, hold ? 'hold' : 'pulse');
    }
    case 'barrier_close':
      if (!d.state.holdOpen && phase !== 'barrier_opening') return d.ignore('barrier is not held or opening');
      audit('manual_close', `closed by ${command.by}: ${command.reason}`);
      if (d.state.holdOpen) d.relay('release');
      d.set({ holdOpen: null, raised: d.state.raised.filter((a) => a !== 'hold_open_too_long') });
      if (phase !== 'closed') d.to('idle');
      return;
    case 'lane_close':
      if (phase === 'closed') return d.ignore('lane already closed');
      audit('lane_closed', `closed by ${command.by}: ${command.reason}`);
      if (d.state.holdOpen) d.relay('release');
      d.to('closed', { holdOpen: null });
      return d.emit({ kind: 'display', text: 'Lane closed' });
    case 'lane_open':
      if (phase !== 'closed') return d.ignore('lane is not closed');
      audit('lane_opened', `opened by ${command.by}: ${command.reason}`);
      return d.to('idle');
    case 'deny':
      if (!waiting) return d.ignore('no vehicle waiting');
      audit('manual_deny', `refused by ${command.by}: ${command.reason}`);
      d.to('decided', { decision: { outcome: 'deny', code: 'attendant_deny', why: command.reason } });
      return d.emit({ kind: 'display', text: 'No entry: please see the attendant' });
    case 'confirm_plate':
    case 'correct_plate': {
      if (!waiting) return d.ignore('no vehicle waiting');
      const was = d.state.plate;
      const key = command.command === 'correct_plate' ? command.plateKey : was?.key;
      if (key === undefined || !plateKeySchema.safeParse(key).success) return d.ignore(`not a plate key: ${String(key)}`);
      const letThrough = d.state.decision;
      if (phase === 'decided' && letThrough?.outcome === 'open' && key === was?.key) {
        // The rules let this car through and only its barrier failed: deciding again would meet the car's own
        // entry (anti-passback) or its closed stay, and refuse it. Confirming it is asking the barrier again.
        audit('plate_confirmed', `plate ${key} confirmed by ${command.by}: ${command.reason}; the barrier is asked again`);
        return openBarrier(d, letThrough, 'pulse');
      }
      // Confidence 1 and confirmedBy: the rules' read gate trusts a person; the audit keeps the OCR's version.
      const read: PlateRead = { key, confidence: 1, voteAgreed: true, confirmedBy: command.by };
      const text = was && was.key !== key ? `plate corrected from ${was.key} to ${key}` : `plate ${key} confirmed`;
      audit(command.command === 'correct_plate' ? 'plate_corrected' : 'plate_confirmed', `${text} by ${command.by}: ${command.reason}`);
      d.to(phase === 'decided' ? 'decided' : 'reading', { plate: read, deadline: null });
      return d.emit({ kind: 'decide', read });
    }
    default:
      return d.ignore('unknown attendant command');
  }
}

function onRelayConfirmed(d: Draft, commandId: number): void {
  const pending = d.state.pending;
  if (!pending || pending.id !== commandId) return d.ignore(`no relay command ${commandId} pending`);
  d.set({ pending: null });
  if (pending.action === 'release' || d.state.phase !== 'barrier_opening') return;
  d.set({ opened: true, deadline: d.now + d.state.config.timings.passMs });
  if (d.state.loopClearedEarly) passed(d, 'loop had cleared, board now confirmed');
  else if (!d.state.config.sensed && !d.state.holdOpen) passed(d, 'no loop or barrier sensor on this lane: the confirmed open counts');
}

function onBarrier(d: Draft, open: boolean): void {
  const wasOpen = d.state.barrierOpenSince !== null;
  d.set({ barrierOpenSince: open ? (d.state.barrierOpenSince ?? d.now) : null });
  if (!open) d.set({ raised: d.state.raised.filter((a) => a !== 'barrier_open_too_long') });
  // Barrier down again after it was up: the barrier's own safety loop let the vehicle through.
  if (!open && wasOpen && d.state.phase === 'barrier_opening' && d.state.opened && !d.state.holdOpen) passed(d, 'barrier closed after opening');
}

function passed(d: Draft, evidence: string): void {
  d.note = evidence;
  d.to('vehicle_passed', { deadline: d.now + d.state.config.timings.settleMs, raised: d.state.raised.filter((a) => a !== 'vehicle_never_passed') });
  d.emit({ kind: 'console', event: 'vehicle_passed', text: `vehicle passed lane ${d.state.config.laneId} (${evidence})` });
  d.emit({ kind: 'display', text: 'Thank you' });
}

function onTick(d: Draft): void {
  const { now } = d;
  const { timings } = d.state.config;
  const pending = d.state.pending;
  if (pending && now >= pending.deadline) {
    d.relayFault('relay_not_confirmed', `relay ${pending.action} (command ${pending.id}) not confirmed in ${timings.relayConfirmMs} ms`);
  }
  const openSince = d.state.barrierOpenSince;
  if (openSince !== null && !d.state.holdOpen && now - openSince >= timings.openTooLongMs) {
    d.alarm('barrier_open_too_long', `barrier open for ${Math.round((now - openSince) / 1000)} s`, true);
  }
  const hold = d.state.holdOpen;
  if (hold && now - hold.at >= timings.holdMaxMs) d.alarm('hold_open_too_long', `held open by ${hold.by} since ${new Date(hold.at).toISOString()}: ${hold.reason}`, true);

  const { phase, deadline } = d.state;
  if (deadline === null || now < deadline) return;
  if (phase === 'vehicle_present' || phase === 'reading') {
    // No vote in time: let the rules decide with no read (free-flow opens, otherwise the attendant is called).
    d.to('reading', { deadline: null });
    d.emit({ kind: 'decide', read: null });
    d.note = 'no plate vote in time';
  } else if (phase === 'barrier_opening') {
    d.set({ deadline: null });
    d.alarm('vehicle_never_passed', `barrier opened ${Math.round(timings.passMs / 1000)} s ago and no vehicle went through`, true);
  } else if (phase === 'vehicle_passed') {
    if (d.state.loop) d.to('vehicle_present', { deadline: now + timings.readMs });
    else d.to('idle');
  }
}
