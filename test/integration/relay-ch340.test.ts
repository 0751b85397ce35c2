import { describe, expect, it } from 'vitest';
import { createRelayBoard, RelayError } from '../../native/relay';
import { Ch340Simulator } from '../../native/relay/simulators/ch340';
import { useSocat, waitFor, waitForHealth } from './relay-socat';

const fixture = useSocat();

describe('CH340 relay module over a socat pty pair, real serialport driver', () => {
  it('pulses a channel: on then off reach the module, in order, confirmed by the drained write', async () => {
    const socat = fixture();
    const pair = await socat.plug();
    const simulator = new Ch340Simulator(4);
    await socat.host(simulator, pair.board);
    const board = socat.track(createRelayBoard({ id: 'gate', protocol: 'ch340', port: pair.kiosk, channels: 4 }));
    await board.pulse(2, 60);
    await waitFor(() => simulator.changes.length === 2, 2_000, 'both frames at the module');
    expect(simulator.changes.map(({ channel, on }) => ({ channel, on }))).toEqual([
      { channel: 2, on: true },
      { channel: 2, on: false },
    ]);
    expect(board.health()).toMatchObject({ connected: true, lastError: null });
    expect(board.readInputs).toBeUndefined();
  });

  it('ignores bytes the module should never send, and keeps working', async () => {
    const socat = fixture();
    const pair = await socat.plug();
    const simulator = new Ch340Simulator(4);
    const host = await socat.host(simulator, pair.board);
    const board = socat.track(createRelayBoard({ id: 'gate', protocol: 'ch340', port: pair.kiosk, channels: 4 }));
    await board.set(1, true);
    host.port.write(Buffer.alloc(4096, 0x55));
    await board.set(1, false);
    await waitFor(() => simulator.changes.length === 2, 2_000, 'both frames');
    expect(simulator.relays[0]).toBe(false);
  });

  it('refuses a channel the module does not have before sending anything', async () => {
    const socat = fixture();
    const pair = await socat.plug();
    const board = socat.track(createRelayBoard({ id: 'gate', protocol: 'ch340', port: pair.kiosk, channels: 4 }));
    await expect(board.pulse(5)).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(board.set(0, true)).rejects.toBeInstanceOf(RelayError);
    await waitForHealth(board, (h) => h.connected, 2_000);
  });
});
