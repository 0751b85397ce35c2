/**
 * Several Modbus boards on one serial port (an RS-485 bus), the project's simulators as the boards, on a socat pty
 * pair with bytes delivered at line speed (the simulators wait out each frame's wire time): one request on the wire
 * at a time with the frame gap the baud rate needs, commands before polls, one retry, errors that say what to
 * check, the echo check, and garbage on the bus never reported as a relay that moved.
 */
import { describe, expect, it } from 'vitest';
import { createRelayBoard, type RelayBoard, type RelayBoardConfigInput } from '../../native/relay';
import { charMs, modbusFrameGapMs } from '../../native/relay/bus';
import { HOLD_POLLS_MAX_MS, PASSED_AT_MOST } from '../../native/relay/exchange';
import type { ModbusRelayBoard } from '../../native/relay/drivers/modbus';
import { ModbusSimulator } from '../../native/relay/simulators/modbus';
import { MODBUS_PROFILES } from '../../native/relay/register-map';
import { useSocat, waitForHealth } from './relay-socat';

const fixture = useSocat();
const SETTINGS = { baudRate: 9600, dataBits: 8, parity: 'even', stopBits: 1 } as const;

/** Two boards on one bus at 9600 8E1: unit 1 generic coils with 4 inputs, unit 2 an R4D3B16 (command words). */
async function bus(onWrite?: (bytes: Uint8Array) => void, baudRate: number = SETTINGS.baudRate) {
  const socat = fixture();
  const pair = await socat.plug();
  const coils = new ModbusSimulator(1, 4, 4);
  const registers = new ModbusSimulator(2, 4, 0, MODBUS_PROFILES['eletechsup-r4d3b16'].map(4));
  for (const simulator of [coils, registers]) simulator.lineCharMs = charMs({ ...SETTINGS, baudRate });
  const host = await socat.host([coils, registers], pair.board);
  const board = (config: Omit<RelayBoardConfigInput, 'port' | 'protocol'>): RelayBoard =>
    socat.track(createRelayBoard({ protocol: 'modbus', port: pair.kiosk, parity: 'even', baudRate, timeoutMs: 300, ...config }, { emulateParity: true, ...(onWrite ? { onWrite } : {}) }));
  const raw = (bytes: Buffer) => new Promise<void>((resolve) => host.port.write(bytes, () => host.port.drain(() => resolve())));
  return { socat, pair, coils, registers, board, raw };
}

/** Function codes of the frames written, in order. */
const functions = (trace: Uint8Array[]) => trace.map((bytes) => bytes[1]);

describe('a shared RS-485 bus of Modbus boards (simulators at 9600 8E1 line speed, socat pty pair)', () => {
  it('two lanes on two boards: one request on the wire at a time, each after at least 3.5 character times of silence', async () => {
    const { coils, registers, board } = await bus();
    const events: { at: number; kind: 'request' | 'reply' }[] = [];
    for (const simulator of [coils, registers]) {
      simulator.onReply = () => events.push({ at: performance.now(), kind: 'reply' });
    }
    // Each byte chunk reaches both simulators: count the request once.
    coils.onBytes = () => events.push({ at: performance.now(), kind: 'request' });
    const laneA = board({ id: 'a', modbusAddress: 1, channels: 4, inputs: 4 });
    const laneB = board({ id: 'b', modbusAddress: 2, profile: 'eletechsup-r4d3b16', channels: 4 });
    await Promise.all([laneA.pulse(1, 20), laneB.pulse(2, 20), laneA.readInputs!(), laneB.set(3, true), laneA.readInputs!()]);
    expect(coils.changes.map((c) => [c.channel, c.on])).toEqual([
      [1, true],
      [1, false],
    ]);
    expect(registers.changes.map((c) => [c.channel, c.on])).toEqual(expect.arrayContaining([[2, true], [2, false], [3, true]]));
    const kinds = events.map((e) => e.kind);
    // Strict alternation: no request before the last one's reply was in.
    kinds.forEach((kind, i) => expect(kind).toBe(i % 2 === 0 ? 'request' : 'reply'));
    const gap = modbusFrameGapMs(SETTINGS);
    for (let i = 2; i < events.length; i += 2) expect(events[i]!.at - events[i - 1]!.at).toBeGreaterThanOrEqual(gap - 0.5);
  });

  it('a pulse queued behind input polls goes next, not after them', async () => {
    const trace: Uint8Array[] = [];
    const { board } = await bus((bytes) => trace.push(bytes));
    const laneA = board({ id: 'a', modbusAddress: 1, channels: 4, inputs: 4 });
    const laneB = board({ id: 'b', modbusAddress: 2, profile: 'eletechsup-r4d3b16', channels: 4 });
    await Promise.all([laneA.set(1, false), laneB.set(1, false)]); // both boards' check reads are done
    trace.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 20)); // the line is idle past its silence: the first poll leaves at once
    const polls = Array.from({ length: 5 }, () => laneA.readInputs!());
    const pulse = laneB.set(4, true);
    await Promise.all([...polls, pulse]);
    expect(functions(trace)).toEqual([2, 6, 2, 2, 2, 2]);
  });

  it('a command that comes in the silence after a reply goes before the poll that was waiting for that silence', async () => {
    const trace: Uint8Array[] = [];
    // 1200 baud: the 3.5-character silence is 32 ms, so the command surely comes within it however busy the machine.
    const { board } = await bus((bytes) => trace.push(bytes), 1_200);
    const laneA = board({ id: 'a', modbusAddress: 1, channels: 4, inputs: 4, timeoutMs: 1_000 });
    const laneB = board({ id: 'b', modbusAddress: 2, profile: 'eletechsup-r4d3b16', channels: 4, timeoutMs: 1_000 });
    await Promise.all([laneA.set(1, false), laneB.set(1, false)]); // both boards' check reads are done
    trace.length = 0;
    const first = laneA.readInputs!();
    const second = laneA.readInputs!();
    await first; // its reply is in: the line is in the silence before the next frame, and the second poll waits
    const pulse = laneB.set(4, true);
    await Promise.all([second, pulse]);
    expect(functions(trace)).toEqual([2, 6, 2]);
  });

  it("a relay switched on goes before another relay's release that waited; one relay's commands keep their order", async () => {
    const trace: Uint8Array[] = [];
    const { coils, registers, board } = await bus((bytes) => trace.push(bytes));
    const laneA = board({ id: 'a', modbusAddress: 1, channels: 4, inputs: 4 });
    const laneB = board({ id: 'b', modbusAddress: 2, profile: 'eletechsup-r4d3b16', channels: 4 });
    await Promise.all([laneA.set(1, false), laneB.set(1, false)]); // both boards' check reads are done
    trace.length = 0;
    coils.changes.length = 0;
    registers.changes.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 20)); // an idle line: the poll leaves at once
    // While the poll is on the wire: lane B's pulse ends, lane A's barrier opens, and relay A3 is switched off, then on.
    await Promise.all([laneA.readInputs!(), laneB.set(2, false), laneA.set(2, true), laneA.set(3, false), laneA.set(3, true)]);
    expect(trace.map((bytes) => [bytes[0], bytes[1]])).toEqual([
      [1, 2], // the poll already on the wire
      [1, 5], // A2 on, ahead of the release that waited longer
      [2, 6], // B2 off
      [1, 5], // A3 off, then on: an "on" never passes its own relay's "off"
      [1, 5],
    ]);
    expect(coils.changes.map((change) => [change.channel, change.on])).toEqual([[2, true], [3, false], [3, true]]);
    expect(registers.changes.map((change) => [change.channel, change.on])).toEqual([[2, false]]);
  });

  it('while a lane reads the frame that may decide its car, polls wait and its command finds the line free', async () => {
    const trace: { at: number; fn: number }[] = [];
    const { board } = await bus((bytes) => trace.push({ at: performance.now(), fn: bytes[1]! }));
    const laneA = board({ id: 'a', modbusAddress: 1, channels: 4, inputs: 4 });
    const laneB = board({ id: 'b', modbusAddress: 2, profile: 'eletechsup-r4d3b16', channels: 4 });
    await Promise.all([laneA.set(1, false), laneB.set(1, false)]); // both boards' check reads are done
    await new Promise((resolve) => setTimeout(resolve, 20));
    trace.length = 0;
    const release = laneB.expectCommand!();
    const poll = laneA.readInputs!(); // the line is idle, but lane B's command is coming
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(trace).toEqual([]);
    const decidedAt = performance.now();
    await laneB.set(2, true);
    release();
    await poll;
    expect(trace.map((frame) => frame.fn)).toEqual([6, 2]);
    expect(trace[0]!.at - decidedAt).toBeLessThan(5); // written on the decision's turn, no poll ahead of it
  });

  it(`a command that does not come holds polls back for ${HOLD_POLLS_MAX_MS} ms at most`, async () => {
    const trace: { at: number; fn: number }[] = [];
    const { board } = await bus((bytes) => trace.push({ at: performance.now(), fn: bytes[1]! }));
    const laneA = board({ id: 'a', modbusAddress: 1, channels: 4, inputs: 4 });
    await laneA.set(1, false); // the check read is done
    await new Promise((resolve) => setTimeout(resolve, 20));
    trace.length = 0;
    laneA.expectCommand!(); // the read did not settle the vote, and the release never comes
    const polledAt = performance.now();
    await laneA.readInputs!();
    const waited = trace[0]!.at - polledAt;
    expect(waited).toBeGreaterThanOrEqual(HOLD_POLLS_MAX_MS - 1);
    expect(waited).toBeLessThan(HOLD_POLLS_MAX_MS + 1_000);
    // Later polls go at once: the hold ended with its time.
    const again = performance.now();
    await laneA.readInputs!();
    expect(trace[1]!.at - again).toBeLessThan(HOLD_POLLS_MAX_MS);
  });

  it(`a stream of commands does not starve input polling: a waiting poll goes after at most ${PASSED_AT_MOST} commands`, { timeout: 20_000 }, async () => {
    const trace: Uint8Array[] = [];
    const { board } = await bus((bytes) => trace.push(bytes));
    const laneA = board({ id: 'a', modbusAddress: 1, channels: 4, inputs: 4 });
    const laneB = board({ id: 'b', modbusAddress: 2, profile: 'eletechsup-r4d3b16', channels: 4 });
    await Promise.all([laneA.set(1, false), laneB.set(1, false)]); // both check reads done
    trace.length = 0;
    let streaming = true;
    // Four lanes switching their relays back to back: there is always a command waiting while the bus runs.
    const lanes = [laneA, laneA, laneB, laneB].map(async (lane, i) => {
      for (let n = 0; n < 12; n++) await lane.set((i % 2) + 2, n % 2 === 0);
    });
    const poller = (async () => {
      let polls = 0;
      while (streaming) await laneA.readInputs!().then(() => polls++);
      return polls;
    })();
    await Promise.all(lanes);
    streaming = false;
    const polls = await poller;
    // Commands written between one poll (02) and the next; before the first, the boards' own check polls took turns.
    const commandsBetweenPolls = [0];
    for (const fn of functions(trace)) {
      if (fn === 2) commandsBetweenPolls.push(0);
      else commandsBetweenPolls[commandsBetweenPolls.length - 1]!++;
    }
    // Strictly commands first, the poller would have waited for all 48 commands; it read its inputs every few instead.
    expect(polls).toBeGreaterThanOrEqual(48 / PASSED_AT_MOST - 1);
    expect(Math.max(...commandsBetweenPolls.slice(1))).toBeLessThanOrEqual(PASSED_AT_MOST);
  });

  it('lanes polling without pause while other lanes pulse at random moments: a command waits behind at most one poll', { timeout: 20_000 }, async () => {
    const written: { at: number; fn: number; unit: number }[] = [];
    const { board } = await bus((bytes) => written.push({ at: performance.now(), fn: bytes[1]!, unit: bytes[0]! }));
    const laneA = board({ id: 'a', modbusAddress: 1, channels: 4, inputs: 4 });
    const laneB = board({ id: 'b', modbusAddress: 2, profile: 'eletechsup-r4d3b16', channels: 4 });
    await Promise.all([laneA.set(1, false), laneB.set(1, false)]); // both check reads done
    let polling = true;
    // Three pollers per board back to back, as several lanes' input watches would: the poll queue is never empty.
    const pollers = [laneA, laneA, laneA, laneB, laneB, laneB].map(async (lane) => {
      const read = lane === laneA ? () => laneA.readInputs!() : () => (laneB as unknown as ModbusRelayBoard).readRelays();
      while (polling) await read();
    });
    const commands: { calledAt: number; unit: number; fn: number }[] = [];
    let seed = 20;
    const random = () => ((seed = (seed * 48_271) % 2_147_483_647) % 1000) / 1000;
    const lanes = [
      { lane: laneA, unit: 1, fn: 5, channel: 2 },
      { lane: laneA, unit: 1, fn: 5, channel: 3 },
      { lane: laneB, unit: 2, fn: 6, channel: 2 },
      { lane: laneB, unit: 2, fn: 6, channel: 3 },
    ];
    await Promise.all(
      lanes.map(async ({ lane, unit, fn, channel }) => {
        for (let i = 0; i < 6; i++) {
          await new Promise((resolve) => setTimeout(resolve, 150 + random() * 350));
          commands.push({ calledAt: performance.now(), unit, fn });
          await lane.pulse(channel, 20);
        }
      }),
    );
    polling = false;
    await Promise.all(pollers);
    const polls = written.filter((frame) => frame.fn <= 4);
    expect(polls.length).toBeGreaterThan(commands.length); // polling really ran throughout
    for (const command of commands) {
      const own = written.findIndex((frame) => frame.at >= command.calledAt && frame.unit === command.unit && frame.fn === command.fn);
      expect(own).toBeGreaterThan(-1);
      // Between the decision and its write, at most one poll: one that PASSED_AT_MOST commands had passed
      // already (polling is not starved). First come, first served would put every waiting poller's frame (up to
      // six) ahead of it.
      const between = written.slice(0, own).filter((frame) => frame.at >= command.calledAt);
      expect(between.filter((frame) => frame.fn <= 4).length).toBeLessThanOrEqual(1);
    }
  });

  it('refuses a second board with the same unit id, other serial settings, or an ASCII board on the same port', async () => {
    const { board } = await bus();
    board({ id: 'a', modbusAddress: 1, channels: 4 });
    expect(() => board({ id: 'b', modbusAddress: 1, channels: 2 })).toThrow(/board 'a' on .* already has unit id 1: each board on a bus needs its own/);
    expect(() => board({ id: 'c', modbusAddress: 2, channels: 2, parity: 'none' })).toThrow(/runs at 9600 8E1 for board 'a', this board asks 9600 8N1/);
  });

  it('one reply lost to noise: the command is retried once and confirmed', async () => {
    const trace: Uint8Array[] = [];
    const { coils, board } = await bus((bytes) => trace.push(bytes));
    const lane = board({ id: 'a', modbusAddress: 1, channels: 4 });
    await lane.set(1, false);
    trace.length = 0;
    coils.dropRequests = 1;
    await lane.set(2, true);
    expect(functions(trace)).toEqual([5, 5]);
    expect(coils.relays[1]).toBe(true);
    expect(lane.health().lastError).toBeNull();
  });

  const seen: [string, (simulator: ModbusSimulator) => void, string, RegExp][] = [
    ['silence', (s) => (s.fault = 'silent'), 'timeout', /no reply within 300 ms \(tried twice\): unit 1 is silent: check the unit id set on the board, the A\/B wiring/],
    ['a short frame', (s) => (s.fault = 'half-frame'), 'timeout', /half a reply .* \(tried twice\): only part of a reply came: check the board runs at 9600 8E1/],
    ['corrupted replies', (s) => (s.fault = 'bad-crc'), 'bad-crc', /\(tried twice\): replies arrive corrupted: check the board runs at 9600 8E1 \(baud rate, parity\)/],
    ['garbage', (s) => (s.fault = 'garbage'), 'garbage', /bytes that are no Modbus reply: check the board runs at 9600 8E1/],
    ['another unit id answering', (s) => (s.fault = 'wrong-address'), 'wrong-address', /reply from unit 2, expected unit 1.*another unit answered for unit 1: set this board's unit id/],
  ];
  it.each(seen)('%s: the command fails, the error says what to check, the tile shows it, and the relay is never reported moved', async (_what, fault, code, message) => {
    const { coils, board } = await bus();
    const lane = board({ id: 'a', modbusAddress: 1, channels: 4 });
    await lane.set(1, false);
    fault(coils);
    await expect(lane.pulse(2, 20)).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    expect(lane.health().lastError).toMatch(message);
    coils.fault = 'none';
    await lane.set(3, true);
    expect(lane.health().lastError).toBeNull();
  });

  it('an adapter that echoes what it sends, with no board behind it: the check read finds it out and no write is trusted', async () => {
    const { coils, board } = await bus();
    coils.fault = 'echo';
    const lane = board({ id: 'a', modbusAddress: 1, channels: 4 });
    const error = await lane.pulse(1, 20).then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'echo', message: expect.stringMatching(/not trusting writes yet.*the port echoes what is sent/) });
    expect(coils.changes).toEqual([]);
    await waitForHealth(lane, (h) => /echoes/.test(h.lastError ?? ''), 1_000);
  });

  it('after a reconnect the line is checked again before the first write', async () => {
    const trace: Uint8Array[] = [];
    const { socat, pair, board } = await bus((bytes) => trace.push(bytes));
    const lane = board({ id: 'a', modbusAddress: 1, channels: 4 });
    await lane.set(1, true);
    await pair.unplug();
    await waitForHealth(lane, (h) => !h.connected, 2_000);
    trace.length = 0;
    const replug = await socat.plug();
    const again = new ModbusSimulator(1, 4, 4);
    await socat.host(again, replug.board);
    await waitForHealth(lane, (h) => h.connected, 5_000);
    await lane.set(2, true);
    expect(functions(trace)).toEqual([1, 5]); // the check read (01), on reopening or before the write, then the write
    expect(again.relays[1]).toBe(true);
  });

  /** How long the bus carries random bytes: 3 s in the suite, LOTKEEPER_RELAY_GARBAGE_MS=60000 for the full minute. */
  const garbageMs = Number(process.env.LOTKEEPER_RELAY_GARBAGE_MS ?? 3_000);
  it(`random bytes on the bus for ${garbageMs} ms: every pulse fails with a clear error, none is reported done, the driver keeps trying to the end, and the bus recovers`, { timeout: garbageMs + 20_000 }, async () => {
    const { coils, board, raw } = await bus();
    const lane = board({ id: 'a', modbusAddress: 1, channels: 4 });
    await lane.set(1, false);
    // Seeded, so a failure names the bytes that caused it; a new seed every run covers more of them over time.
    const seed = Number(process.env.LOTKEEPER_RELAY_GARBAGE_SEED ?? Date.now() % 2 ** 31) || 1;
    let state = seed;
    const random = () => ((state = (state * 48_271) % 2_147_483_647) & 0xff);
    let noisy = true;
    const noise = (async () => {
      while (noisy) {
        await raw(Buffer.from(Array.from({ length: 1 + (random() % 48) }, random)));
        await new Promise((resolve) => setTimeout(resolve, random() % 8));
      }
    })();
    const outcomes: string[] = [];
    const started = Date.now();
    const until = started + garbageMs;
    let lastOutcomeAt = started;
    while (Date.now() < until) {
      outcomes.push(await lane.pulse(2, 20).then(() => 'done', (e: { code: string }) => e.code));
      lastOutcomeAt = Date.now();
    }
    noisy = false;
    await noise;
    const tally = outcomes.reduce<Record<string, number>>((counts, code) => ({ ...counts, [code]: (counts[code] ?? 0) + 1 }), {});
    const context = `seed ${seed}: ${outcomes.length} pulses, ${JSON.stringify(tally)}`;
    // Never wedged: it was still trying, and failing, in the last fifth of the noise.
    expect(lastOutcomeAt - started, context).toBeGreaterThan(garbageMs * 0.8);
    expect(outcomes.length, context).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o === 'done'), context).toEqual([]);
    expect(lane.health().lastError).toMatch(/check the board runs at 9600 8E1|line did not go quiet|silent/);
    // The noise's tail may still be in the pty's buffer: the bus has recovered once a command goes through again.
    await expect.poll(() => lane.set(2, true).then(() => true, () => false), { timeout: 5_000, interval: 100 }).toBe(true);
    expect(coils.relays[1]).toBe(true);
  });
});
