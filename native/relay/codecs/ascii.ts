/**
 * ASCII command boards (Numato Lab USB relay/GPIO modules and clones). The host sends `relay on 0\r`; the board
 * echoes the command as typed, then any answer lines, then the prompt: `relay read 0\n\ron\n\r>`. Relay and GPIO
 * indexes are 0-based on the wire: 0-9, then A, B, ... (Numato's numbering for boards with more than 10 relays).
 */
import { type DecodeResult, decodeError, hex, incomplete } from './decode';

export type AsciiCommand =
  | { kind: 'relay'; action: 'on' | 'off' | 'read'; index: number }
  | { kind: 'gpio'; action: 'read'; index: number };

export const ASCII_MAX_INDEX = 31;
/** Longest reply we accept: echo + a short answer + prompt. More than this without a prompt is a flood. */
export const ASCII_MAX_REPLY = 256;

export function asciiIndexToken(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index > ASCII_MAX_INDEX) {
    throw new RangeError(`ASCII board index must be 0..${ASCII_MAX_INDEX}, got ${index}`);
  }
  return index < 10 ? String(index) : String.fromCharCode(65 + index - 10);
}

export function asciiTokenIndex(token: string): number | null {
  if (/^[0-9]$/.test(token)) return Number(token);
  if (/^[A-V]$/.test(token)) return token.charCodeAt(0) - 55;
  return null;
}

/** The command line without its terminator: what the board echoes. */
export function asciiCommandText(command: AsciiCommand): string {
  return `${command.kind} ${command.action} ${asciiIndexToken(command.index)}`;
}

export function encodeAscii(command: AsciiCommand): Uint8Array {
  return new TextEncoder().encode(`${asciiCommandText(command)}\r`);
}

/** Parses a command line as the board (simulator) receives it; null for anything it would not understand. */
export function parseAsciiCommand(line: string): AsciiCommand | null {
  const match = /^(relay|gpio) (on|off|read) ([0-9A-V])$/.exec(line.trim());
  if (!match) return null;
  const index = asciiTokenIndex(match[3]!)!;
  if (match[1] === 'gpio') return match[2] === 'read' ? { kind: 'gpio', action: 'read', index } : null;
  return { kind: 'relay', action: match[2] as 'on' | 'off' | 'read', index };
}

/** Printable ASCII plus CR/LF: anything else on this line is not the board talking. */
function isBoardText(byte: number): boolean {
  return byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte <= 0x7e);
}

/**
 * Decodes the reply to `command` from the bytes received so far. The reply is complete at the prompt: a '>' that
 * follows a line break. The first line must be the echo of the command; the lines after it are the answer.
 */
export function decodeAsciiReply(buffer: Uint8Array, command: AsciiCommand): DecodeResult<string[]> {
  const bad = buffer.findIndex((byte) => !isBoardText(byte));
  if (bad >= 0) return decodeError('garbage', `non-text byte 0x${buffer[bad]!.toString(16).padStart(2, '0')} in reply: ${hex(buffer)}`);
  let prompt = -1;
  for (let i = 1; i < buffer.length; i++) {
    if (buffer[i] === 0x3e && (buffer[i - 1] === 0x0a || buffer[i - 1] === 0x0d)) {
      prompt = i;
      break;
    }
  }
  if (prompt < 0) {
    return buffer.length > ASCII_MAX_REPLY ? decodeError('flood', `${buffer.length} bytes and no prompt: ${hex(buffer)}`) : incomplete;
  }
  const lines = new TextDecoder().decode(buffer.subarray(0, prompt)).split(/[\r\n]+/).filter((line) => line.length > 0);
  const expected = asciiCommandText(command);
  if (lines[0] !== expected) return decodeError('not-confirmed', `board echoed ${JSON.stringify(lines[0] ?? '')}, expected ${JSON.stringify(expected)}`);
  return { kind: 'reply', value: lines.slice(1), used: prompt + 1 };
}

/** `relay read` answers on/off; `gpio read` answers 0/1 (or on/off on some clones). */
export function parseAsciiState(answer: string[], what: string): DecodeResult<boolean> {
  const word = (answer[0] ?? '').trim().toLowerCase();
  if (answer.length === 1 && (word === 'on' || word === '1')) return { kind: 'reply', value: true, used: 0 };
  if (answer.length === 1 && (word === 'off' || word === '0')) return { kind: 'reply', value: false, used: 0 };
  return decodeError('not-confirmed', `${what}: unexpected answer ${JSON.stringify(answer.join(' | '))}`);
}

/** The board's side: the reply it sends for a command line and its answer (if any). */
export function encodeAsciiReply(echo: string, answer: string | null): Uint8Array {
  return new TextEncoder().encode(`${echo}\n\r${answer === null ? '' : `${answer}\n\r`}>`);
}
