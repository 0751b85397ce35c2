/**
 * KMtronic USB relay boards (1, 2, 4 and 8 relays; FTDI or CH340 adapter), from KMtronic's command list
 * (kmtronic.blogspot.com/2015/04/kmtronic-usb-relay-test-software.html): `FF <relay 1-based> 01` on, `... 00` off,
 * no answer to either. Status: boards of 1 or 2 relays answer `FF <relay> 03` with `FF <relay> <00|01>`; boards of
 * 4 or 8 answer `FF 09 00` with one byte per relay, 00 off / 01 on, relay 1 first.
 */
import { type DecodeResult, decodeError, hex, incomplete } from './decode';

export const KMTRONIC_HEADER = 0xff;
export const KMTRONIC_BOARD_SIZES = [1, 2, 4, 8] as const;

export function encodeKmtronicSwitch(relay: number, on: boolean): Uint8Array {
  checkRelay(relay);
  return Uint8Array.of(KMTRONIC_HEADER, relay, on ? 1 : 0);
}

/** The status request of a board of `size` relays: per relay on the small boards, all at once on the others. */
export function encodeKmtronicStatus(size: number, relay: number): Uint8Array {
  checkRelay(relay);
  return size <= 2 ? Uint8Array.of(KMTRONIC_HEADER, relay, 3) : Uint8Array.of(KMTRONIC_HEADER, 9, 0);
}

/** The relays' states from a status reply (just `relay`'s on the small boards). */
export function decodeKmtronicStatus(buffer: Uint8Array, size: number, relay: number): DecodeResult<boolean[]> {
  if (size <= 2) {
    const expected = [KMTRONIC_HEADER, relay];
    for (let i = 0; i < Math.min(2, buffer.length); i++) {
      if (buffer[i] !== expected[i]) return decodeError('garbage', `status of relay ${relay} should start ${hex(Uint8Array.from(expected))}, got ${hex(buffer)}`);
    }
    if (buffer.length < 3) return incomplete;
    const state = buffer[2]!;
    if (state > 1) return decodeError('garbage', `relay state byte 0x${state.toString(16).padStart(2, '0')} is neither 00 nor 01: ${hex(buffer)}`);
    return { kind: 'reply', value: [state === 1], used: 3 };
  }
  const bad = buffer.subarray(0, size).findIndex((byte) => byte > 1);
  if (bad >= 0) return decodeError('garbage', `relay state byte 0x${buffer[bad]!.toString(16).padStart(2, '0')} is neither 00 nor 01: ${hex(buffer)}`);
  if (buffer.length < size) return incomplete;
  return { kind: 'reply', value: [...buffer.subarray(0, size)].map((byte) => byte === 1), used: size };
}

/** The board's side: a command (switch or status) from the bytes so far and the bytes it used; used 0: wait for more. */
export function parseKmtronicCommand(buffer: Uint8Array): { command: { relay: number; action: 'on' | 'off' | 'status' } | 'status-all' | null; used: number } {
  if (buffer.length === 0) return { command: null, used: 0 };
  if (buffer[0] !== KMTRONIC_HEADER) return { command: null, used: 1 };
  if (buffer.length < 3) return { command: null, used: 0 };
  const [, relay, action] = buffer as unknown as [number, number, number];
  if (relay === 9 && action === 0) return { command: 'status-all', used: 3 };
  if (relay >= 1 && relay <= 8 && action <= 1) return { command: { relay, action: action === 1 ? 'on' : 'off' }, used: 3 };
  if (relay >= 1 && relay <= 2 && action === 3) return { command: { relay, action: 'status' }, used: 3 };
  return { command: null, used: 1 };
}

function checkRelay(relay: number): void {
  if (!Number.isInteger(relay) || relay < 1 || relay > 8) throw new RangeError(`KMtronic relay must be 1..8, got ${relay}`);
}
