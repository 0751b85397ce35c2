/**
 * A relay board's config, as the settings screen saves it and the site config file holds it. Validated with zod so
 * a bad config is a clear message on the lane, never a crash deep in the driver.
 */
import { z } from 'zod';
import { MODBUS_PROFILE_NAMES, MODBUS_PROFILES, type ModbusMap, type ModbusProfileName, mapProblems, modbusMapSchema } from './register-map';
import { ASCII_PROFILE_NAMES, ASCII_PROFILES, CH340_PROFILE_NAMES, CH340_PROFILES, type SerialDialect } from './serial-profiles';

/** Each protocol's board profiles, the first being what a config without one means. */
const PROFILE_NAMES = { modbus: MODBUS_PROFILE_NAMES, ch340: CH340_PROFILE_NAMES, ascii: ASCII_PROFILE_NAMES } as const;
const ALL_PROFILE_NAMES = [...MODBUS_PROFILE_NAMES, ...CH340_PROFILE_NAMES, ...ASCII_PROFILE_NAMES] as const;

const usbId = z
  .string()
  .regex(/^[0-9a-fA-F]{4}$/, 'a USB vendor/product id is 4 hex digits, e.g. "1a86"')
  .transform((id) => id.toLowerCase());

/**
 * Where the board is: a device path (a stable `/dev/serial/by-id/...` link is best on Linux), or the USB identity
 * to look for in SerialPort.list(), so the board is found again when it comes back as another /dev/ttyUSBn.
 * Cheap CH340 chips have no serial number: vendorId + productId alone work while only one such adapter is plugged.
 */
export const relayPortSchema = z.union([
  z.string().min(1, 'port path is empty'),
  z
    .object({ serialNumber: z.string().min(1).optional(), vendorId: usbId.optional(), productId: usbId.optional() })
    .strict()
    .refine((port) => port.serialNumber !== undefined || (port.vendorId !== undefined && port.productId !== undefined), {
      message: 'a USB port needs a serialNumber, or both vendorId and productId',
    }),
]);

export const relayBoardConfigSchema = z
  .object({
    id: z.string().min(1, 'a relay board needs an id'),
    protocol: z.enum(['ch340', 'ascii', 'modbus'], { error: 'protocol must be "ch340", "ascii" or "modbus"' }),
    port: relayPortSchema,
    baudRate: z.number().int().positive('baudRate must be positive').default(9600),
    /**
     * The rest of the serial settings. The defaults are 8N1, what every board here was driven with before they could
     * be set (Modbus's own default is 8E1: set parity "even" for boards that follow it). Boards sharing one port
     * (an RS-485 bus) must agree on all four.
     */
    dataBits: z.union([z.literal(7), z.literal(8)], { error: 'dataBits is 7 or 8' }).default(8),
    parity: z.enum(['none', 'even', 'odd'], { error: 'parity is "none", "even" or "odd"' }).default('none'),
    stopBits: z.union([z.literal(1), z.literal(2)], { error: 'stopBits is 1 or 2' }).default(1),
    /** Modbus slave address, 1..247 (default 1). Only for protocol "modbus". */
    modbusAddress: z.number().int().min(1, 'modbusAddress is 1..247').max(247, 'modbusAddress is 1..247').optional(),
    /**
     * The board: a built-in Modbus register map (register-map.ts; default generic-coils), or the byte dialect of a
     * CH340-family (default lcus) or text-command board (default numato) (serial-profiles.ts).
     */
    profile: z.enum(ALL_PROFILE_NAMES, { error: `profile is one of ${ALL_PROFILE_NAMES.join(', ')}` }).optional(),
    /** The board's own Modbus register map, replacing the profile's. Only for protocol "modbus". */
    registerMap: modbusMapSchema.optional(),
    /** Relays on the board; a channel outside 1..channels is refused before anything is sent. */
    channels: z.number().int().min(1).max(32, 'at most 32 channels').default(8),
    /** Digital inputs (barrier sensors, loop detector); 0 = readInputs is not offered. Not on CH340 modules. */
    inputs: z.number().int().min(0).max(64, 'at most 64 inputs').default(0),
    /** Default pulse length when the lane does not give one. */
    pulseMs: z.number().int().min(20, 'pulseMs is at least 20').max(60_000, 'pulseMs is at most 60000').default(500),
    /** How long to wait for a reply (or for the write to drain) before the command fails. */
    timeoutMs: z.number().int().min(20, 'timeoutMs is at least 20').max(10_000, 'timeoutMs is at most 10000').default(500),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.modbusAddress !== undefined && config.protocol !== 'modbus') {
      ctx.addIssue({ code: 'custom', path: ['modbusAddress'], message: 'modbusAddress is only for protocol "modbus"' });
    }
    if (config.registerMap !== undefined && config.protocol !== 'modbus') ctx.addIssue({ code: 'custom', path: ['registerMap'], message: 'registerMap is only for protocol "modbus"' });
    const names: readonly string[] = PROFILE_NAMES[config.protocol];
    if (config.profile !== undefined && !names.includes(config.profile)) {
      ctx.addIssue({ code: 'custom', path: ['profile'], message: `a "${config.protocol}" board's profile is one of ${names.join(', ')} ("${config.profile}" is another protocol's)` });
      return;
    }
    if (config.protocol !== 'modbus') {
      const dialect = dialectOf(config);
      if (config.channels > dialect.maxChannels) ctx.addIssue({ code: 'custom', path: ['channels'], message: `${dialect.title} has at most ${dialect.maxChannels} channels` });
      if (dialect.sizes && !dialect.sizes.includes(config.channels)) ctx.addIssue({ code: 'custom', path: ['channels'], message: `${dialect.title} comes with ${dialect.sizes.join(', ')} relays: set channels to the board's own count` });
      if (config.inputs > dialect.maxInputs) ctx.addIssue({ code: 'custom', path: ['inputs'], message: `${dialect.title} has ${dialect.maxInputs ? `at most ${dialect.maxInputs}` : 'no'} inputs` });
    }
    if (config.protocol === 'modbus') {
      if (config.dataBits !== 8) ctx.addIssue({ code: 'custom', path: ['dataBits'], message: 'Modbus RTU frames are 8 data bits' });
      const profile = MODBUS_PROFILES[modbusProfileOf(config)];
      if (!config.registerMap && config.channels > profile.maxChannels) ctx.addIssue({ code: 'custom', path: ['channels'], message: `${profile.title} has at most ${profile.maxChannels} channels` });
      if (!config.registerMap && config.inputs > profile.maxInputs) ctx.addIssue({ code: 'custom', path: ['inputs'], message: `${profile.title} has ${profile.maxInputs ? `at most ${profile.maxInputs}` : 'no'} inputs` });
      for (const problem of mapProblems(modbusMapOf(config), config.channels, config.inputs)) ctx.addIssue({ code: 'custom', path: ['registerMap', ...problem.path], message: problem.message });
    }
  });

/** The board's register map: its own, else its profile's, else the generic coils every earlier config meant. */
export function modbusMapOf(config: Pick<RelayBoardConfig, 'profile' | 'registerMap' | 'channels'>): ModbusMap {
  return config.registerMap ?? MODBUS_PROFILES[modbusProfileOf(config)].map(config.channels);
}

function modbusProfileOf(config: Pick<RelayBoardConfig, 'profile'>): ModbusProfileName {
  const name = config.profile ?? 'generic-coils';
  return name in MODBUS_PROFILES ? (name as ModbusProfileName) : 'generic-coils';
}

/** How a CH340-family or text-command board is spoken to: its profile's, else the family's first. */
export function dialectOf(config: Pick<RelayBoardConfig, 'protocol' | 'profile'>): SerialDialect {
  const profiles: Record<string, SerialDialect> = config.protocol === 'ascii' ? ASCII_PROFILES : CH340_PROFILES;
  return profiles[config.profile ?? ''] ?? profiles[config.protocol === 'ascii' ? 'numato' : 'lcus']!;
}

/** "9600 8E1", as installers and manuals write serial settings. */
export function serialSettingsText(config: Pick<RelayBoardConfig, 'baudRate' | 'dataBits' | 'parity' | 'stopBits'>): string {
  return `${config.baudRate} ${config.dataBits}${config.parity[0]!.toUpperCase()}${config.stopBits}`;
}

export type RelayBoardConfigInput = z.input<typeof relayBoardConfigSchema>;
export type RelayBoardConfig = z.output<typeof relayBoardConfigSchema>;
export type RelayPort = RelayBoardConfig['port'];
export type UsbPortSelector = Exclude<RelayPort, string>;

export class RelayConfigError extends Error {
  override name = 'RelayConfigError';
  constructor(
    readonly issues: string[],
    /** The schema's issues with their paths in the board's config (registerMap.relays.addresses.2), for a form to show beside the field. */
    readonly fields: readonly { readonly path: string; readonly message: string }[] = [],
  ) {
    super(`invalid relay board config: ${issues.join('; ')}`);
  }
}

/** Parses and fills defaults; throws RelayConfigError naming each bad field. */
export function parseRelayBoardConfig(input: unknown): RelayBoardConfig {
  const result = relayBoardConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  throw new RelayConfigError(
    fields.map((field) => (field.path ? `${field.path}: ${field.message}` : field.message)),
    fields,
  );
}
