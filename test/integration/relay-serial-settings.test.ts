/**
 * The serial settings reach the port: the driver opens a socat pty at each setting and `stty -F` reads the port's
 * termios back while the board holds it open. A Linux pty cannot carry everything: its driver forces 8 data bits
 * and clears the parity-enable flag on every set (drivers/tty/pty.c, pty_set_termios), so `stty -F <pty> parenb`
 * fails with "Invalid argument", and pyserial's second tcsetattr at parity E raises EINVAL (which is why pymodbus
 * at E never served on a pty: relay-pymodbus.test.ts). What a pty keeps, the speed, the stop bits and the
 * odd/even choice (parodd), is checked here; parity enable and 7 data bits need a real UART (a USB-RS485 pair).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createRelayBoard, type RelayBoardConfigInput } from '../../native/relay';
import { useSocat, waitForHealth } from './relay-socat';

const fixture = useSocat();

function termios(path: string): { speed: number; flags: Set<string> } {
  const text = execFileSync('stty', ['-F', path, '-a']).toString();
  return { speed: Number(/speed (\d+) baud/.exec(text)![1]), flags: new Set(text.split(/[\s;]+/)) };
}

const SETTINGS: [string, Pick<RelayBoardConfigInput, 'protocol' | 'baudRate' | 'parity' | 'stopBits' | 'dataBits'>, string[]][] = [
  ['Modbus 19200 8E2', { protocol: 'modbus', baudRate: 19_200, parity: 'even', stopBits: 2 }, ['-parodd', 'cstopb']],
  ['Modbus 4800 8O1', { protocol: 'modbus', baudRate: 4_800, parity: 'odd', stopBits: 1 }, ['parodd', '-cstopb']],
  ['KinCony 115200 8N1', { protocol: 'ascii', baudRate: 115_200 }, ['-cstopb']],
];

describe('serial settings reach the port (termios read back from a socat pty)', () => {
  it.each(SETTINGS)('%s', async (_, settings, flags) => {
    const socat = fixture();
    const pair = await socat.plug();
    const board = socat.track(createRelayBoard({ id: 'settings', port: pair.kiosk, channels: 1, ...settings }));
    await waitForHealth(board, (health) => health.connected, 5_000);
    const port = termios(pair.kiosk);
    expect(port.speed).toBe(settings.baudRate);
    for (const flag of flags) expect(port.flags, flag).toContain(flag);
    // The pty's own limit, checked so that a kernel which starts keeping parity shows up here (and the tests can use it).
    expect([...port.flags].filter((flag) => flag === '-parenb' || flag === 'cs8')).toEqual(['-parenb', 'cs8']);
  });
});
