/**
 * Unplug, replug and missing ports, for each protocol, with the real serialport driver on a socat pty pair.
 * Killing socat is the unplug; a new socat on the same link paths is the replug. Timings are only asserted against
 * the 2-second bound; everything else waits generously.
 */
import { realpathSync, renameSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRelayBoard, type RelayBoardConfigInput, type RelayHealth, type SerialPortInfo } from '../../native/relay';
import { AsciiSimulator } from '../../native/relay/simulators/ascii';
import type { BoardSimulator } from '../../native/relay/simulators/board';
import { Ch340Simulator } from '../../native/relay/simulators/ch340';
import { ModbusSimulator } from '../../native/relay/simulators/modbus';
import { useSocat, waitFor, waitForHealth } from './relay-socat';

const fixture = useSocat();
const fastReconnect = { reconnect: { initialMs: 50, maxMs: 400 } };

const protocols: { name: string; config: Omit<RelayBoardConfigInput, 'port' | 'id'>; simulator: () => BoardSimulator }[] = [
  { name: 'ch340', config: { protocol: 'ch340', channels: 4 }, simulator: () => new Ch340Simulator(4) },
  { name: 'ascii', config: { protocol: 'ascii', channels: 4 }, simulator: () => new AsciiSimulator(4) },
  { name: 'modbus', config: { protocol: 'modbus', channels: 4, modbusAddress: 1 }, simulator: () => new ModbusSimulator(1, 4) },
];

describe.each(protocols)('$name board: unplug and replug', ({ config, simulator: makeSimulator }) => {
  it('notices the unplug within 2 s, calls listeners, rejects commands, and reconnects by itself on replug', async () => {
    const socat = fixture();
    const pair = await socat.plug('lane1');
    const simulator = makeSimulator();
    await socat.host(simulator, pair.board);
    const board = socat.track(createRelayBoard({ ...config, id: 'lane1', port: pair.kiosk }, fastReconnect));
    await board.pulse(1, 20);
    const seen: RelayHealth[] = [];
    board.onHealth((health) => seen.push(health));

    const unpluggedAt = Date.now();
    await pair.unplug();
    const down = await waitForHealth(board, (h) => !h.connected, 2_000);
    expect(Date.now() - unpluggedAt).toBeLessThan(2_000);
    expect(down.lastError).toMatch(/disconnected|closed|disappeared/); // the port's close event or the path watch, whichever sees it first
    expect(seen.some((h) => !h.connected)).toBe(true);
    await expect(board.pulse(1, 20)).rejects.toMatchObject({ name: 'RelayError', code: 'unplugged' });
    await expect(board.set(1, true)).rejects.toMatchObject({ code: 'unplugged' });

    // Same link paths, new /dev/pts numbers: the driver finds it again on its own.
    const again = await socat.plug('lane1');
    const replugged = makeSimulator();
    await socat.host(replugged, again.board);
    const up = await waitForHealth(board, (h) => h.connected, 10_000);
    expect(up.lastError).toBeNull();
    await board.pulse(2, 20);
    // A CH340 pulse is confirmed once drained to the port; the module may read the last frame a moment later.
    await waitFor(() => replugged.changes.length === 2, 2_000, 'both frames at the board');
    expect(replugged.changes.map(({ channel, on }) => [channel, on])).toEqual([
      [2, true],
      [2, false],
    ]);
  });

  it('a pulse in flight when the board is unplugged rejects, never resolves as done', async () => {
    const socat = fixture();
    const pair = await socat.plug();
    const simulator = makeSimulator();
    await socat.host(simulator, pair.board);
    const board = socat.track(createRelayBoard({ ...config, id: 'lane1', port: pair.kiosk, timeoutMs: 5_000 }, fastReconnect));
    await waitForHealth(board, (h) => h.connected, 5_000);
    const pulse = board.pulse(1, 400);
    const outcome = pulse.then(
      () => 'resolved',
      (error: { code?: string }) => error.code,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    await pair.unplug();
    expect(await outcome).toBe('unplugged');
  });

  it('a command waiting for a reply fails as soon as the port goes away, not at its timeout', async () => {
    if (config.protocol === 'ch340') return; // a CH340 never answers: nothing to wait for
    const socat = fixture();
    const pair = await socat.plug();
    const simulator = makeSimulator();
    await socat.host(simulator, pair.board);
    const board = socat.track(createRelayBoard({ ...config, id: 'lane1', port: pair.kiosk, timeoutMs: 10_000 }, fastReconnect));
    await waitForHealth(board, (h) => h.connected, 5_000);
    simulator.fault = 'silent';
    const started = Date.now();
    const command = board.set(1, true).then(
      () => 'resolved',
      (error: { code?: string }) => error.code,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await pair.unplug();
    expect(await command).toBe('unplugged');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('the presence watchdog', () => {
  it('notices a path that now names another device even though the old port never reported a close', async () => {
    const socat = fixture();
    const first = await socat.plug('old');
    await socat.host(new AsciiSimulator(4), first.board);
    const second = await socat.plug('new');
    const simulator = new AsciiSimulator(4);
    await socat.host(simulator, second.board);
    // A link of our own, swapped atomically (as udev re-points /dev/serial/by-id): the old socat stays alive, so
    // serialport has nothing to report; only the watchdog can see that the path now leads elsewhere.
    const link = join(socat.dir, 'by-id');
    symlinkSync(realpathSync(first.kiosk), link);
    const board = socat.track(createRelayBoard({ id: 'lane1', protocol: 'ascii', port: link, channels: 4 }, fastReconnect));
    await waitForHealth(board, (h) => h.connected, 5_000);
    symlinkSync(realpathSync(second.kiosk), `${link}.tmp`);
    renameSync(`${link}.tmp`, link);
    const down = await waitForHealth(board, (h) => !h.connected, 2_000);
    expect(down.lastError).toMatch(/names another device/);
    await waitForHealth(board, (h) => h.connected, 10_000);
    await board.set(2, true);
    expect(simulator.relays[1]).toBe(true);
  });
});

describe('missing ports', () => {
  it('a path that does not exist gives a clear error, keeps retrying, and connects once the port appears', async () => {
    const socat = fixture();
    const path = join(socat.dir, 'later-kiosk');
    const board = socat.track(createRelayBoard({ id: 'gate', protocol: 'ascii', port: path }, fastReconnect));
    const down = await waitForHealth(board, (h) => h.lastError !== null, 5_000);
    expect(down).toMatchObject({ connected: false, port: path });
    expect(down.lastError).toContain('does not exist');
    await expect(board.pulse(1, 20)).rejects.toMatchObject({ code: 'unplugged', message: expect.stringContaining('does not exist') });

    const pair = await socat.plug('later');
    await socat.host(new AsciiSimulator(8), pair.board);
    await waitForHealth(board, (h) => h.connected, 10_000);
    await board.pulse(1, 20);
  });

  it('finds the board again under a new /dev name by its USB serial number (list() output injected: ptys are never listed)', async () => {
    const socat = fixture();
    let listed: SerialPortInfo[] = [];
    const first = await socat.plug('ttyUSB0');
    listed = [
      { path: '/dev/ttyS0' },
      { path: realpathSync(first.kiosk), serialNumber: 'A50285BI', vendorId: '0403', productId: '6001', manufacturer: 'FTDI' },
    ];
    await socat.host(new ModbusSimulator(1, 4), first.board);
    const board = socat.track(
      createRelayBoard({ id: 'exit', protocol: 'modbus', port: { serialNumber: 'A50285BI', vendorId: '0403' }, channels: 4 }, { ...fastReconnect, listPorts: async () => listed }),
    );
    const up = await waitForHealth(board, (h) => h.connected, 5_000);
    expect(up.port).toBe(realpathSync(first.kiosk));
    await board.pulse(1, 20);

    await first.unplug();
    listed = [{ path: '/dev/ttyS0' }];
    const gone = await waitForHealth(board, (h) => !h.connected, 2_000);
    expect(gone.connected).toBe(false);
    await waitForHealth(board, (h) => (h.lastError ?? '').includes('no serial port with serial number A50285BI'), 5_000);

    // Back under another name (a different socat link and pty), announced by list() as udev would.
    const second = await socat.plug('ttyUSB1');
    const simulator = new ModbusSimulator(1, 4);
    await socat.host(simulator, second.board);
    listed = [{ path: realpathSync(second.kiosk), serialNumber: 'A50285BI', vendorId: '0403', productId: '6001' }];
    const back = await waitForHealth(board, (h) => h.connected, 10_000);
    expect(back.port).toBe(realpathSync(second.kiosk));
    await board.set(3, true);
    expect(simulator.relays[2]).toBe(true);
  });

  it('a path that is no serial port gives a clear error, and the process keeps running', async () => {
    const socat = fixture();
    const board = socat.track(createRelayBoard({ id: 'gate', protocol: 'modbus', port: socat.dir }, fastReconnect));
    const down = await waitForHealth(board, (h) => h.lastError !== null, 5_000);
    expect(down.lastError).toContain(`cannot open ${socat.dir}`);
    await expect(board.set(1, true)).rejects.toMatchObject({ code: 'unplugged' });
  });

  it('close() stops the retries: no more look-ups, and commands reject with code closed', async () => {
    let lookups = 0;
    const board = createRelayBoard({ id: 'gate', protocol: 'ch340', port: { vendorId: '1a86', productId: '7523' } }, { ...fastReconnect, listPorts: async () => (lookups++, []) });
    await waitForHealth(board, (h) => (h.lastError ?? '').includes('no serial port with vendor 1a86, product 7523'), 5_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(lookups).toBeGreaterThan(1);
    await board.close();
    const after = lookups;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(lookups).toBe(after);
    await expect(board.pulse(1)).rejects.toMatchObject({ code: 'closed' });
  });

  it('an invalid config is refused with a message naming each bad field', () => {
    expect(() => createRelayBoard({ id: '', protocol: 'ascii', port: '/dev/x', modbusAddress: 3 })).toThrow(/id: a relay board needs an id.*modbusAddress: modbusAddress is only for protocol "modbus"/);
  });
});
