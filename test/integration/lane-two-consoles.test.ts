/**
 * Two consoles acting on the same waiting car at once, over the loopback bridge as two booth PCs would: the car is
 * handled once (one passage, one decision), the other console is refused with who handled it and how, and a console
 * that acts on a car after the next one arrived is refused too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBridge, type Bridge } from '../../electron/kiosk/bridge';
import type { LaneView } from '../../electron/kiosk/contract/lanes';
import { DEMO } from '../support/kiosk-harness';
import { arrive, driveThrough, relayPulses, useLaneRigs, waitForLane, type Rig } from './lane-rig';

interface Answer {
  ok: boolean;
  value?: { lane: LaneView };
  error?: { code: string; message: string };
}

const bridges: Bridge[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.close();
  await Promise.all(bridges.splice(0).map((b) => b.close()));
});

/** A logged-in console on its own socket: `call` sends one request and resolves with its answer. */
async function consoleOn(bridge: Bridge, [username, secret]: readonly [string, string]): Promise<(call: string, input: unknown) => Promise<Answer>> {
  const ws = new WebSocket(bridge.url.replace('http', 'ws') + '/ws', { origin: bridge.url });
  sockets.push(ws);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const waiting = new Map<number, (answer: Answer) => void>();
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { type: string; id: number; result: Answer };
    if (frame.type === 'result') waiting.get(frame.id)?.(frame.result);
  });
  let next = 0;
  const call = (name: string, input: unknown) =>
    new Promise<Answer>((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      ws.send(JSON.stringify({ id, call: name, input }));
    });
  expect(await call('auth.login', { username, secret })).toMatchObject({ ok: true });
  return call;
}

const useRig = useLaneRigs();

async function twoConsoles(): Promise<{ rig: Rig; anna: Awaited<ReturnType<typeof consoleOn>>; sam: Awaited<ReturnType<typeof consoleOn>> }> {
  const rig = await useRig();
  const bridge = await startBridge(rig.kiosk, { port: 0, staticDir: null });
  bridges.push(bridge);
  return { rig, anna: await consoleOn(bridge, DEMO.attendant), sam: await consoleOn(bridge, DEMO.supervisor) };
}

const command = (car: number, action: string) => ({ laneId: 'in1', action, car, reasonCode: action === 'open' ? 'driver_assistance' : 'plate_misread', note: '' });
const HANDLED = /^that car was already (let through|refused|confirmed) by (anna|sam) at \d\d:\d\d \(lane in1\): nothing was done$/;

describe('two consoles on the same waiting car', () => {
  it('at the same moment: one console handles the car, the other is refused naming who did and how, round after round', async () => {
    const { rig, anna, sam } = await twoConsoles();
    const rounds = [
      ['confirm', 'confirm'],
      ['open', 'open'],
      ['confirm', 'deny'],
      ['deny', 'open'],
      ['deny', 'deny'],
    ] as const;
    // Plates far apart: a read one character from the last car's counts as that car still at the lane.
    const plates = ['AB12CDE', 'KX61MPZ', 'RT07HUW', 'GN19BVY', 'LD55SOE'];
    let passages = 0;
    for (const [index, [annaDoes, samDoes]] of rounds.entries()) {
      const waitingCar = await arrive(rig, 'in1', 0, plates[index]!, 0.5);
      expect(waitingCar.decision).toMatchObject({ outcome: 'attendant' });
      const pulsesBefore = relayPulses(rig, 1);
      const byAnna = () => anna('lanes.command', command(waitingCar.car!, annaDoes));
      const bySam = () => sam('lanes.command', command(waitingCar.car!, samDoes));
      // Both on the wire at once; who sends first alternates, answers kept as [anna's, sam's].
      const answers = index % 2 === 0 ? await Promise.all([byAnna(), bySam()]) : (await Promise.all([bySam(), byAnna()])).reverse();

      const done = answers.filter((a) => a.ok);
      const refused = answers.filter((a) => !a.ok);
      expect(done).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]!.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(HANDLED) });
      const winner = answers[0]!.ok ? { by: 'anna', action: annaDoes } : { by: 'sam', action: samDoes };
      expect(refused[0]!.error!.message).toContain(`by ${winner.by} at`);
      expect(done[0]!.value!.lane.lastHandled).toMatchObject({ car: waitingCar.car, by: winner.by, action: winner.action });

      const overrides = rig.kiosk.store.audit.list({ subject: 'lane:in1', limit: 20 }).filter((a) => a.at >= waitingCar.since && ['lane.manual_deny', 'lane.manual_open', 'lane.plate_confirmed'].includes(a.action));
      expect(overrides.map((a) => a.actor)).toEqual([winner.by]);
      if (winner.action === 'deny') {
        expect(relayPulses(rig, 1)).toBe(pulsesBefore);
        rig.simulator.inputs[0] = false;
      } else {
        await driveThrough(rig, 'in1', 0, 1);
        passages++;
        expect(relayPulses(rig, 1)).toBe(pulsesBefore + 1);
      }
      await waitForLane(rig, 'in1', (l) => l.phase === 'idle' && l.car === null, 'the lane idle again');
    }
    expect(rig.kiosk.store.sessions.inside()).toHaveLength(passages);
    expect(relayPulses(rig, 1)).toBe(passages);
  }, 60_000);

  it("a console's action on a car that has gone is refused once the next car waits: it never lands on the next car", async () => {
    const { rig, anna, sam } = await twoConsoles();
    const first = await arrive(rig, 'in1', 0, 'AB12CDE', 0.5);
    expect(await anna('lanes.command', command(first.car!, 'confirm'))).toMatchObject({ ok: true });
    await driveThrough(rig, 'in1', 0, 1);
    await waitForLane(rig, 'in1', (l) => l.phase === 'idle', 'idle again');
    const second = await arrive(rig, 'in1', 0, 'XY34ZZZ', 0.5);
    expect(second.car).not.toBe(first.car);

    const late = await sam('lanes.command', command(first.car!, 'deny'));
    expect(late).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/^that car was already confirmed by anna at \d\d:\d\d \(lane in1\)/) } });
    const lateOpen = await sam('lanes.command', command(first.car!, 'open'));
    expect(lateOpen).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const now = rig.kiosk.services.lanes.list().find((l) => l.laneId === 'in1')!;
    expect(now).toMatchObject({ car: second.car, phase: 'decided', decision: { outcome: 'attendant' }, plate: { key: 'XY34ZZZ' } });
    expect(relayPulses(rig, 1)).toBe(1);

    const noCar = await sam('lanes.command', { laneId: 'in1', action: 'deny', reasonCode: 'plate_misread', note: '' });
    expect(noCar).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('car') } });
  });
});
