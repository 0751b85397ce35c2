/**
 * Modbus relay boards in their own process, as real boards are their own devices: one simulator per pty path given,
 * each reports every relay that moves with the time it took effect on the system's monotonic clock
 * (process.hrtime, CLOCK_MONOTONIC, the same for every process), so the kiosk's event loop is not in the measure.
 * Usage (forked): board-process.ts <channels> <pty path>...; messages { board (index of its path), channel, on, atMs }.
 */
import { ModbusSimulator } from '../../native/relay/simulators/modbus';
import { hostSimulator } from '../../native/relay/simulators/serial-host';

const [channels, ...paths] = process.argv.slice(2);
if (paths.length === 0 || !process.send) throw new Error('board-process: fork it with the channel count and the pty paths');
const hosts = await Promise.all(
  paths.map((path, board) => {
    const simulator = new ModbusSimulator(1, Number(channels), 0);
    simulator.onRelayChange = (channel, on) => process.send!({ board, channel, on, atMs: Number(process.hrtime.bigint()) / 1e6 });
    return hostSimulator(simulator, path);
  }),
);
process.send({ ready: true });
process.on('disconnect', () => void Promise.all(hosts.map((host) => host.close())).then(() => process.exit(0)));
