/**
 * Gate anomalies from live lanes: the demo site's lane in1 on a real Modbus board over a socat pty (loop on input
 * 0, barrier sensor on input 1, barrier relay 1), a camera the test pushes frames to. What the board's inputs say
 * goes through the lane's state machine and its pushed views to the anomaly service, which raises the anomaly,
 * keeps it with its outbox row and pushes it to the consoles.
 */
import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../../electron/kiosk/contract/anomalies';
import { expectOk } from '../support/kiosk-harness';
import { arrive, relayPulses, useLaneRigs, waitForLane, type Rig } from './lane-rig';
import { waitFor } from './relay-socat';

const startRig = useLaneRigs();
const LOOP = 0;
const BARRIER = 1;

/** The anomalies pushed to the rig's console (`anomalies.changed`), in order. */
function pushedAnomalies(rig: Rig): Anomaly[] {
  const pushed: Anomaly[] = [];
  rig.console.onEvent((name, payload) => {
    if (name === 'anomalies.changed') pushed.push((payload as { anomaly: Anomaly }).anomaly);
  });
  return pushed;
}

const outboxed = (rig: Rig, id: number) => rig.kiosk.store.db.prepare('SELECT count(*) FROM outbox WHERE key = ?').pluck().get(`anomaly:${id}`);

describe('gate anomalies from a lane on a real relay board', () => {
  it('a second car through one opening is raised as tailgating, pushed and kept for head office', async () => {
    const rig = await startRig();
    const pushed = pushedAnomalies(rig);
    const decided = await arrive(rig, 'in1', LOOP, 'AB12CDE');
    expect(decided.decision).toMatchObject({ outcome: 'open', code: 'open_transient' });
    await waitFor(() => relayPulses(rig, 1) === 1, 3_000, 'relay 1 pulsed');
    rig.simulator.inputs[BARRIER] = true;
    await waitForLane(rig, 'in1', (l) => l.barrier === 'up', 'barrier up');
    rig.simulator.inputs[LOOP] = false;
    await waitForLane(rig, 'in1', (l) => l.phase === 'vehicle_passed', 'the paying car through');
    // The next car follows it onto the loop before the barrier comes down, and goes through under it.
    rig.simulator.inputs[LOOP] = true;
    await waitForLane(rig, 'in1', (l) => l.phase === 'vehicle_present', 'a second car under the open barrier');
    rig.simulator.inputs[LOOP] = false;
    rig.simulator.inputs[BARRIER] = false;
    await waitForLane(rig, 'in1', (l) => l.barrier === 'down', 'barrier down');

    await waitFor(() => pushed.some((a) => a.kind === 'tailgating'), 3_000, 'a tailgating anomaly pushed');
    const tailgating = pushed.find((a) => a.kind === 'tailgating')!;
    expect(tailgating).toMatchObject({ subject: 'lane:in1', laneId: 'in1', acknowledgedAt: null, text: '2 vehicles went through lane in1 on one opening', detail: { vehicles: 2 } });
    expect(outboxed(rig, tailgating.id)).toBe(1);
    const listed = await expectOk(rig.console, 'anomalies.list', { status: 'open', limit: 10 });
    expect(listed.anomalies.map((a) => a.id)).toContain(tailgating.id);
    expect(pushed.filter((a) => a.kind === 'gate_no_vehicle')).toEqual([]);
  });

  it('a barrier opened by hand that nobody drives through is raised as an opening with no vehicle', async () => {
    let offsetMs = 0;
    const rig = await startRig({ clock: () => Date.now() + offsetMs });
    const pushed = pushedAnomalies(rig);
    // The real driver's pulse, watched: it resolves when the board confirmed it, just before the lane hears of it.
    let confirmed = false;
    const pulse = rig.board.pulse.bind(rig.board);
    rig.board.pulse = async (channel, ms) => {
      await pulse(channel, ms);
      confirmed = true;
    };
    await expectOk(rig.console, 'lanes.command', { laneId: 'in1', action: 'open', reasonCode: 'other', note: 'testing the barrier' });
    await waitFor(() => relayPulses(rig, 1) === 1, 3_000, 'relay 1 pulsed');
    rig.simulator.inputs[BARRIER] = true;
    await waitForLane(rig, 'in1', (l) => l.barrier === 'up', 'barrier up');
    // The lane's pass time (30 s) goes by on the kiosk's clock with nothing on the loop; it counts from the board's
    // confirmation of the pulse, so the clock moves only after the lane has had it.
    await waitFor(() => confirmed, 3_000, 'the board confirmed the pulse');
    await new Promise((resolve) => setTimeout(resolve, 50));
    offsetMs = 31_000;
    await waitForLane(rig, 'in1', (l) => l.alarms.some((a) => a.kind === 'vehicle_never_passed'), 'the lane says no vehicle went through');

    await waitFor(() => pushed.some((a) => a.kind === 'gate_no_vehicle'), 3_000, 'a gate_no_vehicle anomaly pushed');
    const empty = pushed.find((a) => a.kind === 'gate_no_vehicle')!;
    expect(empty).toMatchObject({ subject: 'lane:in1', laneId: 'in1', text: 'The barrier on lane in1 opened and no vehicle went through', detail: { vehicles: 0 } });
    expect(outboxed(rig, empty.id)).toBe(1);
    expect(pushed.filter((a) => a.kind === 'tailgating')).toEqual([]);
  });
});
