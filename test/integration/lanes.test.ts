/**
 * Lanes end to end in one process: camera frames -> the plate reader -> the vote -> the rules -> the session in a real
 * SQLite file -> the real Modbus driver on a socat pty -> the board simulator, whose inputs (loop, barrier sensor) the
 * lane polls back over the same line. Only the camera (frames pushed by the test) and the reader (scripted by
 * frame) stand in for the world.
 */
import { describe, expect, it } from 'vitest';
import { DEMO, expectOk, loggedIn } from '../support/kiosk-harness';
import { waitFor, waitForHealth } from './relay-socat';
import { arrive, arriveWithBarrierFault, driveThrough, lane, relayPulses, useLaneRigs, waitForLane, waitForLaneWithin, type Rig } from './lane-rig';
import { payCardToEnd } from './payments-helpers';
import type { LaneView } from '../../electron/kiosk/contract/lanes';

const startRig = useLaneRigs();

describe('lanes on a real relay board', () => {
  it('a permit holder: read, session opened with the permit, barrier pulsed on the board, passage seen', async () => {
    const rig = await startRig();
    const decided = await arrive(rig, 'in1', 0, 'HD21SMI');
    expect(decided.decision).toMatchObject({ outcome: 'open', code: 'open_permit' });
    await waitFor(() => relayPulses(rig, 1) === 1, 3_000, 'relay 1 pulsed on the board');
    await driveThrough(rig, 'in1', 0, 1);
    const session = rig.kiosk.store.sessions.get(decided.sessionId!)!;
    expect(session).toMatchObject({ plateKey: 'HD21SMI', status: 'open', entryLane: 'in1', entryCode: 'open_permit', entryRef: 'p-harbour-dental' });
    await waitFor(() => rig.kiosk.store.evidence.forSession(session.id).length === 1, 3_000, 'evidence kept');
    const [evidence] = (await expectOk(rig.console, 'evidence.list', { sessionId: session.id })).evidence;
    expect(evidence).toMatchObject({ laneId: 'in1', stage: 'entry', hasPlate: true, purged: false });
    const image = await expectOk(rig.console, 'evidence.image', { evidenceId: evidence!.id, which: 'plate' });
    expect(Buffer.from(image.jpegBase64!, 'base64').subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));

    // The second car on the same permit (one space) is refused: the limit counts cars inside.
    await waitForLane(rig, 'in1', (l) => l.phase === 'idle', 'idle again');
    const second = await arrive(rig, 'in1', 0, 'HD68RTE');
    expect(second.decision).toMatchObject({ outcome: 'deny', code: 'permit_limit_reached' });
    expect(relayPulses(rig, 1)).toBe(1);
  });

  it("the read that decides a car keeps the board's line clear of input polls until the barrier's command is given", async () => {
    const rig = await startRig();
    const line: string[] = [];
    const { board } = rig;
    const keepClear = board.expectCommand!.bind(board);
    const pulse = board.pulse.bind(board);
    board.expectCommand = () => {
      line.push('kept clear');
      const release = keepClear();
      return () => (line.push('released'), release());
    };
    board.pulse = (channel, ms) => (line.push(`pulse ${channel}`), pulse(channel, ms));
    const decided = await arrive(rig, 'in1', 0, 'HD21SMI');
    expect(decided.decision).toMatchObject({ outcome: 'open' });
    expect(line).toEqual(['kept clear', 'pulse 1', 'released']);
  });

  it('a lane whose votes never open the barrier (every car confirmed) leaves the line to the polls', async () => {
    const rig = await startRig();
    await expectOk(rig.console, 'lanes.setMode', { laneId: 'in1', mode: 'attendant-confirms-every-car', reason: 'event traffic' });
    const keptClear: string[] = [];
    const keepClear = rig.board.expectCommand!.bind(rig.board);
    rig.board.expectCommand = () => (keptClear.push('kept clear'), keepClear());
    const decided = await arrive(rig, 'in1', 0, 'HD21SMI');
    expect(decided.decision).toMatchObject({ outcome: 'attendant', code: 'confirm_every_car' });
    expect(keptClear).toEqual([]);
    expect(relayPulses(rig, 1)).toBe(0);
  });

  it("a confirmation decides on the lot as it is then: the permit's other car let in meanwhile, the confirmed one is refused, saying why", async () => {
    const rig = await startRig();
    await expectOk(rig.console, 'lanes.setMode', { laneId: 'in1', mode: 'attendant-confirms-every-car', reason: 'event traffic' });
    const waiting = await arrive(rig, 'in1', 0, 'HD21SMI');
    expect(waiting.decision).toMatchObject({ outcome: 'attendant', code: 'confirm_every_car', proposal: { outcome: 'open', code: 'open_permit' } });
    // While the attendant looks, the permit's other car (one space for two) comes in by the lane that needs nobody.
    expect((await arrive(rig, 'in2', 2, 'HD68RTE')).decision).toMatchObject({ outcome: 'open', code: 'open_permit' });

    const { lane: confirmed } = await expectOk(rig.console, 'lanes.command', { laneId: 'in1', action: 'confirm', car: waiting.car!, reasonCode: 'plate_misread', note: '' });
    expect(confirmed.decision).toMatchObject({ outcome: 'deny', code: 'permit_limit_reached', why: expect.stringContaining('already has 1 of 1 vehicle(s) inside') });
    expect(confirmed.lastHandled).toMatchObject({ action: 'confirm', by: 'sam' });
    expect(rig.kiosk.store.sessions.inside().map((s) => s.plateKey)).toEqual(['HD68RTE']);
    expect(relayPulses(rig, 1)).toBe(0);
  });

  /**
   * A car at in1 (every car confirmed there) confirmed by the attendant while the board is silent: the rules let it
   * in, the barrier command fails, the lane waits in 'decided'. The board answers again afterwards.
   */
  async function letInWithBarrierFault(rig: Rig, plate: string): Promise<LaneView> {
    await expectOk(rig.console, 'lanes.setMode', { laneId: 'in1', mode: 'attendant-confirms-every-car', reason: 'event traffic' });
    const waiting = await arrive(rig, 'in1', 0, plate);
    rig.simulator.fault = 'silent';
    await expectOk(rig.console, 'lanes.command', { laneId: 'in1', action: 'confirm', car: waiting.car!, reasonCode: 'plate_misread', note: '' });
    const faulted = await waitForLane(rig, 'in1', (l) => l.phase === 'decided' && l.alarms.length > 0, 'the barrier fault');
    rig.simulator.fault = 'none';
    return faulted;
  }

  it('a confirmed car whose barrier did not open: confirming it again asks the barrier again, it is not refused as inside already', async () => {
    const rig = await startRig();
    const faulted = await letInWithBarrierFault(rig, 'AB12CDE');
    expect(faulted).toMatchObject({ decision: { outcome: 'open', code: 'open_transient' }, display: 'Please wait: the attendant is coming' });

    const again = await expectOk(rig.console, 'lanes.command', { laneId: 'in1', action: 'confirm', car: faulted.car!, reasonCode: 'plate_misread', note: '' });
    expect(again.lane).toMatchObject({ phase: 'barrier_opening', decision: { outcome: 'open', code: 'open_transient' }, display: 'Please drive on' });
    await waitFor(() => relayPulses(rig, 1) === 1, 3_000, 'the barrier pulsed');
    await driveThrough(rig, 'in1', 0, 1);
    expect(rig.kiosk.store.sessions.inside().map((s) => s.plateKey)).toEqual(['AB12CDE']);
  });

  it('a misread car let in whose barrier did not open: its correction withdraws the misread stay and the rules decide the typed plate', async () => {
    const rig = await startRig();
    const faulted = await letInWithBarrierFault(rig, 'AB12CDE');
    const misreadSession = faulted.sessionId!;
    const corrected = await expectOk(rig.console, 'lanes.command', { laneId: 'in1', action: 'correct', plate: 'AB12CDF', car: faulted.car!, reasonCode: 'plate_misread', note: 'last letter' });
    expect(corrected.lane).toMatchObject({ phase: 'barrier_opening', decision: { outcome: 'open', code: 'open_transient' } });
    await waitFor(() => relayPulses(rig, 1) === 1, 3_000, 'the barrier pulsed');
    await driveThrough(rig, 'in1', 0, 1);
    const { store } = rig.kiosk;
    expect(store.sessions.inside().map((s) => s.plateKey)).toEqual(['AB12CDF']);
    expect(store.sessions.get(misreadSession)).toMatchObject({ status: 'voided', exitManualReason: expect.stringContaining('plate corrected to AB12CDF at lane in1') });
    expect([store.access.antiPassback('AB12CDE'), store.access.antiPassback('AB12CDF')]).toEqual(['unknown', 'inside']);

    // The deny list still holds for a typed plate: a correction is no way round it.
    await waitForLane(rig, 'in1', (l) => l.phase === 'idle', 'idle again');
    const stuck = await letInWithBarrierFault(rig, 'AB34CDE');
    const refused = await expectOk(rig.console, 'lanes.command', { laneId: 'in1', action: 'correct', plate: 'DN19XYZ', car: stuck.car!, reasonCode: 'plate_misread', note: '' });
    expect(refused.lane.decision).toMatchObject({ outcome: 'deny', code: 'deny_list' });
    expect(store.sessions.inside().map((s) => s.plateKey)).toEqual(['AB12CDF']);
    expect(relayPulses(rig, 1)).toBe(1);
  });

  it("a misread stay that a car was let out by since: the entry's correction takes back its close and voids it", async () => {
    const rig = await startRig();
    const { store } = rig.kiosk;
    const faulted = await letInWithBarrierFault(rig, 'AB12CDE');
    const misreadSession = faulted.sessionId!;
    // Before the entry is corrected, a car at the exit is read as AB12CDE and let out by that stay, within the free minutes.
    expect((await arrive(rig, 'out1', 4, 'AB12CDE', 0.97)).decision).toMatchObject({ outcome: 'open', code: 'open_free' });
    await driveThrough(rig, 'out1', 4, 5);
    expect(store.sessions.get(misreadSession)).toMatchObject({ status: 'closed', exitLane: 'out1' });

    await expectOk(rig.console, 'lanes.command', { laneId: 'in1', action: 'correct', plate: 'AB12CDF', car: faulted.car!, reasonCode: 'plate_misread', note: 'last letter' });
    await waitFor(() => relayPulses(rig, 1) === 1, 3_000, 'the barrier pulsed');
    await driveThrough(rig, 'in1', 0, 1);
    expect(store.sessions.get(misreadSession)).toMatchObject({ status: 'voided', exitManualReason: expect.stringContaining('plate corrected to AB12CDF at lane in1') });
    expect(store.sessions.inside().map((s) => s.plateKey)).toEqual(['AB12CDF']);
    expect([store.access.antiPassback('AB12CDE'), store.access.antiPassback('AB12CDF')]).toEqual(['unknown', 'inside']);
    expect(store.audit.list({ subject: `session:${misreadSession}`, limit: 10 }).map((entry) => entry.action)).toEqual(expect.arrayContaining(['session.reopened', 'session.void']));
  });

  it('a deny-listed car is refused without a session or a relay command; only a supervisor can still let it in, audited', async () => {
    const rig = await startRig();
    const refused = await arrive(rig, 'in1', 0, 'DN19XYZ');
    expect(refused.decision).toMatchObject({ outcome: 'deny', code: 'deny_list' });
    expect(rig.kiosk.store.sessions.inside()).toHaveLength(0);
    expect(relayPulses(rig, 1)).toBe(0);

    // An attendant is refused by the core, told who can, and the try is audited; nothing opens.
    const anna = await loggedIn(rig.kiosk, ...DEMO.attendant);
    const byAttendant = await anna.call('lanes.command', { laneId: 'in1', action: 'open', reasonCode: 'driver_assistance', note: 'says the car is his' });
    expect(byAttendant).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'DN19XYZ is on the deny list: only a supervisor or an admin may open the barrier for it (admin, sam)' } });
    expect(rig.kiosk.store.audit.list({ limit: 1 })[0]).toMatchObject({ actor: 'anna', action: 'lane.deny_list_open_refused', subject: 'lane:in1' });
    expect(rig.kiosk.store.sessions.inside()).toHaveLength(0);
    expect(relayPulses(rig, 1)).toBe(0);

    const open = await rig.console.call('lanes.command', { laneId: 'in1', action: 'open', reasonCode: 'other', note: '' });
    expect(open).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await expectOk(rig.console, 'lanes.command', { laneId: 'in1', action: 'open', reasonCode: 'emergency_vehicle', note: 'police escort' });
    await waitFor(() => relayPulses(rig, 1) === 1, 3_000, 'manual pulse');
    const [inside] = rig.kiosk.store.sessions.inside();
    expect(rig.kiosk.store.sessions.get(inside!.id)).toMatchObject({ plateKey: 'DN19XYZ', entryManualReason: 'emergency vehicle: police escort' });
    const actions = rig.kiosk.store.audit.list({ limit: 10 }).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['session.manual_entry', 'lane.manual_open', 'lane.deny_list_override']));
    const override = rig.kiosk.store.audit.list({ limit: 10 }).find((a) => a.action === 'lane.deny_list_override');
    expect(override).toMatchObject({ actor: 'sam', subject: 'lane:in1' });
    expect(JSON.stringify(override)).toContain('police escort');
  });

  it('a doubtful read waits for the attendant, whose correction is kept and decides again', async () => {
    const rig = await startRig();
    const doubtful = await arrive(rig, 'in1', 0, 'AB12CDF', 0.6);
    expect(doubtful.decision).toMatchObject({ outcome: 'attendant', code: 'low_confidence' });
    expect(relayPulses(rig, 1)).toBe(0);
    const corrected = await expectOk(rig.console, 'lanes.command', { laneId: 'in1', action: 'correct', car: doubtful.car!, plate: 'AB12 CDE', reasonCode: 'plate_misread', note: '' });
    expect(corrected.lane.decision).toMatchObject({ outcome: 'open', code: 'open_transient' });
    await waitFor(() => relayPulses(rig, 1) === 1, 3_000, 'pulse after the correction');
    const sessionAudit = rig.kiosk.store.audit.list({ subject: `session:${corrected.lane.sessionId}`, limit: 5 });
    expect(sessionAudit).toContainEqual(expect.objectContaining({ actor: 'sam', action: 'session.plate_corrected', detail: { lane: 'in1', read: { key: 'AB12CDF', confidence: 0.6 }, reason: 'plate misread' } }));
    expect(rig.kiosk.store.evidence.corrections(5)).toEqual([
      expect.objectContaining({ laneId: 'in1', stage: 'lane', sessionId: null, readKey: 'AB12CDF', readConfidence: 0.6, correctedKey: 'AB12CDE', by: 'sam', reason: 'plate misread' }),
    ]);
  });

  it('a sure misread is fixed on the session: the exit finds the fixed plate, and the reader report counts both kinds of fix', async () => {
    const rig = await startRig();
    const misread = await arrive(rig, 'in1', 0, 'GF51WRO', 0.97); // the car is GF51WRD
    expect(misread.decision).toMatchObject({ outcome: 'open', code: 'open_transient' });
    await driveThrough(rig, 'in1', 0, 1);
    await waitForLane(rig, 'in1', (l) => l.phase === 'idle', 'idle again');
    const doubtful = await arrive(rig, 'in1', 0, 'LM60ABX', 0.5);
    await expectOk(rig.console, 'lanes.command', { laneId: 'in1', action: 'correct', car: doubtful.car!, plate: 'LM60ABC', reasonCode: 'plate_misread', note: '' });
    await driveThrough(rig, 'in1', 0, 1);

    const sessionId = misread.sessionId!;
    const twin = await rig.console.call('sessions.fixPlate', { sessionId, plate: 'LM60 ABC', reason: 'driver showed the V5C' });
    expect(twin).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/LM60ABC is already inside/) } });
    const fixed = await expectOk(rig.console, 'sessions.fixPlate', { sessionId, plate: 'gf51 wrd', reason: 'driver showed the V5C' });
    expect(fixed.session).toMatchObject({ id: sessionId, plateKey: 'GF51WRD', status: 'open' });
    expect(rig.kiosk.store.evidence.corrections(1)).toEqual([
      expect.objectContaining({ laneId: 'in1', stage: 'session', sessionId, readKey: 'GF51WRO', readConfidence: 0.97, correctedKey: 'GF51WRD', by: 'sam' }),
    ]);
    // The car inside is GF51WRD for anti-passback too; a real GF51WRO is not refused as if it were inside already.
    expect([rig.kiosk.store.access.antiPassback('GF51WRD'), rig.kiosk.store.access.antiPassback('GF51WRO')]).toEqual(['inside', 'unknown']);
    // Head office hears of both corrections of the reader, through the outbox.
    expect(rig.kiosk.store.outbox.after(0, 1000).filter((row) => row.kind === 'plate_correction')).toHaveLength(2);
    expect(rig.kiosk.store.audit.list({ subject: `session:${sessionId}`, limit: 5 })).toContainEqual(
      expect.objectContaining({ action: 'session.plate_fixed', detail: { from: 'GF51WRO', to: 'GF51WRD', reason: 'driver showed the V5C' } }),
    );

    // A plate a person typed at the lane and fixed later is the person's slip, not the reader's: audited only.
    const typed = rig.kiosk.store.sessions.inside().find((v) => v.plateKey === 'LM60ABC')!;
    await expectOk(rig.console, 'sessions.fixPlate', { sessionId: typed.id, plate: 'LM60ABD', reason: 'typo at the lane' });
    expect(rig.kiosk.store.evidence.corrections(5).filter((c) => c.stage === 'session')).toHaveLength(1);

    const out = await arrive(rig, 'out1', 4, 'GF51WRD');
    expect(out).toMatchObject({ sessionId, decision: { outcome: 'open', code: 'open_free' } });
    const report = await expectOk(rig.console, 'lanes.readerReport', { days: 7 });
    expect(report.lanes.find((l) => l.laneId === 'in1')).toMatchObject({ readDecisions: 2, correctedAtLane: 1, fixedOnSession: 1, correctedDespiteSureRead: 1, readRight: 0 });
    expect(report.lanes.find((l) => l.laneId === 'out1')).toMatchObject({ readDecisions: 1, correctedAtLane: 0, fixedOnSession: 0, readRight: 1, history: null });
    // What each threshold would have bought on in1's own cars: GF51WRO read at 0.97 (fixed later) and LM60ABX at 0.5
    // (corrected at the lane; its session holds the attendant's plate at confidence 1, counted once, as the read).
    // At 85% one car in two goes through on its read, and it was wrong: 500 per 1,000 cars; at 98% none.
    const history = report.lanes.find((l) => l.laneId === 'in1')!.history!;
    expect(history.reads).toBe(2);
    const at = (threshold: number) => history.thresholds.find((row) => row.threshold === threshold);
    expect([at(0.5), at(0.85), at(0.97), at(0.98)]).toEqual([
      { threshold: 0.5, trusted: 1, wrongPerThousand: 1000 },
      { threshold: 0.85, trusted: 0.5, wrongPerThousand: 500 },
      { threshold: 0.97, trusted: 0.5, wrongPerThousand: 500 },
      { threshold: 0.98, trusted: 0, wrongPerThousand: 0 },
    ]);
    // What a threshold means, from the shipped reader's calibration (models/manifest.json): 0.50 to 0.99.
    expect(report.calibration?.fittedOn).toMatch(/validation part/);
    expect(report.calibration?.thresholds.map((row) => row.threshold)).toEqual(Array.from({ length: 50 }, (_, i) => (50 + i) / 100));
    for (const row of report.calibration!.thresholds) expect([row.trusted, row.wrongOfTrusted].every((share) => share >= 0 && share <= 1)).toBe(true);
  });

  it('an attendant may not close a lane; a supervisor may, and the closed lane refuses cars', async () => {
    const rig = await startRig();
    const attendant = rig.kiosk.connect('booth-2');
    await expectOk(attendant, 'auth.login', { username: 'anna', secret: '1357' });
    expect(await attendant.call('lanes.command', { laneId: 'in1', action: 'close_lane', reasonCode: 'maintenance', note: '' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await expectOk(rig.console, 'lanes.setMode', { laneId: 'in1', mode: 'closed', reason: 'resurfacing' });
    expect(lane(rig, 'in1').phase).toBe('closed');
    rig.simulator.inputs[0] = true;
    rig.cameras.get('cam-in1')!.push('XY34ZZZ');
    rig.cameras.get('cam-in1')!.push('XY34ZZZ');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(relayPulses(rig, 1)).toBe(0);
    expect(rig.kiosk.store.audit.list({ limit: 5 }).map((a) => a.action)).toContain('lane.settings');
  });

  it("asks the reader for the site's plate regions with every frame: a change in Site settings applies from the next car, without a restart", async () => {
    const rig = await startRig();
    await arrive(rig, 'in1', 0, 'KX70PLM');
    expect(rig.readFrames.map((frame) => frame.regions)).toEqual([['uk', 'eu', 'us', 'br'], ['uk', 'eu', 'us', 'br']]);
    await driveThrough(rig, 'in1', 0, 1);
    const admin = rig.kiosk.connect('office');
    await expectOk(admin, 'auth.login', { username: DEMO.admin[0], secret: DEMO.admin[1] });
    await expectOk(admin, 'settings.save', { settings: { plateRegions: ['uk'], plateHomeCountry: 'uk' }, reason: 'British plates only' });
    rig.readFrames.length = 0;
    await arrive(rig, 'out1', 4, 'KX70PLM');
    expect(rig.readFrames.map((frame) => [frame.regions, frame.homeCountry])).toEqual([[['uk'], 'uk'], [['uk'], 'uk']]);
  });

  it('in and out: the exit finds the session, lets it out within the free minutes and closes it', async () => {
    const rig = await startRig();
    await arrive(rig, 'in1', 0, 'KX70PLM');
    await driveThrough(rig, 'in1', 0, 1);
    const out = await arrive(rig, 'out1', 4, 'KX7OPLM'); // the exit camera reads an O for the 0
    expect(out.decision).toMatchObject({ outcome: 'open', code: 'open_free' });
    await waitFor(() => relayPulses(rig, 3) === 1, 3_000, 'exit relay pulsed');
    expect(rig.kiosk.store.sessions.get(out.sessionId!)).toMatchObject({ status: 'closed', exitLane: 'out1', exitCode: 'open_free' });
  });

  it("a car let out on another car's stay whose barrier did not open: its correction reopens that stay and lets the right one out", async () => {
    const rig = await startRig();
    for (const plate of ['AB12CDE', 'KX70PLM']) {
      await arrive(rig, 'in1', 0, plate);
      await driveThrough(rig, 'in1', 0, 1);
      await waitForLane(rig, 'in1', (l) => l.phase === 'idle', 'idle again');
    }
    const { store } = rig.kiosk;
    const stayOf = (plate: string) => store.sessions.inside().find((s) => s.plateKey === plate)!.id;
    const [other, right] = [stayOf('AB12CDE'), stayOf('KX70PLM')];
    // KX70PLM at the exit, read surely as AB12CDE (the plate of a car queued behind it): the rules let AB12CDE's stay
    // out, and the barrier stays down.
    const faulted = await arriveWithBarrierFault(rig, 'out1', 4, 'AB12CDE');
    expect(faulted).toMatchObject({ sessionId: other, decision: { outcome: 'open', code: 'open_free' } });
    expect(store.sessions.get(other)).toMatchObject({ status: 'closed', exitLane: 'out1' });

    const corrected = await expectOk(rig.console, 'lanes.command', { laneId: 'out1', action: 'correct', plate: 'KX70PLM', car: faulted.car!, reasonCode: 'plate_misread', note: 'read the car behind' });
    expect(corrected.lane).toMatchObject({ phase: 'barrier_opening', sessionId: right, decision: { outcome: 'open', code: 'open_free' } });
    await waitFor(() => relayPulses(rig, 3) === 1, 3_000, 'exit relay pulsed');
    expect(store.sessions.inside().map((s) => s.id)).toEqual([other]);
    expect(store.sessions.get(other)).toMatchObject({ status: 'open', exitAt: null, exitLane: null, closedBy: null });
    expect(store.sessions.get(right)).toMatchObject({ status: 'closed', exitLane: 'out1' });
    expect([store.access.antiPassback('AB12CDE'), store.access.antiPassback('KX70PLM')]).toEqual(['inside', 'outside']);
    const [reopened] = store.audit.list({ subject: `session:${other}`, action: 'session.reopened', limit: 5 });
    expect(reopened?.detail).toMatchObject({ plate: 'AB12CDE', exitLane: 'out1', reason: expect.stringContaining('plate corrected to KX70PLM at lane out1') });
    // The reports count one car out, not two: the reopened stay's exit and stay were taken back.
    expect(store.db.prepare("SELECT sum(vehicles) FROM report_traffic WHERE direction = 'exit'").pluck().get()).toBe(1);
    expect(store.db.prepare('SELECT sum(stays) FROM report_stays').pluck().get()).toBe(1);

    // AB12CDE leaves later on its own stay, and head office hears both of its closes under keys of their own.
    rig.kiosk.services.sessions.close(other, { laneId: 'out1', manualReason: null, code: 'open_free' }, null);
    const keys = store.db.prepare("SELECT key FROM outbox WHERE kind = 'session' AND key LIKE ? ORDER BY seq").pluck().all(`session:${other}:%`) as string[];
    expect(keys).toEqual(['session:' + other + ':opened', `session:${other}:closed`, expect.stringMatching(`^session:${other}:reopened:`), expect.stringMatching(`^session:${other}:closed:`)]);
  });

  /** out1 without a card reader of its own (the driver pays at the booth): reconfigured at once. */
  async function exitPaysAtBooth(rig: Rig): Promise<void> {
    rig.kiosk.store.lanes.saveSettings({ ...rig.kiosk.store.lanes.settingsFor('out1')!, terminal: null }, 'test', Date.now());
    await rig.kiosk.services.lanes.reconfigure('out1');
  }

  /** A car in by in1, at out1 two hours later (past the free minutes), owing money; the rig's clock is shifted. */
  async function owingAtExit(plate: string): Promise<{ rig: Rig; owing: LaneView; later: (ms: number) => void }> {
    let shift = 0;
    const rig = await startRig({ clock: () => Date.now() + shift });
    await exitPaysAtBooth(rig);
    await arrive(rig, 'in1', 0, plate);
    await driveThrough(rig, 'in1', 0, 1);
    shift = 2 * 60 * 60_000;
    const owing = await arrive(rig, 'out1', 4, plate);
    return { rig, owing, later: (ms) => (shift += ms) };
  }

  it('an exit that owes money waits to pay; paid at the booth, the lane lets the car out at once', async () => {
    const { rig, owing } = await owingAtExit('PY24MNT');
    expect(owing).toMatchObject({ decision: { outcome: 'pay', code: 'pay_due' }, display: 'Please pay' });
    expect(relayPulses(rig, 3)).toBe(0);
    const due = owing.amountDue!;
    await expectOk(rig.console, 'shifts.open', { floatMinor: 5000 });
    await expectOk(rig.console, 'payments.payCash', { sessionId: owing.sessionId, idempotencyKey: 'booth-1-pay-1', amountMinor: due.minor, currency: due.currency, tenderedMinor: due.minor + 500 });
    const paid = await waitForLane(rig, 'out1', (l) => l.decision?.outcome === 'open', 'opened after payment');
    expect(paid.decision).toMatchObject({ code: 'open_paid_within_grace' });
    await waitFor(() => relayPulses(rig, 3) === 1, 3_000, 'exit relay pulsed after payment');
    expect(rig.kiosk.store.sessions.get(owing.sessionId!)).toMatchObject({ status: 'closed', paidMinor: due.minor, exitCode: 'open_paid_within_grace' });
  });

  it('a car let out by hand at the exit has left: the next day it is not refused at the entry as inside already', async () => {
    const { rig, owing, later } = await owingAtExit('MN31OPQ');
    expect(owing.decision).toMatchObject({ outcome: 'pay' });
    await expectOk(rig.console, 'lanes.command', { laneId: 'out1', action: 'open', car: owing.car!, reasonCode: 'payment_problem', note: 'pays by invoice' });
    await waitFor(() => relayPulses(rig, 3) === 1, 3_000, 'exit relay pulsed');
    await driveThrough(rig, 'out1', 4, 5);
    expect(rig.kiosk.store.sessions.get(owing.sessionId!)).toMatchObject({ status: 'closed', exitManualReason: expect.stringContaining('payment problem') });

    later(24 * 60 * 60_000);
    const back = await arrive(rig, 'in2', 2, 'MN31OPQ');
    expect(back.decision).toMatchObject({ outcome: 'open', code: 'open_transient' });
  });

  /**
   * Issue 13's reported cars: in through in1, a lost ticket at the booth; the exit lane has no reader of its own, so
   * the driver pays at the booth. Returns the session.
   */
  async function lostTicketPaidAtBooth(rig: Rig, plate: string): Promise<number> {
    await exitPaysAtBooth(rig);
    const entered = await arrive(rig, 'in1', 0, plate);
    await driveThrough(rig, 'in1', 0, 1);
    await expectOk(rig.console, 'payments.lostTicket', { sessionId: entered.sessionId!, reason: 'driver lost the ticket' });
    return entered.sessionId!;
  }

  it('a misread stay paid for at the exit since stays as recorded when the entry is corrected: the money is a person\'s to settle', async () => {
    let shift = 0;
    const rig = await startRig({ clock: () => Date.now() + shift });
    const { store } = rig.kiosk;
    await exitPaysAtBooth(rig);
    const faulted = await letInWithBarrierFault(rig, 'AB12CDE');
    shift = 2 * 60 * 60_000;
    const owing = await arrive(rig, 'out1', 4, 'AB12CDE');
    const due = owing.amountDue!;
    await expectOk(rig.console, 'shifts.open', { floatMinor: 5000 });
    await expectOk(rig.console, 'payments.payCash', { sessionId: owing.sessionId, idempotencyKey: 'booth-1-pay-1', amountMinor: due.minor, currency: due.currency, tenderedMinor: due.minor });
    await waitFor(() => relayPulses(rig, 3) === 1, 3_000, 'exit relay pulsed after payment');
    await driveThrough(rig, 'out1', 4, 5);

    await expectOk(rig.console, 'lanes.command', { laneId: 'in1', action: 'correct', plate: 'AB12CDF', car: faulted.car!, reasonCode: 'plate_misread', note: 'last letter' });
    expect(store.sessions.get(faulted.sessionId!)).toMatchObject({ status: 'closed', paidMinor: due.minor });
    expect(store.audit.list({ subject: `session:${faulted.sessionId!}`, limit: 10 }).map((entry) => entry.action)).not.toContain('session.void');
  });

  it('a lost ticket is charged inside the free minutes, and once paid by card at the booth leaves as paid, never as free', async () => {
    const rig = await startRig();
    const sessionId = await lostTicketPaidAtBooth(rig, 'LT30TKT');
    // Two minutes in: inside the tariff's free minutes, but a lost ticket is charged from the first minute.
    const owing = await arrive(rig, 'out1', 4, 'LT30TKT');
    expect(owing).toMatchObject({ decision: { outcome: 'pay', code: 'pay_due' }, amountDue: { minor: 3000, currency: 'GBP' } });
    const card = await payCardToEnd(rig.console, { sessionId, terminalId: 'booth', idempotencyKey: 'booth-lost-ticket-card', amountMinor: 3000, currency: 'GBP' });
    expect(card).toMatchObject({ ok: true, value: { outcome: 'succeeded' } });
    const paid = await waitForLaneWithin(rig, 'out1', (l) => l.decision?.outcome === 'open', 'opened after the card', 8_000);
    expect(paid.decision).toMatchObject({ code: 'open_paid_within_grace', why: expect.not.stringMatching(/free/) });
    await waitFor(() => rig.kiosk.store.sessions.get(sessionId)?.status === 'closed', 3_000, 'session closed');
    const { charge, session } = await expectOk(rig.console, 'sessions.get', { id: sessionId });
    expect(session.exitCode).toBe('open_paid_within_grace');
    expect(charge).toMatchObject({ totalMinor: 3000, paidMinor: 3000, dueMinor: 0, overpaidMinor: 0, lines: [expect.objectContaining({ code: 'lost_ticket', amountMinor: 3000 })] });
  }, 20_000);

  it('a stay discounted and paid at the booth leaves as paid at its discounted charge, not as free minutes', async () => {
    const rig = await startRig();
    const sessionId = await lostTicketPaidAtBooth(rig, 'DC19CNT');
    const discounted = await expectOk(rig.console, 'payments.discount', { sessionId, valueOffMinor: 1000, reasonCode: 'goodwill', reason: 'regular customer' });
    expect(discounted.quote).toMatchObject({ totalMinor: 2000, dueMinor: 2000 });
    await expectOk(rig.console, 'shifts.open', { floatMinor: 0 });
    await expectOk(rig.console, 'payments.payCash', { sessionId, idempotencyKey: 'booth-discounted-cash', amountMinor: 2000, currency: 'GBP', tenderedMinor: 2000 });
    const out = await arrive(rig, 'out1', 4, 'DC19CNT');
    expect(out.decision).toMatchObject({ outcome: 'open', code: 'open_paid_within_grace' });
    await waitFor(() => rig.kiosk.store.sessions.get(sessionId)?.status === 'closed', 3_000, 'session closed');
    const { charge } = await expectOk(rig.console, 'sessions.get', { id: sessionId });
    expect(charge).toMatchObject({ totalMinor: 2000, paidMinor: 2000, dueMinor: 0, overpaidMinor: 0 });
    expect(charge!.lines.map((l) => [l.code, l.amountMinor])).toEqual([['lost_ticket', 3000], ['discount', -1000]]);
  });

  it('an exit with its own card reader asks the driver to pay there, and opens once the card is paid', async () => {
    let shift = 0;
    const rig = await startRig({ clock: () => Date.now() + shift });
    await arrive(rig, 'in1', 0, 'CR07DIT');
    await driveThrough(rig, 'in1', 0, 1);
    shift = 3 * 60 * 60_000;
    const owing = await arrive(rig, 'out1', 4, 'CR07DIT');
    expect(owing.decision).toMatchObject({ outcome: 'pay' });
    expect(owing.display).toMatch(/^Please pay £\d+\.\d\d at the card reader$/);
    // The demo's simulated reader presents a card after 3 s.
    const paid = await waitForLaneWithin(rig, 'out1', (l) => l.decision?.outcome === 'open', 'opened after the card', 8_000);
    expect(paid.decision?.code).toBe('open_paid_within_grace');
    expect(rig.kiosk.store.sessions.get(owing.sessionId!)).toMatchObject({ status: 'closed', paidMinor: owing.amountDue!.minor });
    const [payment] = (await expectOk(rig.console, 'payments.list', { sessionId: owing.sessionId })).payments;
    expect(payment).toMatchObject({ method: 'card', amountMinor: owing.amountDue!.minor });
  }, 15_000);

  it('a bus answering garbage: the barrier is never reported opened, the lane alarms and the board tile says what to check', async () => {
    const rig = await startRig();
    rig.simulator.fault = 'garbage';
    const camera = rig.cameras.get('cam-in1')!;
    camera.push('HD21SMI');
    await new Promise((resolve) => setTimeout(resolve, 20));
    camera.push('HD21SMI');
    await waitForLane(rig, 'in1', (l) => l.alarms.some((a) => a.kind === 'relay_failed'), 'relay_failed alarm');
    expect(lane(rig, 'in1')).toMatchObject({ barrier: 'down', display: 'Please wait: the attendant is coming' });
    // The simulated board may well have switched (a garbled reply says nothing either way): the lane reports only what was confirmed.
    // The board's health is its Devices tile (an error while connected is unhealthy: lanes-setup shows a site board's).
    expect(rig.board.health()).toMatchObject({ connected: true, lastError: expect.stringMatching(/bytes that are no Modbus reply: check the board runs at 9600 8N1/) });
  });

  it('an unplugged board: the open command is not confirmed, the lane alarms and the alarm is queued for head office', async () => {
    const rig = await startRig();
    await rig.unplug();
    await waitForHealth(rig.board, (h) => !h.connected, 3_000);
    // With the board gone its loop input cannot be read: the camera's vote alone starts the lane.
    const camera = rig.cameras.get('cam-in1')!;
    camera.push('HD21SMI');
    await new Promise((resolve) => setTimeout(resolve, 20));
    camera.push('HD21SMI');
    await waitForLane(rig, 'in1', (l) => l.alarms.some((a) => a.kind === 'relay_failed'), 'relay_failed alarm');
    expect(lane(rig, 'in1')).toMatchObject({ phase: 'decided', barrier: 'down', display: 'Please wait: the attendant is coming' });
    const alarms = rig.kiosk.store.db.prepare("SELECT count(*) AS n FROM outbox WHERE kind = 'alarm'").get() as { n: number };
    expect(alarms.n).toBeGreaterThanOrEqual(1);
    const acknowledged = await expectOk(rig.console, 'lanes.ackAlarms', { laneId: 'in1', note: 'board cable reseated' });
    expect(acknowledged.lane.alarms).toEqual([]);
    expect(rig.kiosk.store.audit.list({ limit: 1 })[0]).toMatchObject({ actor: 'sam', action: 'lane.alarms_acknowledged', detail: { note: 'board cable reseated' } });
  });
});
