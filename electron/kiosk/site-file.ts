import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { roleSchema, siteLayoutSchema } from './contract';
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

function assertConsistent(file: string, { layout }: SiteFile): void {
  if (!isValidTimeZone(layout.site.timeZone)) throw new SiteFileError(file, `layout.site.timeZone: "${layout.site.timeZone}" is not an IANA time zone`);
  const zoneIds = new Set(layout.zones.map((zone) => zone.id));
  for (const lane of layout.lanes) {
    if (!zoneIds.has(lane.zoneId)) throw new SiteFileError(file, `lane "${lane.id}" names zone "${lane.zoneId}", which is not in layout.zones`);
  }
  const duplicate = (ids: string[]) => ids.find((id, index) => ids.indexOf(id) !== index);
  const dup = duplicate(layout.zones.map((z) => z.id)) ?? duplicate(layout.lanes.map((l) => l.id)) ?? duplicate(layout.vehicleClasses.map((v) => v.id));
  if (dup !== undefined) throw new SiteFileError(file, `id "${dup}" is used twice`);
}
