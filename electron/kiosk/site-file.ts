import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { roleSchema, siteLayoutSchema } from './contract';
import { accessRecordSchema, laneRoiSchema } from './contract/lanes';
import { checkHomeCountry, plateHomeCountrySchema, plateRegionsSchema, siteSettingsFields } from './contract/settings';
import { LANE_MODES, DEFAULT_MIN_CONFIDENCE } from './domain/lanes/lane-policy';
import { isValidTimeZone } from './domain/zoned-time';
import { rateTableSchema } from './domain/tariff';
import { checkPrinterConfig } from './payments/printers';
import { checkTerminalConfig } from './payments/terminals';
import { siteDriverSchema } from './bookings/site-drivers';

/**
 * A site file describes a site to set up on first start: its layout, its rate tables and, for the demo site only,
 * its users (a real site creates its first admin with `lotkeeper users add`).
 */
export const siteFileSchema = z.strictObject({
  layout: siteLayoutSchema,
  rateTables: z.array(rateTableSchema),
  users: z
    .array(
      z.strictObject({
        username: z.string(),
        displayName: z.string(),
        role: roleSchema,
        secretKind: z.enum(['pin', 'password']),
        secret: z.string(),
      }),
    )
    .default([]),
  /** Relay boards, cameras, card readers; each config is checked by its driver's schema when the device starts. */
  devices: z.array(z.strictObject({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/), kind: z.enum(['relay', 'camera', 'terminal']), config: z.record(z.string(), z.unknown()) })).default([]),
  laneSettings: z
    .array(
      z.strictObject({
        laneId: z.string(),
        mode: z.enum(LANE_MODES).default('normal'),
        minConfidence: z.number().min(0).max(1).default(DEFAULT_MIN_CONFIDENCE),
        relayBoard: z.string().nullable().default(null),
        pulseMs: z.int().min(50).max(10_000).default(500),
        defaultVehicleClass: z.string().regex(/^[a-z]+$/).nullable().default(null),
        loopInput: z.int().min(0).nullable().default(null),
        barrierInput: z.int().min(0).nullable().default(null),
        camera: z.string().nullable().default(null),
        terminal: z.string().nullable().default(null),
        roi: laneRoiSchema.nullable().default(null),
      }),
    )
    .default([]),
  /**
   * Receipt printers: the booth's (laneId null) or an exit lane's pay station. A config is native/printer's
   * ({"transport": "tcp", "host", "port"} or {"transport": "serial", "path", "baudRate"}), or {"driver": "simulated"}
   * for the demo site (a simulator the kiosk hosts on loopback and prints to through the real TCP driver).
   */
  printers: z.array(z.strictObject({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/), laneId: z.string().nullable().default(null), config: z.record(z.string(), z.unknown()) })).default([]),
  /** How long logins last at this site, as the Site settings say it (idleLogoutMinutes per role, maxLoginHours). */
  loginPolicy: siteSettingsFields.pick({ idleLogoutMinutes: true, maxLoginHours: true }).optional(),
  /** The plate formats the site's cameras see (Site settings' plate regions); all of them when left out. */
  plateRegions: plateRegionsSchema.optional(),
  /** The country most of its cars come from (Site settings' home country); none when left out. */
  plateHomeCountry: plateHomeCountrySchema.optional(),
  /** Permits, allow/deny list entries and reservations to start with. */
  access: z.array(accessRecordSchema).default([]),
  /** Drivers to start with (the demo site's regulars), with bookings placed relative to the first start. */
  drivers: z.array(siteDriverSchema).default([]),
}).check(checkHomeCountry);
export type SiteFile = z.infer<typeof siteFileSchema>;

export class SiteFileError extends Error {
  constructor(file: string, detail: string) {
    super(`site file ${file}: ${detail}`);
    this.name = 'SiteFileError';
  }
}

export function readSiteFile(file: string): SiteFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SiteFileError(file, error instanceof SyntaxError ? `not valid JSON (${error.message})` : `cannot be read (${(error as Error).message})`);
  }
  const parsed = siteFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SiteFileError(file, `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  assertConsistent(file, parsed.data);
  return parsed.data;
}

function assertConsistent(path: string, file: SiteFile): void {
  const { layout } = file;
  if (!isValidTimeZone(layout.site.timeZone)) throw new SiteFileError(path, `layout.site.timeZone: "${layout.site.timeZone}" is not an IANA time zone`);
  const zoneIds = new Set(layout.zones.map((zone) => zone.id));
  for (const lane of layout.lanes) {
    if (!zoneIds.has(lane.zoneId)) throw new SiteFileError(path, `lane "${lane.id}" names zone "${lane.zoneId}", which is not in layout.zones`);
  }
  const duplicate = (ids: string[]) => ids.find((id, index) => ids.indexOf(id) !== index);
  const deviceIds = new Set(file.devices.map((d) => d.id));
  for (const settings of file.laneSettings) {
    if (!layout.lanes.some((lane) => lane.id === settings.laneId)) throw new SiteFileError(path, `laneSettings names lane "${settings.laneId}", which is not in layout.lanes`);
    const missing = [settings.relayBoard, settings.camera, settings.terminal].find((id) => id !== null && !deviceIds.has(id));
    if (missing) throw new SiteFileError(path, `laneSettings for "${settings.laneId}" names device "${missing}", which is not in devices`);
    if (settings.defaultVehicleClass !== null && !layout.vehicleClasses.some((c) => c.id === settings.defaultVehicleClass)) {
      throw new SiteFileError(path, `laneSettings for "${settings.laneId}" names vehicle class "${settings.defaultVehicleClass}", which is not in layout.vehicleClasses`);
    }
  }
  assertPrintersConsistent(path, file, deviceIds);
  assertReadersConsistent(path, file);
  const dup = duplicate(layout.zones.map((z) => z.id)) ?? duplicate(layout.lanes.map((l) => l.id)) ?? duplicate(layout.vehicleClasses.map((v) => v.id));
  if (dup !== undefined) throw new SiteFileError(path, `id "${dup}" is used twice`);
}

/**
 * A card reader in the site file is checked as the Devices screen checks one: no inline key, an allowed variable,
 * and the lane it serves is the lane whose wiring names it (none: a booth reader), so the two never disagree.
 */
function assertReadersConsistent(path: string, file: SiteFile): void {
  file.devices.forEach((device, index) => {
    if (device.kind !== 'terminal') return;
    try {
      checkTerminalConfig(device.id, device.config);
    } catch (error) {
      throw new SiteFileError(path, `devices.${index}.config: ${(error as Error).message}`);
    }
    const wired = file.laneSettings.filter((s) => s.terminal === device.id).map((s) => s.laneId);
    if (wired.length > 1) throw new SiteFileError(path, `card reader "${device.id}" is named by the laneSettings of ${wired.join(' and ')}: a reader serves one lane`);
    const laneId = device.config['laneId'] ?? null;
    if (laneId !== (wired[0] ?? null)) throw new SiteFileError(path, `devices.${index}.config.laneId: card reader "${device.id}" says lane ${JSON.stringify(laneId)} but ${wired.length ? `the laneSettings of "${wired[0]}" name it` : 'no laneSettings name it'}: the two must agree`);
  });
}

/** Each printer at an exit lane or the booth, with an id no device has (they share the devices panel) and a config its driver takes. */
function assertPrintersConsistent(path: string, file: SiteFile, deviceIds: ReadonlySet<string>): void {
  const seen = new Set<string>();
  file.printers.forEach((printer, index) => {
    const lane = printer.laneId === null ? null : file.layout.lanes.find((l) => l.id === printer.laneId);
    if (lane === undefined || lane?.direction === 'entry') throw new SiteFileError(path, `printers.${index}.laneId: "${printer.laneId}" is not an exit lane in layout.lanes`);
    if (deviceIds.has(printer.id) || seen.has(printer.id)) throw new SiteFileError(path, `printers.${index}.id: "${printer.id}" is already a device's or another printer's id`);
    seen.add(printer.id);
    try {
      checkPrinterConfig(printer.id, printer.config);
    } catch (error) {
      throw new SiteFileError(path, `printers.${index}.config (printer "${printer.id}"): ${(error as Error).message.replace(/^printer config: /, '')}`);
    }
  });
}
