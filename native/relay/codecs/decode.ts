import type { RelayErrorCode } from '../relay';

/**
 * What a codec says about the bytes received so far while waiting for one reply: wait for more, here is the reply
 * (and how many bytes it used), or these bytes can never become a valid reply. Pure, so it is fuzz-tested.
 */
export type DecodeResult<T> =
  | { kind: 'incomplete' }
  | { kind: 'reply'; value: T; used: number }
  | { kind: 'error'; code: RelayErrorCode; message: string };

export const incomplete = { kind: 'incomplete' } as const;

export function decodeError(code: RelayErrorCode, message: string): DecodeResult<never> {
  return { kind: 'error', code, message };
}

/** Hex dump for error messages, capped so a flood does not become a megabyte log line. */
export function hex(bytes: Uint8Array, max = 16): string {
  const shown = [...bytes.subarray(0, max)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > max ? `${shown} ... (${bytes.length} bytes)` : shown;
}
