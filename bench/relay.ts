/**
 * Relay latency over a socat pty pair with the real serialport driver, per protocol: from `pulse()` called to the
 * first byte of its command read by the board simulator on the other end of the pty, and the round trip of a
 * confirmed `set()` (CH340: written and drained; ASCII: echo + read-back; Modbus: write-coil echo).
 * The simulator runs in this process, so both times come from one clock; its own serialport read is included,
 * as a board's UART would be.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRelayBoard, type RelayBoardConfigInput } from '../native/relay';
import { AsciiSimulator } from '../native/relay/simulators/ascii';
import type { BoardSimulator } from '../native/relay/simulators/board';
import { Ch340Simulator } from '../native/relay/simulators/ch340';
import { ModbusSimulator } from '../native/relay/simulators/modbus';
import { openPtyPair } from '../native/relay/simulators/pty-pair';
import { hostSimulator } from '../native/relay/simulators/serial-host';
import { machine, summarise } from './lib/measure';

const COUNT = Number(process.env['BENCH_RELAY_COUNT'] ?? 300);
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

const ch340 = await measure('ch340', { protocol: 'ch340', channels: 2 }, new Ch340Simulator(2));
const ascii = await measure('ascii', { protocol: 'ascii', channels: 2 }, new AsciiSimulator(2));
const modbus = await measure('modbus', { protocol: 'modbus', channels: 2, modbusAddress: 1 }, new ModbusSimulator(1, 2));

const figures: Record<string, unknown> = { bench: 'relay', pulses_per_protocol: COUNT };
for (const [name, result] of Object.entries({ ch340, ascii, modbus })) {
  figures[`${name}_pulse_to_bytes_median_ms`] = result.bytes.median_ms;
  figures[`${name}_pulse_to_bytes_p95_ms`] = result.bytes.p95_ms;
  figures[`${name}_set_confirmed_median_ms`] = result.confirmed.median_ms;
  figures[`${name}_set_confirmed_p95_ms`] = result.confirmed.p95_ms;
}
figures['machine'] = machine();
console.log(JSON.stringify(figures));
