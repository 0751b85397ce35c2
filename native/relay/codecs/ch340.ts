/**
 * CH340-style USB relay modules (LCUS-1/2/4/8 and clones): 4-byte frames `A0 <channel 1-based> <0|1> <sum & 0xFF>`.
 * The modules never answer, so there is no reply decoder: only the frame encoder, and a stream parser for the
 * simulator (which must resynchronise on A0 after garbage, as the module's firmware does).
 */

export const CH340_HEADER = 0xa0;
export const CH340_MAX_CHANNEL = 8;

export interface Ch340Command {
  channel: number;
  on: boolean;
}

export function ch340Checksum(channel: number, state: number): number {
  return (CH340_HEADER + channel + state) & 0xff;
}

export function encodeCh340(channel: number, on: boolean): Uint8Array {
  if (!Number.isInteger(channel) || channel < 1 || channel > CH340_MAX_CHANNEL) {
    throw new RangeError(`CH340 channel must be 1..${CH340_MAX_CHANNEL}, got ${channel}`);
  }
  const state = on ? 1 : 0;
  return Uint8Array.of(CH340_HEADER, channel, state, ch340Checksum(channel, state));
}

/** Validates one 4-byte frame: null when it is not a well-formed command. */
export function decodeCh340(frame: Uint8Array): Ch340Command | null {
  if (frame.length !== 4 || frame[0] !== CH340_HEADER) return null;
  const channel = frame[1]!;
  const state = frame[2]!;
  if (channel < 1 || channel > CH340_MAX_CHANNEL || state > 1) return null;
  if (frame[3] !== ch340Checksum(channel, state)) return null;
  return { channel, on: state === 1 };
}

/**
 * Splits a byte stream into commands: skips bytes until a header, drops a header whose frame fails validation
 * (one byte, then retries), and returns the unconsumed tail (a partial frame) for the next call.
 */
export function parseCh340Stream(buffer: Uint8Array): { commands: Ch340Command[]; rest: Uint8Array; skipped: number } {
  const commands: Ch340Command[] = [];
  let at = 0;
  let skipped = 0;
  while (at < buffer.length) {
    if (buffer[at] !== CH340_HEADER) {
      at++;
      skipped++;
      continue;
    }
    if (buffer.length - at < 4) break;
    const command = decodeCh340(buffer.subarray(at, at + 4));
    if (command) {
      commands.push(command);
      at += 4;
    } else {
      at++;
      skipped++;
    }
  }
  return { commands, rest: buffer.slice(at), skipped };
}
