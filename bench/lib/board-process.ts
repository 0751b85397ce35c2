/**
 * A Modbus relay board in its own process, as a real board is its own device: hosted on the board end of a pty,
 * it reports each relay that moves with the time it took effect on the system's monotonic clock
 * (process.hrtime, CLOCK_MONOTONIC, the same for every process), so the kiosk's event loop is not in the measure.
 * Usage (forked): board-process.ts <pty path> <channels> <inputs>; messages { channel, on, atMs }.
 */
import { ModbusSimulator } from '../../native/relay/simulators/modbus';
import { hostSimulator } from '../../native/relay/simulators/serial-host';

const [path, channels, inputs] = process.argv.slice(2);
if (!path || !process.send) throw new Error('board-process: fork it with the pty path, channels and inputs');
const simulator = new ModbusSimulator(1, Number(channels ?? 4), Number(inputs ?? 0));
simulator.onRelayChange = (channel, on) => process.send!({ channel, on, atMs: Number(process.hrtime.bigint()) / 1e6 });
const host = await hostSimulator(simulator, path);
process.send({ ready: true });
process.on('disconnect', () => void host.close().then(() => process.exit(0)));
