import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { roleSchema, siteLayoutSchema } from './contract';
import { accessRecordSchema } from './contract/lanes';
import { LANE_MODES, DEFAULT_MIN_CONFIDENCE } from './domain/lanes/lane-policy';
import { isValidTimeZone } from './domain/zoned-time';
import { rateTableSchema } from './domain/tariff';

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
        loopInput: z.int().min(0).nullable().default(null),
        barrierInput: z.int().min(0).nullable().default(null),
        camera: z.string().nullable().default(null),
        terminal: z.string().nullable().default(null),
      }),
    )
    .default([]),
  /** Permits, allow/deny list entries and reservations to start with. */
  access: z.array(accessRecordSchema).default([]),
});
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
  }
  const dup = duplicate(layout.zones.map((z) => z.id)) ?? duplicate(layout.lanes.map((l) => l.id)) ?? duplicate(layout.vehicleClasses.map((v) => v.id));
  if (dup !== undefined) throw new SiteFileError(path, `id "${dup}" is used twice`);
}
