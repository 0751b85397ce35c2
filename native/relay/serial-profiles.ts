/**
 * The CH340-family and text-command relay boards as installers meet them: one protocol name per family, one
 * profile per board, each saying the exact bytes its manual gives (cited below) and how, if at all, the board
 * confirms a command. The Modbus boards' profiles are register maps (register-map.ts); these are byte dialects.
 *
 * `ch340` (binary frames over a USB-serial chip):
 *   lcus      LC Technology LCUS-1/2/4/8 and clones: `A0 <ch> <0|1> <sum>`, never answers (product sheets of the
 *             "LC USB switch", e.g. optimusdigital.ro 12595: "Open USB switch: A0 01 01 A2").
 *   kmtronic  KMtronic USB One/Two/Four/Eight Relay: `FF <ch> <01|00>`, no answer, but a status request reads the
 *             relays back (KMtronic's command list, kmtronic.blogspot.com 2015/04). Its channels must be the
 *             board's size (1, 2, 4 or 8): the status request differs between the sizes.
 *   hw-667    HW-667 / "E-3" one-relay CH340 board: 0xAA on, 0xBB off, never answers (product sheet: "Send the
 *             hexadecimal 0xAA relay ... Send 0xBB relay remains off", 9600 8N1).
 * `ascii` (text commands):
 *   numato    Numato Lab USB relay modules: `relay on 0\r`, echoed, then `relay read 0` (Numato's user manuals).
 *   kincony   KinCony KC868-Hx over RS232: `RELAY-SET-255,1,1` answered `RELAY-SET-255,1,1,OK`, read back with
 *             `RELAY-READ-255,1`, inputs with `RELAY-GET_INPUT-255` (KC868-COL manual, RS232 protocol table; KinCony
 *             runs these at 115200 baud: set baudRate).
 */
import { asciiCommandText, decodeAsciiReply, encodeAscii, parseAsciiState, type AsciiCommand, ASCII_MAX_INDEX, ASCII_MAX_REPLY } from './codecs/ascii';
import { CH340_MAX_CHANNEL, encodeCh340 } from './codecs/ch340';
import { type DecodeResult, decodeError } from './codecs/decode';
import { decodeKinconyReply, encodeKincony, KINCONY_MAX_INPUTS, KINCONY_MAX_RELAY, KINCONY_MAX_REPLY, type KinconyCommand } from './codecs/kincony';
import { decodeKmtronicStatus, encodeKmtronicStatus, encodeKmtronicSwitch, KMTRONIC_BOARD_SIZES } from './codecs/kmtronic';
import { encodeSingleByte } from './codecs/single-byte';

/** A request and how its reply decodes. `refuseEcho`: the request's own bytes coming back are an echo, not a reply. */
export interface Query<T> {
  readonly bytes: Uint8Array;
  decode(buffer: Uint8Array): DecodeResult<T>;
  readonly refuseEcho: boolean;
}

/** A command to a board that never answers: confirmed once written and drained. */
export interface Unanswered {
  readonly bytes: Uint8Array;
}

export interface SerialDialect {
  readonly title: string;
  readonly maxChannels: number;
  readonly maxInputs: number;
  /** Channel counts the board comes in, where its protocol depends on the count. */
  readonly sizes?: readonly number[];
  /** Bytes for one reply beyond which it is a flood. */
  readonly maxReply: number;
  /** The command switching one relay (channel 1-based): a query where the board answers it. */
  switchRelay(channel: number, on: boolean, channels: number): Query<unknown> | Unanswered;
  /** Reads one relay back after switching it: a board that answered (or cannot answer) but did not switch is caught. */
  readRelay?(channel: number, channels: number): Query<boolean>;
  /** The requests reading `count` inputs, their answers concatenated in order. */
  readInputs?(count: number): Query<boolean[]>[];
}

/** A query whose reply the codec decodes and `value` then reads (a value out of range is an error, as a bad byte is). */
function query<R, T>(bytes: Uint8Array, decode: (buffer: Uint8Array) => DecodeResult<R>, value: (reply: R) => DecodeResult<T>, refuseEcho: boolean): Query<T> {
  return {
    bytes,
    refuseEcho,
    decode: (buffer) => {
      const reply = decode(buffer);
      if (reply.kind !== 'reply') return reply;
      const decoded = value(reply.value);
      return decoded.kind === 'reply' ? { ...decoded, used: reply.used } : decoded;
    },
  };
}

/** Numato boards echo every command before the answer: the echo is part of the reply, and the prompt ends it. */
function numatoQuery<T>(command: AsciiCommand, answer: (lines: string[]) => DecodeResult<T>): Query<T> {
  return query(encodeAscii(command), (buffer) => decodeAsciiReply(buffer, command), answer, false);
}

/** KinCony answers start with the command itself, completed by ",OK". */
function kinconyQuery<T>(command: KinconyCommand, value: (answer: number | null) => DecodeResult<T>): Query<T> {
  return query(encodeKincony(command), (buffer) => decodeKinconyReply(buffer, command), value, false);
}

const ok = <T>(value: T): DecodeResult<T> => ({ kind: 'reply', value, used: 0 });

export const CH340_PROFILES = {
  lcus: {
    title: 'LC Technology LCUS-1/2/4/8 (A0 frames, no answer)',
    maxChannels: CH340_MAX_CHANNEL,
    maxInputs: 0,
    maxReply: 64,
    switchRelay: (channel, on) => ({ bytes: encodeCh340(channel, on) }),
  },
  kmtronic: {
    title: 'KMtronic USB relay (FF frames, status read back)',
    maxChannels: 8,
    maxInputs: 0,
    sizes: KMTRONIC_BOARD_SIZES,
    maxReply: 16,
    switchRelay: (channel, on) => ({ bytes: encodeKmtronicSwitch(channel, on) }),
    // The small boards answer for one relay, the others for all: the channel's own state either way.
    readRelay: (channel, channels) =>
      query(encodeKmtronicStatus(channels, channel), (buffer) => decodeKmtronicStatus(buffer, channels, channel), (states) => ok(states[channels <= 2 ? 0 : channel - 1]!), true),
  },
  'hw-667': {
    title: 'HW-667 / E-3 one-relay board (AA on, BB off, no answer)',
    maxChannels: 1,
    maxInputs: 0,
    maxReply: 64,
    switchRelay: (_channel, on) => ({ bytes: encodeSingleByte(on) }),
  },
} satisfies Record<string, SerialDialect>;

export const ASCII_PROFILES = {
  numato: {
    title: 'Numato Lab USB relay (relay on 0, echo, read back)',
    maxChannels: ASCII_MAX_INDEX + 1,
    maxInputs: ASCII_MAX_INDEX + 1,
    maxReply: ASCII_MAX_REPLY,
    switchRelay: (channel, on) => numatoQuery({ kind: 'relay', action: on ? 'on' : 'off', index: channel - 1 }, ok),
    readRelay: (channel) => numatoQuery({ kind: 'relay', action: 'read', index: channel - 1 }, (lines) => parseAsciiState(lines, `relay read ${channel - 1}`)),
    readInputs: (count) =>
      Array.from({ length: count }, (_, index) => numatoQuery({ kind: 'gpio', action: 'read', index }, (lines) => {
        const state = parseAsciiState(lines, asciiCommandText({ kind: 'gpio', action: 'read', index }));
        return state.kind === 'reply' ? ok([state.value]) : state;
      })),
  },
  kincony: {
    title: 'KinCony KC868-Hx over RS232 (RELAY-SET-255, read back)',
    maxChannels: KINCONY_MAX_RELAY,
    maxInputs: KINCONY_MAX_INPUTS,
    maxReply: KINCONY_MAX_REPLY,
    switchRelay: (channel, on) => kinconyQuery({ kind: 'set', relay: channel, on }, () => ok(null)),
    readRelay: (channel) =>
      kinconyQuery({ kind: 'read', relay: channel }, (state) =>
        state === 0 || state === 1 ? ok(state === 1) : decodeError('not-confirmed', `relay ${channel} read as ${String(state)}, neither 0 nor 1`)),
    readInputs: (count) => [
      kinconyQuery({ kind: 'inputs' }, (byte) =>
        byte !== null && byte <= 0xff ? ok(Array.from({ length: count }, (_, i) => ((byte >> i) & 1) === 1)) : decodeError('not-confirmed', `inputs read as ${String(byte)}, not a byte`)),
    ],
  },
} satisfies Record<string, SerialDialect>;

export type Ch340ProfileName = keyof typeof CH340_PROFILES;
export type AsciiProfileName = keyof typeof ASCII_PROFILES;
export const CH340_PROFILE_NAMES = Object.keys(CH340_PROFILES) as Ch340ProfileName[];
export const ASCII_PROFILE_NAMES = Object.keys(ASCII_PROFILES) as AsciiProfileName[];
