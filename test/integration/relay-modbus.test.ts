import { describe, expect, it } from 'vitest';
import { createRelayBoard, type RelayBoard } from '../../native/relay';
import { ModbusRelayBoard } from '../../native/relay/drivers/modbus';
import type { SimulatorFault } from '../../native/relay/simulators/board';
import { ModbusSimulator } from '../../native/relay/simulators/modbus';
import { useSocat } from './relay-socat';

const fixture = useSocat();

async function setup(address = 7, onWrite?: (bytes: Uint8Array) => void) {
  const socat = fixture();
  const pair = await socat.plug();
  const simulator = new ModbusSimulator(7, 4, 5);
  const host = await socat.host(simulator, pair.board);
  const config = { id: 'io', protocol: 'modbus', port: pair.kiosk, modbusAddress: address, channels: 4, inputs: 5, timeoutMs: 1_000 } as const;
  const board: RelayBoard = socat.track(createRelayBoard(config, onWrite ? { onWrite } : {}));
  const raw = (bytes: Buffer) => new Promise<void>((resolve) => host.port.write(bytes, () => host.port.drain(() => resolve())));
  return { board, simulator, raw };
}

describe('Modbus RTU relay/IO module over a socat pty pair, real serialport driver', () => {
  it('pulses a coil, confirmed by the echo of each write', async () => {
    const { board, simulator } = await setup();
    await board.pulse(4, 40);
    expect(simulator.changes.map(({ channel, on }) => [channel, on])).toEqual([
      [4, true],
      [4, false],
    ]);
    await board.set(1, true);
    expect(await (board as ModbusRelayBoard).readRelays()).toEqual([true, false, false, false]);
  });

  it('on a free line the command is written before pulse() returns: nothing queued on the event loop can delay it', async () => {
    const written: string[] = [];
    const { board, simulator } = await setup(7, (bytes) => written.push(Buffer.from(bytes).toString('hex')));
    await board.set(1, false); // the port is open and the line quiet from here on
    // Past the last request's wire time (8 bytes, 8.3 ms at 9600 8N1) and the 3.5 character times (3.6 ms) after it.
    await new Promise((resolve) => setTimeout(resolve, 20));
    written.length = 0;
    const pulse = board.pulse(3, 20);
    expect(written).toHaveLength(1);
    expect(written[0]!.slice(0, 12)).toBe('07050002ff00'); // write coil 2 (channel 3) ON, then the CRC
    // A second command while the first waits for its echo is queued behind it, never interleaved.
    const other = board.set(4, true);
    expect(written).toHaveLength(1);
    await Promise.all([pulse, other]);
    expect(simulator.changes.slice(1).map(({ channel, on }) => [channel, on])).toEqual([
      [3, true],
      [4, true],
      [3, false],
    ]);
  });

  it('reads discrete inputs (function 02)', async () => {
    const { board, simulator } = await setup();
    simulator.inputs = [false, true, true, false, true];
    expect(await board.readInputs!()).toEqual([false, true, true, false, true]);
  });

  const faults: [SimulatorFault, string | string[]][] = [
    ['bad-crc', 'bad-crc'],
    ['wrong-address', 'wrong-address'],
    ['exception', 'exception'],
    ['garbage', 'garbage'],
    ['half-frame', 'timeout'],
    // Over the reply limit in one chunk is a flood; in small chunks 0x55 is refused as no function code at byte 2.
    ['flood', ['flood', 'garbage']],
    ['silent', 'timeout'],
  ];
  it.each(faults)('a module answering with %s gives RelayError %s, never a success, and the next command works', async (fault, code) => {
    const { board, simulator } = await setup();
    simulator.fault = fault;
    const error: unknown = await board.set(2, true).then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({ name: 'RelayError' });
    expect([code].flat()).toContain((error as { code: string }).code);
    await expect(board.readInputs!()).rejects.toMatchObject({ name: 'RelayError' });
    simulator.fault = 'none';
    await board.set(2, true);
    expect(await (board as ModbusRelayBoard).readRelays()).toEqual([false, true, false, false]);
  });

  it('a module at another address does not answer: timeout, never a success', async () => {
    const { board } = await setup(9);
    await expect(board.pulse(1, 20)).rejects.toMatchObject({ code: 'timeout' });
  });

  it('stray bytes that arrive just before a command are waited out, not taken for its reply', async () => {
    const { board, simulator, raw } = await setup();
    await raw(Buffer.alloc(8192, 0x07)); // 07 = the slave address: the most misleading noise there is
    await new Promise((resolve) => setTimeout(resolve, 50)); // this process reads them meanwhile: they are stray
    await board.set(3, true);
    expect(simulator.relays[2]).toBe(true);
  });
});
