/**
 * Modbus relay boards in their own process, as real boards are their own devices: one simulator per board given,
 * each reports every relay that moves with the time it took effect on the system's monotonic clock
 * (process.hrtime, CLOCK_MONOTONIC, the same for every process), so the kiosk's event loop is not in the measure.
 * Boards given the same pty path are units on one RS-485 bus. `lineCharMs` makes each board wait out its frames'
 * wire time, as on a real line (a pty delivers at once).
 * Usage (forked): board-process.ts '<JSON { channels, inputs, lineCharMs, boards: [{ path, unit }] }>';
 * messages { board (its index), channel, on, atMs }.
 */
import { ModbusSimulator } from '../../native/relay/simulators/modbus';
import { hostSimulator } from '../../native/relay/simulators/serial-host';

interface Setup {
  channels: number;
  inputs: number;
  lineCharMs: number;
  boards: { path: string; unit: number }[];
}

const setup = JSON.parse(process.argv[2] ?? 'null') as Setup | null;
if (!setup || !process.send) throw new Error('board-process: fork it with the JSON setup');
const simulators = setup.boards.map(({ unit }, board) => {
  const simulator = new ModbusSimulator(unit, setup.channels, setup.inputs);
  simulator.lineCharMs = setup.lineCharMs;
  simulator.onRelayChange = (channel, on) => process.send!({ board, channel, on, atMs: Number(process.hrtime.bigint()) / 1e6 });
  return simulator;
});
const paths = [...new Set(setup.boards.map((board) => board.path))];
const hosts = await Promise.all(paths.map((path) => hostSimulator(simulators.filter((_, i) => setup.boards[i]!.path === path), path)));
process.send({ ready: true });
process.on('disconnect', () => void Promise.all(hosts.map((host) => host.close())).then(() => process.exit(0)));
