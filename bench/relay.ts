/**
 * Relay latency over a socat pty pair with the real serialport driver, per protocol: from `pulse()` called to the
 * first byte of its command read by the board simulator on the other end of the pty, and the round trip of a
 * confirmed `set()` (CH340: written and drained; ASCII: echo + read-back; Modbus: write-coil echo).
 * The simulator runs in this process, so both times come from one clock; its own serialport read is included,
 * as a board's UART would be.
 *
 * Then a shared RS-485 bus as the issue asks: two boards (unit 1 with generic coils and inputs, unit 2 an R4D3B16
 * driven by command words) on one port at 9600 8E1, bytes delivered at line speed (the simulators wait out each
 * frame's wire time at 11 bits a character, and so do the driver's frame gap and wire times; the pty itself is
 * opened 8N1, as Linux ptys refuse parity: PTY_LINE_TIMING_8E1), unit 1's inputs polled every 100 ms as the lane
 * service does (one read for its 4 inputs: unit 2 has none, so the lane service never reads it), and four lanes (two
 * channels on each board) each opening its barrier for car after car: from the decision (set() called) to the write
 * confirmed (the board's reply in), the relay half of a lane's pulse. At 9600 8E1 a write and its echo are 16
 * characters (18.3 ms) plus the 3.5-character gap; a frame already on the wire when the decision comes (a poll, 14
 * characters, or another lane's command) adds up to 20 ms more.
 *
 * Three runs of it:
 * - `site`: lanes as they run: a car every 4-6 s per lane (900 an hour: more than a barrier lane passes), each
 *   decision made by the plate read that settled the car's vote, which the lane announces when that read starts
 *   (expectCommand; the read takes 30-150 ms, as in bench/lanes), then a 500 ms pulse (on, 500 ms, off). The figure
 *   the issue's aim is about.
 * - `stress`: decisions out of nowhere (no read announces them, as an attendant's button), four lanes each switching
 *   on and, 20 ms later, off about once a second: a car a second per lane, far past any site.
 * - `stress_unit2_polled`: the same with unit 2's relay states read every 100 ms as well, as no lane needs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRelayBoard, type RelayBoardConfigInput } from '../native/relay';
import { AsciiSimulator } from '../native/relay/simulators/ascii';
import type { BoardSimulator } from '../native/relay/simulators/board';
import { Ch340Simulator } from '../native/relay/simulators/ch340';
import { charMs } from '../native/relay/bus';
import { KinconySimulator } from '../native/relay/simulators/kincony';
import { KmtronicSimulator } from '../native/relay/simulators/kmtronic';
import { ModbusSimulator } from '../native/relay/simulators/modbus';
import { MODBUS_PROFILES } from '../native/relay/register-map';
import { openPtyPair } from '../native/relay/simulators/pty-pair';
import { hostSimulator } from '../native/relay/simulators/serial-host';
import { machine, PTY_LINE_TIMING_8E1, summarise } from './lib/measure';
import { seededRandom } from './lib/plates';

const COUNT = Number(process.env['BENCH_RELAY_COUNT'] ?? 300);
/** Cars per lane on the shared bus at a site's pace (4-6 s apart), and in the stress runs (0.3-1.3 s apart). */
const SITE_CARS = Number(process.env['BENCH_RELAY_SITE_CARS'] ?? 40);
const BUS_COUNT = Number(process.env['BENCH_RELAY_BUS_COUNT'] ?? 60);
const WARMUP = 20;
const progress = (text: string) => process.stderr.write(`[bench relay] ${text}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function measure(protocol: string, config: Omit<RelayBoardConfigInput, 'id' | 'port'>, simulator: BoardSimulator) {
  const dir = mkdtempSync(join(tmpdir(), 'lotkeeper-bench-relay-'));
  const pair = await openPtyPair(dir, 'bench');
  const { board: boardPath, kiosk } = pair;
  const host = await hostSimulator(simulator, boardPath);
  const board = createRelayBoard({ ...config, id: protocol, port: kiosk, timeoutMs: 1_000 });
  let firstByteAt: number | null = null;
  simulator.onBytes = () => (firstByteAt ??= performance.now());
  const toBytes: number[] = [];
  const confirm: number[] = [];
  for (let i = 0; i < WARMUP + COUNT; i++) {
    firstByteAt = null;
    const calledAt = performance.now();
    await board.pulse(1, 20);
    if (i >= WARMUP) toBytes.push(firstByteAt! - calledAt);
    await sleep(5); // let the CH340 simulator read the off frame before the next timing starts
    const setAt = performance.now();
    await board.set(2, i % 2 === 0);
    if (i >= WARMUP) confirm.push(performance.now() - setAt);
    await sleep(5);
  }
  await board.close();
  await host.close();
  await pair.close();
  rmSync(dir, { recursive: true, force: true });
  const bytes = summarise(toBytes);
  const confirmed = summarise(confirm);
  progress(`${protocol}: pulse -> bytes ${JSON.stringify(bytes)}, set confirmed ${JSON.stringify(confirmed)}`);
  return { bytes, confirmed };
}

const SCENARIOS = {
  site: { announced: true, pollUnit2: false, carsPerLane: SITE_CARS, gapMs: [4_000, 6_000], pulseMs: 500 },
  stress: { announced: false, pollUnit2: false, carsPerLane: BUS_COUNT, gapMs: [300, 1_300], pulseMs: 20 },
  stress_unit2_polled: { announced: false, pollUnit2: true, carsPerLane: BUS_COUNT, gapMs: [300, 1_300], pulseMs: 20 },
} as const satisfies Record<string, BusScenario>;
const buses: Partial<Record<keyof typeof SCENARIOS, Awaited<ReturnType<typeof sharedBus>>>> = {};
for (const [name, scenario] of Object.entries(SCENARIOS)) buses[name as keyof typeof SCENARIOS] = await sharedBus(name, scenario);
const ch340 = await measure('ch340', { protocol: 'ch340', channels: 2 }, new Ch340Simulator(2));
const ascii = await measure('ascii', { protocol: 'ascii', channels: 2 }, new AsciiSimulator(2));
const modbus = await measure('modbus', { protocol: 'modbus', channels: 2, modbusAddress: 1 }, new ModbusSimulator(1, 2));
// The profiles that read their relay back: confirmed = the command and a status read.
const kmtronic = await measure('kmtronic', { protocol: 'ch340', profile: 'kmtronic', channels: 2 }, new KmtronicSimulator(2));
const kincony = await measure('kincony', { protocol: 'ascii', profile: 'kincony', channels: 2 }, new KinconySimulator(2));

interface BusScenario {
  /** The lane's settle read announces each decision (expectCommand), 30-150 ms before it. */
  readonly announced: boolean;
  /** Unit 2's relay states are read every 100 ms too, as no lane needs. */
  readonly pollUnit2: boolean;
  readonly carsPerLane: number;
  /** Time between one car's pulse and the next car's decision, per lane. */
  readonly gapMs: readonly [number, number];
  readonly pulseMs: number;
}

/** Four lanes on one bus of two boards at 9600 8E1, line speed, polling running: decision to write confirmed. */
async function sharedBus(name: string, scenario: BusScenario) {
  const settings = { baudRate: 9600, dataBits: 8, parity: 'even', stopBits: 1 } as const;
  const dir = mkdtempSync(join(tmpdir(), 'lotkeeper-bench-relay-bus-'));
  const pair = await openPtyPair(dir, 'bus');
  const coils = new ModbusSimulator(1, 2, 4);
  const registers = new ModbusSimulator(2, 2, 0, MODBUS_PROFILES['eletechsup-r4d3b16'].map(2));
  for (const simulator of [coils, registers]) simulator.lineCharMs = charMs(settings);
  const host = await hostSimulator([coils, registers], pair.board, settings.baudRate);
  const common = { protocol: 'modbus', port: pair.kiosk, parity: settings.parity, channels: 2, timeoutMs: 500 } as const;
  // Every frame the bus sends (the first board's onWrite is the bus's): which polls went out while a command waited.
  const pollsWrittenAt: number[] = [];
  const onWrite = (bytes: Uint8Array) => (bytes[1]! <= 4 ? pollsWrittenAt.push(performance.now()) : undefined);
  const unit1 = createRelayBoard({ ...common, id: 'unit-1', modbusAddress: 1, inputs: 4 }, { emulateParity: true, onWrite });
  const unit2 = createRelayBoard({ ...common, id: 'unit-2', modbusAddress: 2, profile: 'eletechsup-r4d3b16' }, { emulateParity: true });
  // The port opened first (on a loaded machine its opening can outlast a command's 500 ms): the bench times commands.
  for (const deadline = Date.now() + 10_000; !unit1.health().connected && Date.now() < deadline; ) await sleep(10);
  await unit1.set(1, false);
  await unit2.set(1, false);
  let polling = true;
  let polls = 0;
  const poll = async (read: () => Promise<unknown>) => {
    while (polling) {
      await read().then(() => polls++, () => undefined);
      await sleep(100);
    }
  };
  const pollers = [poll(() => unit1.readInputs!())];
  if (scenario.pollUnit2) pollers.push(poll(() => (unit2 as unknown as { readRelays(): Promise<boolean[]> }).readRelays()));
  const lanes = [
    { board: unit1, channel: 1 },
    { board: unit1, channel: 2 },
    { board: unit2, channel: 1 },
    { board: unit2, channel: 2 },
  ];
  const random = seededRandom(20);
  const between = ([low, high]: readonly [number, number]) => low + random() * (high - low);
  const confirmed: number[] = [];
  /** Commands that saw a poll leave between their decision and their reply: a poll chosen while they waited. */
  let passedByAPoll = 0;
  // A command that fails (a reply later than the timeout on a loaded machine) is counted, never timed as confirmed.
  const failed: string[] = [];
  const attempt = (work: Promise<void>) => work.then(() => true, (error: Error) => (failed.push(error.message), false));
  await Promise.all(
    lanes.map(async ({ board, channel }) => {
      for (let i = 0; i < scenario.carsPerLane; i++) {
        const readMs = between([30, 150]);
        await sleep(between(scenario.gapMs) - (scenario.announced ? readMs : 0));
        const release = scenario.announced ? board.expectCommand!() : undefined;
        if (release) await sleep(readMs);
        const decidedAt = performance.now();
        const switched = attempt(board.set(channel, true));
        release?.();
        if (await switched) {
          const confirmedAt = performance.now();
          confirmed.push(confirmedAt - decidedAt);
          if (pollsWrittenAt.some((at) => at > decidedAt && at < confirmedAt)) passedByAPoll++;
        }
        await sleep(scenario.pulseMs);
        await attempt(board.set(channel, false));
      }
    }),
  );
  polling = false;
  await Promise.all(pollers);
  await Promise.all([unit1.close(), unit2.close()]);
  await host.close();
  await pair.close();
  rmSync(dir, { recursive: true, force: true });
  const summary = summarise(confirmed);
  progress(`shared bus (${name}), 4 lanes, 2 boards, 9600 8E1: decision -> write confirmed ${JSON.stringify(summary)}, ${polls} polls, ${passedByAPoll} commands passed by a poll, ${failed.length} failed${failed.length ? `: ${failed[0]}` : ''}`);
  return { confirmed: summary, polls, passedByAPoll, failed: failed.length };
}

const figures: Record<string, unknown> = { bench: 'relay', pulses_per_protocol: COUNT };
for (const [name, result] of Object.entries({ ch340, ascii, modbus, kmtronic, kincony })) {
  figures[`${name}_pulse_to_bytes_median_ms`] = result.bytes.median_ms;
  figures[`${name}_pulse_to_bytes_p95_ms`] = result.bytes.p95_ms;
  figures[`${name}_set_confirmed_median_ms`] = result.confirmed.median_ms;
  figures[`${name}_set_confirmed_p95_ms`] = result.confirmed.p95_ms;
}
for (const [name, result] of Object.entries(buses)) {
  const prefix = name === 'site' ? 'shared_bus' : `shared_bus_${name}`;
  figures[`${prefix}_9600_8e1_decision_to_write_confirmed_median_ms`] = result.confirmed.median_ms;
  figures[`${prefix}_9600_8e1_decision_to_write_confirmed_p95_ms`] = result.confirmed.p95_ms;
  figures[`${prefix}_9600_8e1_decision_to_write_confirmed_p99_ms`] = result.confirmed.p99_ms;
  figures[`${prefix}_commands`] = result.confirmed.n;
  figures[`${prefix}_input_polls`] = result.polls;
  figures[`${prefix}_commands_passed_by_a_poll`] = result.passedByAPoll;
  figures[`${prefix}_commands_failed`] = result.failed;
}
figures['shared_bus_line_timing'] = PTY_LINE_TIMING_8E1;
figures['load_average_1m'] = Math.round(loadavg()[0]! * 100) / 100;
figures['machine'] = machine();
console.log(JSON.stringify(figures));
