/**
 * The Modbus driver against a Modbus implementation nobody here wrote: pymodbus's RTU server (Debian
 * python3-pymodbus 3.0, fixtures/pymodbus_rtu_server.py) on one end of a socat pty pair, the real serialport driver
 * on the other, a different register map and serial setting per test. The server prints every write it applied,
 * so each test sees what reached the board's tables, not what the driver believes it sent.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { createRelayBoard, type RelayBoard, type RelayBoardConfigInput } from '../../native/relay';
import type { ModbusRelayBoard } from '../../native/relay/drivers/modbus';
import type { ModbusMapInput } from '../../native/relay/register-map';
import { useSocat, waitFor } from './relay-socat';

const PYTHON = '/usr/bin/python3';
const SERVER = join(import.meta.dirname, 'fixtures', 'pymodbus_rtu_server.py');

interface Write {
  unit: number;
  table: 'co' | 'hr';
  address: number;
  values: number[];
}

type Tables = Partial<Record<'co' | 'di' | 'hr' | 'ir', number>>;

const fixture = useSocat();
const servers: ChildProcess[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
});

/**
 * pymodbus serving these units on the board end of a new pty pair. Always at parity N: a Linux pty clears the
 * parity-enable flag on every termios set, and pyserial's second tcsetattr at parity E (serial_asyncio setting its
 * timeout) then fails with EINVAL, so pymodbus at E never opens the port (relay-serial-settings.test.ts shows what
 * a pty keeps). The driver refuses a port that dropped its parity, so it opens the pty without parity too
 * (emulateParity), its frame gap still counting the parity bit; a pty carries no parity bit either way.
 */
async function pymodbus(serial: { baudrate: number; parity: 'N' | 'E' | 'O'; stopbits: 1 | 2 }, units: Record<number, Tables>) {
  if (!existsSync('/usr/lib/python3/dist-packages/pymodbus')) throw new Error('pymodbus is missing: apt-get install python3-pymodbus python3-serial python3-serial-asyncio (.ci/run does)');
  const socat = fixture();
  const pair = await socat.plug();
  const settings = { port: pair.board, baudrate: serial.baudrate, parity: 'N', stopbits: serial.stopbits };
  const server = spawn(PYTHON, [SERVER, JSON.stringify({ ...settings, units })], { stdio: ['pipe', 'pipe', 'pipe'] });
  servers.push(server);
  const writes: Write[] = [];
  let ready = false;
  let errors = '';
  server.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  createInterface({ input: server.stdout! }).on('line', (line) => {
    const message = JSON.parse(line) as Write | { ready: true };
    if ('ready' in message) ready = true;
    else writes.push(message);
  });
  await waitFor(() => ready || server.exitCode !== null, 10_000, 'pymodbus to serve');
  if (!ready) throw new Error(`pymodbus did not start: ${errors}`);
  /** Sets values as the board's wiring would (inputs), not as a write. */
  const wire = (unit: number, table: keyof Tables, address: number, values: number[]) => server.stdin!.write(`${JSON.stringify({ unit, table, address, values })}\n`);
  const board = (config: Omit<RelayBoardConfigInput, 'port' | 'protocol'>): RelayBoard => socat.track(createRelayBoard({ protocol: 'modbus', port: pair.kiosk, timeoutMs: 500, ...config }, { emulateParity: true }));
  return { writes, wire, board };
}

describe('Modbus relay boards against pymodbus\'s RTU server on a socat pty pair', () => {
  it('Waveshare relay profile at 9600 8E1, unit 3: a pulse writes coil on then off (05), inputs are discrete inputs (02)', async () => {
    const server = await pymodbus({ baudrate: 9600, parity: 'E', stopbits: 1 }, { 3: { co: 8, di: 8 } });
    const board = server.board({ id: 'ws', profile: 'waveshare-relay', modbusAddress: 3, channels: 8, inputs: 4, parity: 'even' });
    await board.pulse(2, 30);
    expect(server.writes).toEqual([
      { unit: 3, table: 'co', address: 1, values: [1] },
      { unit: 3, table: 'co', address: 1, values: [0] },
    ]);
    server.wire(3, 'di', 0, [0, 1, 1, 0]);
    await expect.poll(() => board.readInputs!(), { timeout: 2_000 }).toEqual([false, true, true, false]);
    await board.set(8, true);
    expect(await (board as ModbusRelayBoard).readRelays()).toEqual([false, false, false, false, false, false, false, true]);
  });

  it('Eletechsup R4D3B16 profile, unit 5, 8N1: relays are holding registers 1.. written with command words 0x0100 / 0x0200 (06)', async () => {
    const server = await pymodbus({ baudrate: 9600, parity: 'N', stopbits: 1 }, { 5: { hr: 17 } });
    const board = server.board({ id: 'r16', profile: 'eletechsup-r4d3b16', modbusAddress: 5, channels: 16 });
    await board.pulse(16, 20);
    await board.set(2, true);
    expect(server.writes).toEqual([
      { unit: 5, table: 'hr', address: 16, values: [0x0100] },
      { unit: 5, table: 'hr', address: 16, values: [0x0200] },
      { unit: 5, table: 'hr', address: 2, values: [0x0100] },
    ]);
    expect((await (board as ModbusRelayBoard).readRelays()).map((on, i) => (on ? i + 1 : 0)).filter(Boolean)).toEqual([2]);
  });

  it('a map of its own at 19200 8O1: coils 16, 17 written with 0F, inputs from input registers (04)', async () => {
    const server = await pymodbus({ baudrate: 19_200, parity: 'O', stopbits: 1 }, { 9: { co: 20, ir: 8 } });
    const registerMap: ModbusMapInput = { relays: { kind: 'coil', write: 'multiple', addresses: [16, 17] }, inputs: { source: 'input-register', start: 4 } };
    const board = server.board({ id: 'own', baudRate: 19_200, parity: 'odd', modbusAddress: 9, channels: 2, inputs: 3, registerMap });
    await board.set(2, true);
    expect(server.writes).toEqual([{ unit: 9, table: 'co', address: 17, values: [1] }]);
    server.wire(9, 'ir', 4, [0, 7, 1]);
    await expect.poll(() => board.readInputs!(), { timeout: 2_000 }).toEqual([false, true, true]);
  });

  it('a map of its own at 9600 8N2: registers 100, 101 written with 10 (1 on, 0 off), inputs as bits of holding register 10', async () => {
    const server = await pymodbus({ baudrate: 9600, parity: 'N', stopbits: 2 }, { 1: { hr: 120 } });
    const registerMap: ModbusMapInput = { relays: { kind: 'register', write: 'multiple', addresses: [100, 101], on: 1, off: 0 }, inputs: { source: 'holding-bits', start: 10 } };
    const board = server.board({ id: 'bits', stopBits: 2, modbusAddress: 1, channels: 2, inputs: 18, registerMap });
    await board.pulse(1, 20);
    expect(server.writes).toEqual([
      { unit: 1, table: 'hr', address: 100, values: [1] },
      { unit: 1, table: 'hr', address: 100, values: [0] },
    ]);
    server.wire(1, 'hr', 10, [0b101, 0b10]);
    const expected = Array.from({ length: 18 }, (_, i) => i === 0 || i === 2 || i === 17);
    await expect.poll(() => board.readInputs!(), { timeout: 2_000 }).toEqual(expected);
  });

  it('two boards (units 1 and 2, coils and registers) share one port: pulses and polls of both lanes at once all go through', async () => {
    const server = await pymodbus({ baudrate: 9600, parity: 'E', stopbits: 1 }, { 1: { co: 4, di: 4 }, 2: { hr: 17 } });
    const coils = server.board({ id: 'lane-a', modbusAddress: 1, channels: 4, inputs: 4, parity: 'even' });
    const registers = server.board({ id: 'lane-b', profile: 'eletechsup-r4d3b16', modbusAddress: 2, channels: 4, parity: 'even' });
    await Promise.all([coils.pulse(1, 20), registers.pulse(3, 20), coils.readInputs!(), coils.readInputs!(), registers.set(4, true)]);
    expect(server.writes.filter((w) => w.unit === 1)).toEqual([
      { unit: 1, table: 'co', address: 0, values: [1] },
      { unit: 1, table: 'co', address: 0, values: [0] },
    ]);
    expect(server.writes.filter((w) => w.unit === 2).map((w) => [w.address, w.values[0]])).toEqual(
      expect.arrayContaining([
        [3, 0x0100],
        [3, 0x0200],
        [4, 0x0100],
      ]),
    );
    expect(coils.health().lastError).toBeNull();
    expect(registers.health().lastError).toBeNull();
  });

  it('a unit id no board on the bus has: the write is refused after the retry, and the error says to check the unit id', async () => {
    const server = await pymodbus({ baudrate: 9600, parity: 'N', stopbits: 1 }, { 3: { co: 8 } });
    const board = server.board({ id: 'lost', modbusAddress: 4, channels: 2, timeoutMs: 200 });
    const error = await board.pulse(1, 20).then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'timeout', message: expect.stringMatching(/unit 4 is silent: check the unit id/) });
    expect(server.writes).toEqual([]);
    expect(board.health().lastError).toMatch(/tried twice/);
  });

  it('a map pointing past the board\'s table: exception 02 from pymodbus, refused before any write, naming the register map', async () => {
    const server = await pymodbus({ baudrate: 9600, parity: 'N', stopbits: 1 }, { 1: { co: 8 } });
    const board = server.board({ id: 'off-map', modbusAddress: 1, channels: 1, registerMap: { relays: { kind: 'coil', addresses: [40] } } });
    await expect(board.set(1, true)).rejects.toMatchObject({ code: 'exception', message: expect.stringMatching(/illegal data address.*register map/) });
    expect(server.writes).toEqual([]);
  });
});
