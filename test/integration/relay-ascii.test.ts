import { describe, expect, it } from 'vitest';
import { createRelayBoard, type RelayBoard } from '../../native/relay';
import { AsciiSimulator } from '../../native/relay/simulators/ascii';
import type { SimulatorFault } from '../../native/relay/simulators/board';
import { useSocat, waitFor } from './relay-socat';

const fixture = useSocat();

async function setup(): Promise<{ board: RelayBoard; simulator: AsciiSimulator }> {
  const socat = fixture();
  const pair = await socat.plug();
  const simulator = new AsciiSimulator(8, 3);
  await socat.host(simulator, pair.board);
  const board = socat.track(createRelayBoard({ id: 'numato', protocol: 'ascii', port: pair.kiosk, inputs: 3, timeoutMs: 1_000 }));
  return { board, simulator };
}

describe('ASCII (Numato-style) board over a socat pty pair, real serialport driver', () => {
  it('pulses a channel confirmed by the echo and a read-back of each state', async () => {
    const { board, simulator } = await setup();
    await board.pulse(1, 50);
    expect(simulator.commands).toEqual(['relay on 0', 'relay read 0', 'relay off 0', 'relay read 0']);
    expect(simulator.changes.map(({ channel, on }) => [channel, on])).toEqual([
      [1, true],
      [1, false],
    ]);
    await board.set(8, true);
    expect(simulator.relays[7]).toBe(true);
    expect(board.health()).toMatchObject({ connected: true, lastError: null });
  });

  it('reads the inputs with gpio read', async () => {
    const { board, simulator } = await setup();
    simulator.inputs = [true, false, true];
    expect(await board.readInputs!()).toEqual([true, false, true]);
    expect(simulator.commands).toEqual(['gpio read 0', 'gpio read 1', 'gpio read 2']);
  });

  const faults: [SimulatorFault, string][] = [
    ['garbage', 'garbage'],
    ['half-frame', 'timeout'],
    ['flood', 'flood'],
    ['silent', 'timeout'],
    ['bad-echo', 'not-confirmed'],
    ['stuck', 'not-confirmed'],
  ];
  it.each(faults)('a board answering with %s gives RelayError %s, and the next command works', async (fault, code) => {
    const { board, simulator } = await setup();
    simulator.fault = fault;
    const failed = board.set(2, true);
    await expect(failed).rejects.toMatchObject({ name: 'RelayError', code });
    expect(board.health().lastError).toBeTruthy();
    simulator.fault = 'none';
    await board.set(2, true);
    expect(simulator.relays[1]).toBe(true);
    expect(board.health().lastError).toBeNull(); // the board works again, and its tile says so
    await board.pulse(3, 20);
    expect(simulator.relays[2]).toBe(false);
  });

  it('a pulse whose off is not confirmed rejects and says the relay may be held', async () => {
    const { board, simulator } = await setup();
    const pulse = board.pulse(1, 400);
    pulse.catch(() => undefined);
    // Once the board has answered the read-back of "on", it goes silent before the "off".
    await waitFor(() => simulator.commands.length >= 2, 2_000, 'relay on and its read-back');
    simulator.fault = 'silent';
    await expect(pulse).rejects.toThrow(/switched on, but switching it off was not confirmed/);
  });
});
