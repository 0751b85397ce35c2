/**
 * The serial settings reach the port: the driver opens a socat pty at each setting and `stty -F` reads the port's
 * termios back while the board holds it open. A Linux pty cannot carry everything: its driver forces 8 data bits
 * and clears the parity-enable flag on every set (drivers/tty/pty.c, pty_set_termios), so `stty -F <pty> parenb`
 * fails with "Invalid argument", and pyserial's second tcsetattr at parity E raises EINVAL (which is why pymodbus
 * at E never served on a pty: relay-pymodbus.test.ts). serialport still reports such a port opened, so the driver
 * reads the termios back and refuses a port that did not keep the format asked (checked here); tests and benches
 * at 8E1 open the pty 8N1 and time the line at 11 bits a character (emulateParity). What a pty keeps, the speed and
 * the stop bits, is checked here; parity enable and 7 data bits need a real UART (a USB-RS485 pair).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createRelayBoard, type RelayBoardConfigInput } from '../../native/relay';
import { ModbusSimulator } from '../../native/relay/simulators/modbus';
import { useSocat, waitForHealth } from './relay-socat';

const fixture = useSocat();

function termios(path: string): { speed: number; flags: Set<string> } {
  const text = execFileSync('stty', ['-F', path, '-a']).toString();
  return { speed: Number(/speed (\d+) baud/.exec(text)![1]), flags: new Set(text.split(/[\s;]+/)) };
}

const SETTINGS: [string, Pick<RelayBoardConfigInput, 'protocol' | 'baudRate' | 'parity' | 'stopBits' | 'dataBits'>, string[]][] = [
  ['Modbus 19200 8N2', { protocol: 'modbus', baudRate: 19_200, stopBits: 2 }, ['cstopb']],
  ['Modbus 4800 8O1, parity emulated', { protocol: 'modbus', baudRate: 4_800, parity: 'odd', stopBits: 1 }, ['-cstopb']],
  ['KinCony 115200 8N1', { protocol: 'ascii', baudRate: 115_200 }, ['-cstopb']],
];

describe('serial settings reach the port (termios read back from a socat pty)', () => {
  it.each(SETTINGS)('%s', async (_, settings, flags) => {
    const socat = fixture();
    const pair = await socat.plug();
    const board = socat.track(createRelayBoard({ id: 'settings', port: pair.kiosk, channels: 1, ...settings }, { emulateParity: settings.parity !== undefined }));
    await waitForHealth(board, (health) => health.connected, 5_000);
    const port = termios(pair.kiosk);
    expect(port.speed).toBe(settings.baudRate);
    for (const flag of flags) expect(port.flags, flag).toContain(flag);
    // The pty's own limit, checked so that a kernel which starts keeping parity shows up here (and the tests can use it).
    expect([...port.flags].filter((flag) => flag === '-parenb' || flag === 'cs8')).toEqual(['-parenb', 'cs8']);
  });

  it('a parity the port cannot do (a pty asked for 8E1): serialport opens it anyway, the driver refuses it with what to do, on the tile, and nothing is sent', async () => {
    const socat = fixture();
    const pair = await socat.plug();
    const simulator = new ModbusSimulator(1, 2);
    const received: Uint8Array[] = [];
    simulator.onBytes = (bytes) => received.push(bytes);
    await socat.host(simulator, pair.board);
    const board = socat.track(createRelayBoard({ id: 'e', protocol: 'modbus', port: pair.kiosk, channels: 2, parity: 'even' }));
    const refused = /cannot do parity even: asked for 9600 8E1, the port kept 9600 8N1 .*use an RS-485 adapter that can, or set the board and its config to 8N1/;
    const health = await waitForHealth(board, (h) => refused.test(h.lastError ?? ''), 5_000);
    expect(health.connected).toBe(false);
    await expect(board.pulse(1, 20)).rejects.toMatchObject({ code: 'unplugged', message: expect.stringMatching(refused) });
    expect(received).toEqual([]);
    expect(simulator.changes).toEqual([]);
  });
});
