/**
 * The CH340-family and text-command board profiles, each driven by the real serialport driver over a socat pty
 * pair. One contract per profile, run against two peers: the project's simulator (which the fault tests and the
 * demo use) and a transcript peer that answers only the manual's literal bytes (relay-transcript.ts).
 */
import { describe, expect, it } from 'vitest';
import { createRelayBoard, type RelayBoard, type RelayBoardConfigInput } from '../../native/relay';
import { AsciiSimulator } from '../../native/relay/simulators/ascii';
import type { BoardSimulator, SimulatorFault } from '../../native/relay/simulators/board';
import { Ch340Simulator } from '../../native/relay/simulators/ch340';
import { KinconySimulator } from '../../native/relay/simulators/kincony';
import { KmtronicSimulator } from '../../native/relay/simulators/kmtronic';
import { SingleByteSimulator } from '../../native/relay/simulators/single-byte';
import { useSocat, waitFor } from './relay-socat';
import { type TranscriptLine, TranscriptPeer } from './relay-transcript';

const fixture = useSocat();
const hex2 = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');
const onOff = (on: boolean | undefined) => (on ? 1 : 0);

interface Profile {
  name: string;
  config: Omit<RelayBoardConfigInput, 'id' | 'port'> & { channels: number; inputs?: number };
  simulator: () => BoardSimulator;
  transcript: () => TranscriptPeer;
  /** Whether a command is answered (so a silent board is an error), and faults with the error each gives. */
  answers: boolean;
  faults: [SimulatorFault, string, RegExp][];
}

/** Per channel: the manual's on and off requests, and what moves. */
function switching(channels: number, on: (ch: number) => string, off: (ch: number) => string): TranscriptLine[] {
  return Array.from({ length: channels }, (_, i) => i + 1).flatMap((ch) => [
    { request: on(ch), moves: [ch, true] as [number, boolean] },
    { request: off(ch), moves: [ch, false] as [number, boolean] },
  ]);
}

const SILENT_HINT = /the board is silent: check it is a .* \(the profile\), that it runs at 9600 8N1, its power and cable/;

const PROFILES: Profile[] = [
  {
    name: 'lcus (LCUS-1/2/4/8: A0 01 01 A2)',
    config: { protocol: 'ch340', profile: 'lcus', channels: 2 },
    simulator: () => new Ch340Simulator(2),
    transcript: () => new TranscriptPeer(2, 0, true, switching(2, (ch) => `A0 0${ch} 01 ${hex2(0xa1 + ch)}`, (ch) => `A0 0${ch} 00 ${hex2(0xa0 + ch)}`)),
    answers: false,
    faults: [],
  },
  {
    name: 'kmtronic, a Two Relay board (FF 01 01, status FF 01 03)',
    config: { protocol: 'ch340', profile: 'kmtronic', channels: 2 },
    simulator: () => new KmtronicSimulator(2),
    transcript: () =>
      new TranscriptPeer(2, 0, true, [
        ...switching(2, (ch) => `FF 0${ch} 01`, (ch) => `FF 0${ch} 00`),
        { request: 'FF 01 03', answer: (relays) => `FF 01 0${onOff(relays[0])}` },
        { request: 'FF 02 03', answer: (relays) => `FF 02 0${onOff(relays[1])}` },
      ]),
    answers: true,
    faults: [
      ['stuck', 'not-confirmed', /channel 2: the board took "on" but its relay reads back off/],
      ['echo', 'echo', /not trusting writes yet: the check read before them failed: the port echoes what is sent/],
      ['garbage', 'garbage', /no answer of a KMtronic USB relay/],
    ],
  },
  {
    name: 'kmtronic, an Eight Relay board (status FF 09 00)',
    config: { protocol: 'ch340', profile: 'kmtronic', channels: 8 },
    simulator: () => new KmtronicSimulator(8),
    transcript: () =>
      new TranscriptPeer(8, 0, true, [
        ...switching(8, (ch) => `FF 0${ch} 01`, (ch) => `FF 0${ch} 00`),
        { request: 'FF 09 00', answer: (relays) => relays.map((on) => `0${onOff(on)}`).join(' ') },
      ]),
    answers: true,
    faults: [
      ['stuck', 'not-confirmed', /reads back off/],
      ['half-frame', 'timeout', /only part of an answer came: check the board runs at 9600 8N1/],
    ],
  },
  {
    name: 'hw-667 (AA on, BB off)',
    config: { protocol: 'ch340', profile: 'hw-667', channels: 1 },
    simulator: () => new SingleByteSimulator(),
    transcript: () => new TranscriptPeer(1, 0, true, [{ request: 'AA', moves: [1, true] }, { request: 'BB', moves: [1, false] }]),
    answers: false,
    faults: [],
  },
  {
    name: 'numato (relay on 0, echo and prompt)',
    config: { protocol: 'ascii', profile: 'numato', channels: 2, inputs: 2 },
    simulator: () => new AsciiSimulator(2, 2),
    transcript: () =>
      new TranscriptPeer(2, 2, false, [
        ...[0, 1].flatMap((i) => [
          { request: `relay on ${i}\r`, moves: [i + 1, true] as [number, boolean], answer: () => `relay on ${i}\n\r>` },
          { request: `relay off ${i}\r`, moves: [i + 1, false] as [number, boolean], answer: () => `relay off ${i}\n\r>` },
          { request: `relay read ${i}\r`, answer: (relays: boolean[]) => `relay read ${i}\n\r${relays[i] ? 'on' : 'off'}\n\r>` },
          { request: `gpio read ${i}\r`, answer: (_: boolean[], inputs: boolean[]) => `gpio read ${i}\n\r${onOff(inputs[i])}\n\r>` },
        ]),
      ]),
    answers: true,
    faults: [
      ['stuck', 'not-confirmed', /reads back off \(a stuck relay, or another channel wired\)/],
      ['bad-echo', 'not-confirmed', /check the profile \(Numato Lab USB relay .*\) is this board's/],
      ['echo', 'timeout', /half a reply \(72 65 6c 61 79 20 6f 6e 20 31 0d\) .*: only the command itself came back: the adapter echoes and no board answers/],
    ],
  },
  {
    name: 'kincony (RELAY-SET-255,1,1 answered ,OK)',
    config: { protocol: 'ascii', profile: 'kincony', channels: 2, inputs: 2 },
    simulator: () => new KinconySimulator(2, 2),
    transcript: () =>
      new TranscriptPeer(2, 2, false, [
        ...[1, 2].flatMap((ch) => [
          { request: `RELAY-SET-255,${ch},1`, moves: [ch, true] as [number, boolean], answer: () => `RELAY-SET-255,${ch},1,OK` },
          { request: `RELAY-SET-255,${ch},0`, moves: [ch, false] as [number, boolean], answer: () => `RELAY-SET-255,${ch},0,OK` },
          { request: `RELAY-READ-255,${ch}`, answer: (relays: boolean[]) => `RELAY-READ-255,${ch},${onOff(relays[ch - 1])},OK` },
        ]),
        { request: 'RELAY-GET_INPUT-255', answer: (_, inputs) => `RELAY-GET_INPUT-255,${onOff(inputs[0]) + 2 * onOff(inputs[1])},OK` },
      ]),
    answers: true,
    faults: [
      ['stuck', 'not-confirmed', /reads back off/],
      ['garbage', 'garbage', /non-text byte .*: bytes that are no answer of a KinCony/],
      ['flood', 'flood', /check the profile and that the board runs at 9600 8N1/],
    ],
  },
];

async function connect(profile: Profile, peer: BoardSimulator): Promise<RelayBoard> {
  const socat = fixture();
  const pair = await socat.plug();
  await socat.host(peer, pair.board);
  return socat.track(createRelayBoard({ id: 'gate', port: pair.kiosk, timeoutMs: 300, ...profile.config }));
}

describe.each(PROFILES)('relay profile $name over a socat pty pair', (profile) => {
  const peers: [string, () => BoardSimulator][] = [
    ['the simulator', profile.simulator],
    ['the manual\'s transcript', profile.transcript],
  ];

  it.each(peers)('contract with %s: a pulse switches on then off, set holds a relay, the inputs read', async (_, makePeer) => {
    const peer = makePeer();
    const board = await connect(profile, peer);
    await board.pulse(1, 30);
    await waitFor(() => peer.changes.length === 2, 2_000, 'on and off at the board');
    expect(peer.changes.map(({ channel, on }) => [channel, on])).toEqual([
      [1, true],
      [1, false],
    ]);
    const last = profile.config.channels;
    await board.set(last, true);
    await waitFor(() => peer.relays[last - 1] === true, 2_000, `relay ${last} on`);
    await board.set(last, false);
    await waitFor(() => peer.relays[last - 1] === false, 2_000, `relay ${last} off`);
    if (profile.config.inputs) {
      peer.inputs = [false, true];
      expect(await board.readInputs!()).toEqual([false, true]);
    } else {
      expect(board.readInputs).toBeUndefined();
    }
    expect(board.health()).toMatchObject({ connected: true, lastError: null });
  });

  it.each(peers)('contract with %s: a silent board is an error where the board answers', async (_, makePeer) => {
    const peer = makePeer();
    peer.fault = 'silent';
    const board = await connect(profile, peer);
    if (!profile.answers) {
      // Nothing comes back from these boards even when they work: written and drained is all a command can mean.
      await board.set(1, true);
      expect(peer.relays[0]).toBe(false);
      return;
    }
    await expect(board.set(1, true)).rejects.toMatchObject({ code: 'timeout', message: expect.stringMatching(SILENT_HINT) });
    expect(board.health().lastError).toMatch(SILENT_HINT);
    peer.fault = 'none';
    await board.set(1, true);
    expect(board.health().lastError).toBeNull();
  });

  it.runIf(profile.faults.length > 0).each(profile.faults)('a simulated board answering with fault %s gives %s and says what to check; the next command works', async (fault, code, message) => {
    const peer = profile.simulator();
    peer.fault = fault; // from the start: an echoing adapter is one from the moment it is plugged
    const board = await connect(profile, peer);
    const channel = profile.config.channels;
    await expect(board.set(channel, true)).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    expect(board.health().lastError).toMatch(message);
    peer.fault = 'none';
    await board.set(channel, true);
    expect(peer.relays[channel - 1]).toBe(true);
    expect(board.health().lastError).toBeNull();
  });
});
