/**
 * KinCony KC868-H2/H4/H8/H16/H32 relay controllers over RS232 (115200 baud per KinCony), from the KC868-COL manual's
 * "RS232 Communication Protocol of Relay Control" table and KinCony's KC868-Hx protocol page: text commands without
 * a terminator, each answered by the command itself followed by `,OK` or `,ERROR`:
 *   RELAY-SET-255,<relay 1-based>,<0|1>   ->  RELAY-SET-255,1,1,OK
 *   RELAY-READ-255,<relay>                ->  RELAY-READ-255,1,<0|1>,OK
 *   RELAY-GET_INPUT-255                   ->  RELAY-GET_INPUT-255,<inputs as a decimal byte, bit 0 = input 1>,OK
 */
import { type DecodeResult, decodeError, hex, incomplete } from './decode';

export type KinconyCommand =
  | { kind: 'set'; relay: number; on: boolean }
  | { kind: 'read'; relay: number }
  | { kind: 'inputs' };

export const KINCONY_MAX_RELAY = 32;
export const KINCONY_MAX_INPUTS = 8;
/** The longest answer (a command, a value and ",ERROR") is under 40 characters; more without an end is a flood. */
export const KINCONY_MAX_REPLY = 128;

export function kinconyCommandText(command: KinconyCommand): string {
  if (command.kind !== 'inputs' && (!Number.isInteger(command.relay) || command.relay < 1 || command.relay > KINCONY_MAX_RELAY)) {
    throw new RangeError(`KinCony relay must be 1..${KINCONY_MAX_RELAY}, got ${command.relay}`);
  }
  switch (command.kind) {
    case 'set':
      return `RELAY-SET-255,${command.relay},${command.on ? 1 : 0}`;
    case 'read':
      return `RELAY-READ-255,${command.relay}`;
    case 'inputs':
      return 'RELAY-GET_INPUT-255';
  }
}

export function encodeKincony(command: KinconyCommand): Uint8Array {
  return new TextEncoder().encode(kinconyCommandText(command));
}

/** The command a controller (the simulator) understands in `text`, or null. */
export function parseKinconyCommand(text: string): KinconyCommand | null {
  const set = /^RELAY-SET-255,([0-9]{1,2}),([01])$/.exec(text);
  if (set) return validRelay({ kind: 'set', relay: Number(set[1]), on: set[2] === '1' });
  const read = /^RELAY-READ-255,([0-9]{1,2})$/.exec(text);
  if (read) return validRelay({ kind: 'read', relay: Number(read[1]) });
  return text === 'RELAY-GET_INPUT-255' ? { kind: 'inputs' } : null;
}

function validRelay(command: KinconyCommand & { relay: number }): KinconyCommand | null {
  return command.relay >= 1 && command.relay <= KINCONY_MAX_RELAY ? command : null;
}

/**
 * The answer to `command`: the value after the command's echo (none for a set, the state for a read, the input
 * byte for inputs), complete at `OK`. `ERROR` is the controller refusing; text that does not start with the
 * command is another answer (not-confirmed); a byte that is no text is garbage. Line ends before it are skipped.
 */
export function decodeKinconyReply(buffer: Uint8Array, command: KinconyCommand): DecodeResult<number | null> {
  const bad = buffer.findIndex((byte) => !isText(byte));
  if (bad >= 0) return decodeError('garbage', `non-text byte 0x${buffer[bad]!.toString(16).padStart(2, '0')} in reply: ${hex(buffer)}`);
  let lead = 0;
  while (lead < buffer.length && (buffer[lead] === 0x0d || buffer[lead] === 0x0a)) lead++;
  const text = new TextDecoder().decode(buffer.subarray(lead));
  const sent = kinconyCommandText(command);
  const prefix = `${sent},`;
  if (prefix.slice(0, text.length) !== text.slice(0, prefix.length)) return decodeError('not-confirmed', `controller answered ${JSON.stringify(text.slice(0, 40))} to ${sent}`);
  const rest = text.slice(prefix.length);
  const answer = (command.kind === 'set' ? /^(OK|ERROR)/ : /^(?:([0-9]{1,3}),)?(OK|ERROR)/).exec(rest);
  if (!answer) {
    if (buffer.length > KINCONY_MAX_REPLY) return decodeError('flood', `${buffer.length} bytes and no ",OK": ${hex(buffer)}`);
    const partial = command.kind === 'set' ? /^(E|ER|ERR|ERRO|O)?$/ : /^([0-9]{1,3}(,(E|ER|ERR|ERRO|O)?)?)?$/;
    return partial.test(rest) ? incomplete : decodeError('not-confirmed', `controller answered ${JSON.stringify(text.slice(0, 40))} to ${sent}`);
  }
  const status = answer.at(-1);
  if (status === 'ERROR') return decodeError('not-confirmed', `controller answered ERROR to ${sent}`);
  const value = command.kind === 'set' ? null : answer[1];
  if (value === undefined) return decodeError('not-confirmed', `controller answered ${JSON.stringify(text.slice(0, 40))} to ${sent}: no value`);
  return { kind: 'reply', value: value === null ? null : Number(value), used: lead + prefix.length + answer[0].length };
}

function isText(byte: number): boolean {
  return byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte <= 0x7e);
}

/** The controller's side: its answer to a command. */
export function encodeKinconyReply(command: KinconyCommand, value: number | null, ok = true): Uint8Array {
  return new TextEncoder().encode(`${kinconyCommandText(command)}${value === null ? '' : `,${value}`},${ok ? 'OK' : 'ERROR'}`);
}
