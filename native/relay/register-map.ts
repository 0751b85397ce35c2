/**
 * Where a Modbus relay board keeps its relays and inputs: configuration, not code. Boards differ: some switch a
 * relay through a coil (05 write single coil, FF00/0000), others through a holding register that takes a command
 * word (06 write single register, e.g. 0x0100 on / 0x0200 off); inputs are discrete inputs, coils, input
 * registers or the bits of a holding register. The built-in profiles below are the common boards' register
 * tables; a site edits or replaces them on the Devices screen (the `registerMap` of the board's config).
 */
import { z } from 'zod';

const address = z.int().min(0, 'a register address is 0..65535').max(0xffff, 'a register address is 0..65535');
const word = z.int().min(0, 'a register value is 0..65535 (0x0000..0xFFFF)').max(0xffff, 'a register value is 0..65535 (0x0000..0xFFFF)');

export const modbusRelayMapSchema = z.strictObject({
  /** coil: 05 (single) or 0F (multiple) writes, FF00/0000 as the spec says; register: 06 or 10 writes of `on`/`off`. */
  kind: z.enum(['coil', 'register'], { error: 'relays.kind is "coil" or "register"' }),
  write: z.enum(['single', 'multiple'], { error: 'relays.write is "single" (05/06) or "multiple" (0F/10)' }).default('single'),
  /** The coil or register of each channel, channel 1 first (the protocol addresses, 0-based, as the manuals list them). */
  addresses: z.array(address).min(1, 'relays.addresses lists one address per channel').max(32, 'at most 32 channels'),
  /** Command words of register boards (ignored for coils): what switches the relay on, what switches it off. */
  on: word.optional(),
  off: word.optional(),
});

/**
 * The inputs are one block from `start`, not an address per input: every board profiled here numbers its inputs in
 * one run (Waveshare Relay (D) and IO 8CH: discrete inputs 0x0000-0x0007), and which input is a lane's loop or
 * barrier sensor is the lane's wiring (its settings' loopInput / barrierInput), not the board's. One block is one
 * request per poll: addresses scattered over a board would cost a frame each on a shared bus.
 */
export const modbusInputMapSchema = z.strictObject({
  /** discrete: 02; coil: 01; input-register: 04, one per input, non-zero = on; holding-bits: 03, bit 0 of `start` first. */
  source: z.enum(['discrete', 'coil', 'input-register', 'holding-bits'], { error: 'inputs.source is "discrete", "coil", "input-register" or "holding-bits"' }),
  start: address,
});

export const modbusMapSchema = z.strictObject({ relays: modbusRelayMapSchema, inputs: modbusInputMapSchema.optional() });

export type ModbusRelayMap = z.output<typeof modbusRelayMapSchema>;
export type ModbusInputMap = z.output<typeof modbusInputMapSchema>;
export type ModbusMap = z.output<typeof modbusMapSchema>;
export type ModbusMapInput = z.input<typeof modbusMapSchema>;

export interface ModbusProfile {
  readonly title: string;
  /** Where the register table comes from. */
  readonly source: string;
  readonly maxChannels: number;
  readonly maxInputs: number;
  map(channels: number): ModbusMap;
}

const range = (first: number, count: number): number[] => Array.from({ length: count }, (_, i) => first + i);

/**
 * The built-in boards. Register tables as their manuals give them; where the manual was not at hand here to check
 * again, the comment says so.
 */
export const MODBUS_PROFILES = {
  /** What the driver always did: channel n is coil n-1, inputs are discrete inputs from 0. Existing configs keep it. */
  'generic-coils': {
    title: 'Generic Modbus relay (coils from 0, discrete inputs from 0)',
    source: 'Modbus Application Protocol V1.1b3, 6.1 (01), 6.2 (02), 6.5 (05)',
    maxChannels: 32,
    maxInputs: 64,
    map: (channels) => ({ relays: { kind: 'coil', write: 'single', addresses: range(0, channels) }, inputs: { source: 'discrete', start: 0 } }),
  },
  /**
   * Waveshare "Modbus RTU Relay" and "Modbus RTU Relay (D)" (8 relays; the (D) adds 8 opto inputs). Wiki
   * https://www.waveshare.com/wiki/Modbus_RTU_Relay, "Modbus RTU command": relays are coils 0x0000-0x0007, 05 with
   * FF00 on / 0000 off (5500 toggles, 0x00FF addresses all), 01 reads them, 0F writes several; the (D)'s inputs are
   * discrete inputs 0x0000-0x0007 (02). Default 9600 8N1, address 1. (Table recalled from the wiki, not re-read here.)
   */
  'waveshare-relay': {
    title: 'Waveshare Modbus RTU Relay / Relay (D), 8 channels',
    source: 'https://www.waveshare.com/wiki/Modbus_RTU_Relay',
    maxChannels: 8,
    maxInputs: 8,
    map: (channels) => ({ relays: { kind: 'coil', write: 'single', addresses: range(0, channels) }, inputs: { source: 'discrete', start: 0 } }),
  },
  /**
   * Waveshare "Modbus RTU IO 8CH" (8 DI / 8 open-drain DO driving external relays). Wiki
   * https://www.waveshare.com/wiki/Modbus_RTU_IO_8CH: default 9600 N 8 1, address 1 (1-255); outputs are coils
   * 0x0000-0x0007 (05/0F, read 01), inputs are discrete inputs 0x0000-0x0007 (02).
   */
  'waveshare-io-8': {
    title: 'Waveshare Modbus RTU IO 8CH (8 DO, 8 DI)',
    source: 'https://www.waveshare.com/wiki/Modbus_RTU_IO_8CH',
    maxChannels: 8,
    maxInputs: 8,
    map: (channels) => ({ relays: { kind: 'coil', write: 'single', addresses: range(0, channels) }, inputs: { source: 'discrete', start: 0 } }),
  },
  /**
   * Eletechsup R4D3B16 (16 relays, sold as "Modbus RTU 16 channel relay", and its N4D3E16-style clones). Manual
   * "R4D3B16 Modbus RTU command": relay n is holding register 0x0001 + (n-1) (0x0001-0x0010), written with 06:
   * 0x0100 open (relay on), 0x0200 close (off), 0x0300 toggle, 0x0400 latch, 0x0500 momentary, 0x06nn delay;
   * e.g. `01 06 00 01 01 00 D9 9A` switches relay 1 on (its CRC is checked in codecs/modbus.test.ts). 03 on the same
   * registers reads 0x0001 on / 0x0000 off. Default 9600 8N1, address 1. No inputs.
   */
  'eletechsup-r4d3b16': {
    title: 'Eletechsup R4D3B16, 16 channels (holding registers, command words)',
    source: 'Eletechsup R4D3B16 manual, Modbus RTU command table',
    maxChannels: 16,
    maxInputs: 0,
    map: (channels) => ({ relays: { kind: 'register', write: 'single', addresses: range(1, channels), on: 0x0100, off: 0x0200 } }),
  },
} satisfies Record<string, ModbusProfile>;

export type ModbusProfileName = keyof typeof MODBUS_PROFILES;
export const MODBUS_PROFILE_NAMES = Object.keys(MODBUS_PROFILES) as [ModbusProfileName, ...ModbusProfileName[]];

/** A register board's command words (1/0 when the map gives none); coils always FF00/0000. */
export function relayWords(map: ModbusRelayMap): { on: number; off: number } {
  return map.kind === 'coil' ? { on: 0xff00, off: 0 } : { on: map.on ?? 1, off: map.off ?? 0 };
}

/** One problem with a map, at the path inside it (e.g. relays.addresses.2: that channel's cell on the Devices screen). */
export interface MapProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** What is wrong with a map for a board of this many channels and inputs: one problem per field it is about. */
export function mapProblems(map: ModbusMap, channels: number, inputs: number): MapProblem[] {
  const problems: MapProblem[] = [];
  const { relays } = map;
  const what = relays.kind === 'coil' ? 'coil' : 'register';
  if (relays.addresses.length !== channels) problems.push({ path: ['relays', 'addresses'], message: `registerMap.relays.addresses lists ${relays.addresses.length} addresses for ${channels} channels` });
  relays.addresses.forEach((at, index) => {
    const first = relays.addresses.indexOf(at);
    if (first < index) problems.push({ path: ['relays', 'addresses', index], message: `channels ${first + 1} and ${index + 1} both map to ${what} ${at}: each channel needs its own ${what}` });
  });
  if (relays.kind === 'coil' && (relays.on !== undefined || relays.off !== undefined)) problems.push({ path: ['relays', 'on'], message: 'registerMap.relays: coils are switched with FF00/0000; on/off are for registers' });
  const words = relayWords(relays);
  if (words.on === words.off) problems.push({ path: ['relays', 'off'], message: `registerMap.relays: on and off are the same command word (${words.on})` });
  if (inputs > 0 && !map.inputs) problems.push({ path: ['inputs'], message: `registerMap has no inputs, but the board has ${inputs}` });
  return problems;
}
