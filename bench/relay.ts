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
 * opened 8N1, as Linux ptys refuse parity: PTY_LINE_TIMING_8E1), inputs polled every 100 ms as the lane service does (unit 1's,
 * one read for its 4 inputs: unit 2 has none, so the lane service never reads it), then again with unit 2's relay
 * states read every 100 ms as well (what this bench did before: a harsher bus than a site's), and four lanes (two channels on each
 * board) each switching its relay on at random moments about a second apart: from the decision (set() called) to
 * the write confirmed (the board's reply in), the relay half of a lane's pulse. At 9600 8E1 a write and its echo are
 * 16 characters (18.3 ms) plus the 4 ms gap; a poll already on the wire when the decision comes is up to 14
 * characters (16 ms) more: about 38 ms is the worst a quiet machine should show.
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
/** Relay commands per lane on the shared bus, each lane's 0.3-1.3 s apart (a busy lane: a car every second). */
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

const bus = await sharedBus(false);
const busBothPolled = await sharedBus(true);
const ch340 = await measure('ch340', { protocol: 'ch340', channels: 2 }, new Ch340Simulator(2));
const ascii = await measure('ascii', { protocol: 'ascii', channels: 2 }, new AsciiSimulator(2));
const modbus = await measure('modbus', { protocol: 'modbus', channels: 2, modbusAddress: 1 }, new ModbusSimulator(1, 2));
// The profiles that read their relay back: confirmed = the command and a status read.
const kmtronic = await measure('kmtronic', { protocol: 'ch340', profile: 'kmtronic', channels: 2 }, new KmtronicSimulator(2));
const kincony = await measure('kincony', { protocol: 'ascii', profile: 'kincony', channels: 2 }, new KinconySimulator(2));

/**
 * Four lanes on one bus of two boards at 9600 8E1, line speed, polling running: decision to write confirmed.
 * `pollUnit2`: unit 2's relay states are read every 100 ms too, as no lane needs.
 */
async function sharedBus(pollUnit2: boolean) {
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
  if (pollUnit2) pollers.push(poll(() => (unit2 as unknown as { readRelays(): Promise<boolean[]> }).readRelays()));
  const lanes = [
    { board: unit1, channel: 1 },
    { board: unit1, channel: 2 },
    { board: unit2, channel: 1 },
    { board: unit2, channel: 2 },
  ];
  const random = seededRandom(20);
  const confirmed: number[] = [];
  /** Commands that saw a poll leave between their decision and their reply: a poll chosen while they waited. */
  let passedByAPoll = 0;
  // A command that fails (a reply later than the timeout on a loaded machine) is counted, never timed as confirmed.
  const failed: string[] = [];
  const attempt = (work: Promise<void>) => work.then(() => true, (error: Error) => (failed.push(error.message), false));
  await Promise.all(
    lanes.map(async ({ board, channel }) => {
      for (let i = 0; i < BUS_COUNT; i++) {
        await sleep(300 + random() * 1_000);
        const decidedAt = performance.now();
        if (await attempt(board.set(channel, true))) {
          const confirmedAt = performance.now();
          confirmed.push(confirmedAt - decidedAt);
          if (pollsWrittenAt.some((at) => at > decidedAt && at < confirmedAt)) passedByAPoll++;
        }
        await sleep(20);
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
  progress(`shared bus, 4 lanes, 2 boards, 9600 8E1${pollUnit2 ? ', unit 2 polled too' : ''}: decision -> write confirmed ${JSON.stringify(summary)}, ${polls} polls, ${passedByAPoll} commands passed by a poll, ${failed.length} failed${failed.length ? `: ${failed[0]}` : ''}`);
  return { confirmed: summary, polls, passedByAPoll, failed: failed.length };
}

const figures: Record<string, unknown> = { bench: 'relay', pulses_per_protocol: COUNT };
for (const [name, result] of Object.entries({ ch340, ascii, modbus, kmtronic, kincony })) {
  figures[`${name}_pulse_to_bytes_median_ms`] = result.bytes.median_ms;
  figures[`${name}_pulse_to_bytes_p95_ms`] = result.bytes.p95_ms;
  figures[`${name}_set_confirmed_median_ms`] = result.confirmed.median_ms;
  figures[`${name}_set_confirmed_p95_ms`] = result.confirmed.p95_ms;
}
figures['shared_bus_9600_8e1_decision_to_write_confirmed_median_ms'] = bus.confirmed.median_ms;
figures['shared_bus_9600_8e1_decision_to_write_confirmed_p95_ms'] = bus.confirmed.p95_ms;
figures['shared_bus_commands'] = bus.confirmed.n;
figures['shared_bus_input_polls'] = bus.polls;
figures['shared_bus_commands_passed_by_a_poll'] = bus.passedByAPoll;
figures['shared_bus_commands_failed'] = bus.failed;
figures['shared_bus_unit2_polled_too_decision_to_write_confirmed_median_ms'] = busBothPolled.confirmed.median_ms;
figures['shared_bus_unit2_polled_too_decision_to_write_confirmed_p95_ms'] = busBothPolled.confirmed.p95_ms;
figures['shared_bus_unit2_polled_too_input_polls'] = busBothPolled.polls;
figures['shared_bus_unit2_polled_too_commands_failed'] = busBothPolled.failed;
figures['shared_bus_line_timing'] = PTY_LINE_TIMING_8E1;
figures['load_average_1m'] = Math.round(loadavg()[0]! * 100) / 100;
figures['machine'] = machine();
console.log(JSON.stringify(figures));
