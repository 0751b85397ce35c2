/**
 * All the site's lanes: one LaneController per lane, fed by its capture (camera -> reader -> vote), its relay board's
 * inputs (loop, barrier sensor; polled, one poll loop per board) and a tick; the console's lane calls land here.
 * Attendant commands (lane-attendant.ts) are checked against the caller's role in the core, and audited.
 */
import type { Lane } from '../contract';
import type { LaneView } from '../contract/lanes';
import { audit, type Actor, type Core } from '../core';
import { DEFAULT_MIN_CONFIDENCE, type GatedDecision, type LaneDecision, type LaneMode } from '../domain/lanes/lane-policy';
import { effectiveMode, scheduledMode, type LaneSchedule } from '../domain/lanes/lane-schedule';
import { localDateTime } from '../domain/zoned-time';
import { MotionGate } from '../../../native/camera';
import { normalisePlate } from '../domain/plate';
import { conflict, notFound } from '../errors';
import type { SessionService } from '../sessions/session-service';
import type { DeviceRecord, LaneSettings } from '../store/lanes-repo';
import type { EvidenceKeeper, JpegEncoder } from './evidence';
import { LaneCapture, type Box, type FrameReader, type FrameSource } from './lane-capture';
import { LaneController, type LaneControllerDeps, type LaneRelay, type LaneSnapshot } from './lane-controller';
import { LaneAttendant, type LaneCommand } from './lane-attendant';
import { LaneDecider, type ExitPricing } from './lane-decider';
import { HeldPassages } from './held-passages';
import type { DeviceRegistry } from '../devices';
import type { LaneTimings } from '../domain/lanes/lane-machine';

/** A relay board as the lanes use it: commands, and inputs where the board has them (native/relay RelayBoard). */
export interface LaneBoard extends LaneRelay {
  readInputs?(): Promise<boolean[]>;
  health(): { connected: boolean };
}

/** Where the lanes get their devices: DeviceHub from the devices table, or a test rig. */
export interface LaneDevices {
  relay(id: string | null): LaneBoard | null;
  camera(id: string | null): FrameSource | null;
  readerFor(cameraId: string): Promise<FrameReader | null>;
  /** Replaces one device after its config changed (DeviceHub); absent where devices are fixed (test rigs). */
  reload?(device: DeviceRecord, laneId: string | null): Promise<void>;
}

/** What the lanes need of payments: exit prices as the booth sees them, and a charge on a lane's card reader. */
export interface ExitDesk {
  readonly price: ExitPricing;
  readonly collect: LaneControllerDeps['collect'];
}

export interface LaneServiceOptions {
  readonly tickMs?: number;
  /** How often a board's inputs (loops, barrier sensors) are read. */
  readonly pollMs?: number;
  readonly timings?: LaneTimings;
}

export class LaneService {
  private readonly controllers = new Map<string, LaneController>();
  private readonly captures = new Map<string, LaneCapture>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly stops: Array<() => void> = [];
  private hub: LaneDevices | null = null;
  private evidence: EvidenceKeeper | null = null;
  /** Cars let through on a full disk whose rows wait in memory: the Sessions and exit screens list them too. */
  readonly held: HeldPassages;
  private readonly decider: LaneDecider;
  private readonly attendant: LaneAttendant;
  /** Each lane's loop and barrier inputs as last read, so only changes reach the lane. */
  private readonly lastInputs = new Map<string, { loop: boolean | null; barrier: boolean | null }>();
  private readonly polling = new Set<string>();
  /** Schedules as stored (read again after a save), and the minute they were last applied. */
  private schedules: Map<string, LaneSchedule[]> | undefined;
  private scheduledMinute = -1;

  constructor(
    private readonly core: Core,
    sessions: SessionService,
    private readonly registry: DeviceRegistry,
    private readonly encode: JpegEncoder,
    private readonly desk: ExitDesk,
    private readonly options: LaneServiceOptions = {},
  ) {
    // One view of the passages a full disk holds in memory, for the rules and the attendant's manual passages alike.
    this.held = new HeldPassages(core);
    this.decider = new LaneDecider(core, sessions, desk.price, this.held);
    this.attendant = new LaneAttendant(core, sessions, this.held);
  }

  /** Builds every lane and starts its capture, input polling and tick. Without a device hub every lane is attended. */
  async start(hub: LaneDevices | null, evidence: EvidenceKeeper | null): Promise<void> {
    this.hub = hub;
    this.evidence = evidence;
    for (const lane of this.core.layout().lanes) await this.build(lane);
    const tick = setInterval(() => this.tick(), this.options.tickMs ?? 100);
    const poll = setInterval(() => this.pollBoards(), this.options.pollMs ?? 100);
    for (const timer of [tick, poll]) {
      timer.unref();
      this.timers.push(timer);
    }
    // A car waiting to pay at an exit goes as soon as its session is paid, wherever it was paid.
    this.stops.push(
      this.core.bus.subscribe((name, payload) => {
        if (name !== 'lot.changed') return;
        const { sessionId } = payload as { sessionId: number | null };
        if (sessionId !== null) for (const controller of this.controllers.values()) controller.sessionPaid(sessionId);
      }),
    );
  }

  /** The devices the lanes run on (null: none, every lane attended). */
  devices(): LaneDevices | null {
    return this.hub;
  }

  /** Settings may change only while no vehicle is in the lane. */
  assertIdle(laneId: string): void {
    const { phase } = this.require(laneId).snapshot().state;
    if (phase !== 'idle' && phase !== 'closed') throw conflict(`lane ${laneId} is busy (${phase.replace('_', ' ')}): apply its settings when it is idle`);
  }

  /** New settings for a lane (devices, inputs, mode): the lane is rebuilt, only while no vehicle is in it. */
  async reconfigure(laneId: string): Promise<LaneView> {
    this.assertIdle(laneId);
    const controller = this.require(laneId);
    this.captures.get(laneId)?.stop();
    this.captures.delete(laneId);
    await this.build(controller.lane);
    return this.view(this.require(laneId).snapshot());
  }

  /** A camera replaced in the settings: the lanes watching it start capturing from the new one. */
  async cameraReplaced(cameraId: string): Promise<void> {
    for (const controller of this.controllers.values()) {
      const { lane, settings } = controller.snapshot();
      if (settings.camera !== cameraId) continue;
      this.captures.get(lane.id)?.stop();
      this.captures.delete(lane.id);
      await this.startCapture(lane, settings, controller);
    }
  }

  private async build(lane: Lane): Promise<void> {
    const settings = this.settingsOf(lane.id);
    const controller = new LaneController(lane, settings, {
      core: this.core,
      decider: this.decider,
      recordedSession: (sessionId) => this.held.ref(sessionId).sessionId,
      relay: () => (lane.relayChannel === null ? null : (this.hub?.relay(settings.relayBoard) ?? null)),
      evidence: this.evidence,
      changed: (c) => this.core.bus.emit('lanes.changed', { lane: this.view(c.snapshot()) }),
      collect: this.desk.collect,
      timings: this.options.timings,
    });
    this.controllers.set(lane.id, controller);
    this.lastInputs.delete(lane.id);
    await this.startCapture(lane, settings, controller);
    this.core.bus.emit('lanes.changed', { lane: this.view(controller.snapshot()) });
  }

  stop(): void {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    for (const stop of this.stops.splice(0)) stop();
    for (const capture of this.captures.values()) capture.stop();
    for (const controller of this.controllers.values()) controller.stop();
  }

  list(): LaneView[] {
    return [...this.controllers.values()].map((c) => this.view(c.snapshot()));
  }

  /** The lane's picture as a JPEG for the tile, with the plate box when the plate was read on that very frame. */
  async frame(laneId: string): Promise<{ jpegBase64: string; at: number; box: Box | null } | null> {
    const picture = this.require(laneId).picture();
    if (!picture) return null;
    const { frame, box } = picture;
    const jpeg = await this.encode(frame, { maxWidth: 640 });
    const scale = Math.min(1, 640 / frame.width);
    const scaled = box && { x: box.x * scale, y: box.y * scale, width: box.width * scale, height: box.height * scale };
    return { jpegBase64: Buffer.from(jpeg).toString('base64'), at: frame.capturedAt, box: scaled };
  }

  command(laneId: string, command: LaneCommand, actor: Actor): LaneView {
    const controller = this.require(laneId);
    this.attendant.apply(controller, command, actor);
    return this.view(controller.snapshot());
  }

  acknowledgeAlarms(laneId: string, note: string, actor: Actor): LaneView {
    const controller = this.require(laneId);
    controller.acknowledgeAlarms(actor, note);
    return this.view(controller.snapshot());
  }

  setMode(laneId: string, mode: LaneMode, minConfidence: number | undefined, reason: string, actor: Actor): LaneView {
    const controller = this.require(laneId);
    const before = controller.snapshot().settings;
    const settings: LaneSettings = { ...before, mode, minConfidence: minConfidence ?? before.minConfidence };
    const { store } = this.core;
    store.change(() => {
      store.lanes.saveSettings(settings, actor.username, this.core.now());
      audit(this.core, { actor: actor.username, action: 'lane.settings', subject: `lane:${laneId}`, detail: { from: { mode: before.mode, minConfidence: before.minConfidence }, to: { mode, minConfidence: settings.minConfidence }, reason } });
    });
    controller.configure(settings);
    this.scheduledMinute = -1; // a schedule window open now still has the last word, from the next tick
    const by = { by: actor.username, reason };
    if (mode === 'closed' && before.mode !== 'closed') controller.input({ type: 'attendant', command: 'lane_close', ...by });
    if (mode !== 'closed' && controller.snapshot().state.phase === 'closed') controller.input({ type: 'attendant', command: 'lane_open', ...by });
    return this.view(controller.snapshot());
  }

  resetAntiPassback(plateRaw: string, reason: string, actor: Actor): void {
    const plate = normalisePlate(plateRaw);
    const { store } = this.core;
    store.change(() => {
      const before = store.access.antiPassback(plate);
      store.access.setAntiPassback(plate, 'unknown', null, this.core.now());
      audit(this.core, { actor: actor.username, action: 'lane.anti_passback_reset', subject: `plate:${plate}`, detail: { before, reason } });
    });
  }

  /** Lane settings as stored, or the defaults for a lane nobody has set up yet (attended by hand, no devices). */
  private settingsOf(laneId: string): LaneSettings {
    return (
      this.core.store.lanes.settingsFor(laneId) ?? {
        laneId,
        mode: 'normal',
        minConfidence: DEFAULT_MIN_CONFIDENCE,
        relayBoard: null,
        pulseMs: 500,
        loopInput: null,
        barrierInput: null,
        camera: null,
        terminal: null,
        defaultVehicleClass: null,
        roi: null,
      }
    );
  }

  private async startCapture(lane: Lane, settings: LaneSettings, controller: LaneController): Promise<void> {
    const camera = this.hub?.camera(settings.camera) ?? null;
    const reader = settings.camera === null ? null : await this.hub?.readerFor(settings.camera);
    if (!camera || !reader) return;
    const capture = new LaneCapture(camera, new MotionGate(), reader, {
      voted: (plate, frame, box) => controller.voted(plate, frame, box),
      read: (last, frame) => controller.seen(last, frame),
      failed: (error) => controller.readerFailed(error instanceof Error ? error.message : String(error)),
      deciding: () => controller.expectCommand(),
    }, () => {
      const { plateRegions, plateHomeCountry } = this.core.store.settings.get().settings;
      return { plateRegions, plateHomeCountry, roi: this.settingsOf(lane.id).roi };
    });
    capture.start();
    this.captures.set(lane.id, capture);
  }

  /** Each board with lanes on its inputs is read once per poll, never twice at once; each lane hears its own changes. */
  private pollBoards(): void {
    const byBoard = new Map<string, LaneController[]>();
    for (const controller of this.controllers.values()) {
      const { settings } = controller.snapshot();
      if (settings.relayBoard === null || (settings.loopInput === null && settings.barrierInput === null)) continue;
      byBoard.set(settings.relayBoard, [...(byBoard.get(settings.relayBoard) ?? []), controller]);
    }
    for (const [boardId, lanes] of byBoard) {
      const board = this.hub?.relay(boardId);
      if (!board?.readInputs || !board.health().connected || this.polling.has(boardId)) continue;
      this.polling.add(boardId);
      const read = board.readInputs.bind(board);
      // Through a promise even if the driver throws at once (a closed board): a poll must never throw out of a timer.
      Promise.resolve()
        .then(read)
        .then((inputs) => lanes.forEach((controller) => this.applyInputs(controller, inputs)))
        // A failed read shows in the board's health; the next poll tries again.
        .catch(() => undefined)
        .finally(() => this.polling.delete(boardId));
    }
  }

  private applyInputs(controller: LaneController, inputs: boolean[]): void {
    const { settings, lane } = controller.snapshot();
    if (this.controllers.get(lane.id) !== controller) return; // rebuilt while the read was on the line
    const before = this.lastInputs.get(lane.id) ?? { loop: null, barrier: null };
    const loop = settings.loopInput === null ? null : (inputs[settings.loopInput] ?? null);
    const barrier = settings.barrierInput === null ? null : (inputs[settings.barrierInput] ?? null);
    this.lastInputs.set(lane.id, { loop, barrier });
    if (loop !== null && loop !== before.loop) {
      if (loop) this.captures.get(lane.id)?.trigger();
      else this.captures.get(lane.id)?.resetVote();
      controller.input({ type: 'loop', on: loop });
    }
    if (barrier !== null && barrier !== before.barrier) controller.input({ type: 'barrier', open: barrier });
  }

  private tick(): void {
    const now = this.core.now();
    this.followSchedules(now);
    for (const [laneId, controller] of this.controllers) {
      controller.input({ type: 'tick' });
      this.captures.get(laneId)?.tick(now, controller.latestFrame());
    }
  }

  /** Once a minute of site time: each lane in the mode its schedule says now, the change audited as by 'schedule'. */
  private followSchedules(now: number): void {
    const local = localDateTime(this.core.layout().site.timeZone, now);
    const minute = Math.floor(now / 60_000);
    if (minute === this.scheduledMinute) return;
    this.scheduledMinute = minute;
    this.schedules ??= this.core.store.lanes.schedules();
    for (const controller of this.controllers.values()) {
      const { lane, settings, state } = controller.snapshot();
      const own = this.settingsOf(lane.id).mode;
      const mode = effectiveMode(own, this.schedules.get(lane.id) ?? [], local);
      if (mode === settings.mode) continue;
      controller.configure({ ...settings, mode });
      const by = { by: 'schedule', reason: `scheduled ${mode} (lane's own mode: ${own})` };
      if (mode === 'closed' && state.phase !== 'closed') controller.input({ type: 'attendant', command: 'lane_close', ...by });
      if (mode !== 'closed' && state.phase === 'closed') controller.input({ type: 'attendant', command: 'lane_open', ...by });
    }
  }

  schedulesOf(laneId: string): LaneSchedule[] {
    this.require(laneId);
    return this.core.store.lanes.schedules().get(laneId) ?? [];
  }

  saveSchedules(laneId: string, schedules: readonly LaneSchedule[], reason: string, actor: Actor): LaneView {
    const controller = this.require(laneId);
    const { store } = this.core;
    store.change(() => {
      const before = store.lanes.schedules().get(laneId) ?? [];
      store.lanes.replaceSchedules(laneId, schedules, actor.username, this.core.now());
      audit(this.core, { actor: actor.username, action: 'lane.schedules', subject: `lane:${laneId}`, detail: { before, schedules, reason } });
    });
    this.schedules = undefined;
    this.scheduledMinute = -1;
    this.followSchedules(this.core.now());
    return this.view(controller.snapshot());
  }

  private require(laneId: string): LaneController {
    const controller = this.controllers.get(laneId);
    if (!controller) throw notFound(`lane ${laneId}`);
    return controller;
  }

  private view(snapshot: LaneSnapshot): LaneView {
    const { lane, settings, state, decided } = snapshot;
    const device = (id: string | null) => {
      const found = id === null ? undefined : this.registry.get(id);
      return found ? { id: found.id, healthy: found.healthy, detail: found.detail } : null;
    };
    return {
      laneId: lane.id,
      name: lane.name,
      direction: lane.direction,
      zoneId: lane.zoneId,
      mode: settings.mode,
      scheduled: scheduledMode(this.schedules?.get(lane.id) ?? [], localDateTime(this.core.layout().site.timeZone, this.core.now())),
      minConfidence: settings.minConfidence,
      phase: state.phase,
      since: state.since,
      car: snapshot.car,
      lastHandled: snapshot.lastHandled,
      display: snapshot.display,
      plate: state.plate ? { key: state.plate.key, confidence: state.plate.confidence, voteAgreed: state.plate.voteAgreed, confirmedBy: state.plate.confirmedBy ?? null } : null,
      decision: state.decision ? decisionView(state.decision) : null,
      ...(decided?.sessionId == null ? { sessionId: null, unrecorded: null } : this.held.ref(decided.sessionId)),
      candidates: (decided?.candidates ?? []).map(({ sessionId, ...candidate }) => ({ ...candidate, ...this.held.ref(sessionId) })),
      amountDue: decided?.amountDue ?? null,
      barrier: state.holdOpen ? 'held' : state.barrierOpenSince !== null ? 'up' : state.phase === 'barrier_opening' ? 'opening' : 'down',
      relay: device(settings.relayBoard),
      camera: device(settings.camera),
      alarms: snapshot.alarms.map((a) => ({ kind: a.kind, text: a.text, at: a.at })),
      lastRead: snapshot.lastRead ? { text: snapshot.lastRead.text, confidence: snapshot.lastRead.confidence, alternatives: [...snapshot.lastRead.alternatives], at: snapshot.lastRead.at, processingMs: snapshot.lastRead.processingMs } : null,
      frameAt: snapshot.frameAt,
    };
  }
}

/** The decision as the console shows it, with the rules' own proposal when the read gate held the car for the attendant. */
function decisionView(decision: LaneDecision | GatedDecision<LaneDecision>): NonNullable<LaneView['decision']> {
  const { outcome, code, why } = decision;
  if (!('proposal' in decision)) return { outcome, code, why };
  const { proposal } = decision;
  return { outcome, code, why, proposal: { outcome: proposal.outcome, code: proposal.code, why: proposal.why } };
}
