import { z } from 'zod';
import type { HeadOffice } from '../../../native/headoffice';
import { headOfficeSettingsSchema, LIMITS } from '../../../native/headoffice';
import type { TokenStore } from './token-store';

/**
 * Head office, as the kiosk's config names it. With none, the kiosk runs offline and says so (console and device
 * health). `token` is for provisioning: it is written to the token store and read from there on later starts.
 */
export const headOfficeConfigSchema = z.strictObject({
  url: headOfficeSettingsSchema.shape.url,
  token: headOfficeSettingsSchema.shape.token.optional(),
  pinnedSha256: headOfficeSettingsSchema.shape.pinnedSha256,
  timeoutMs: headOfficeSettingsSchema.shape.timeoutMs,
  /** Site-local time of the nightly reconciliation. */
  nightlyAt: z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'a local time "HH:MM"').default('03:30'),
  reconcileDays: z.int().min(1).max(400).default(31),
  batchSize: z.int().min(1).max(5_000).default(1_000),
  /** Records per config page asked of head office (a first pull of a large site comes in many pages). */
  pullPageSize: z.int().min(1).max(LIMITS.maxConfigPage).default(LIMITS.defaultConfigPage),
});
export type HeadOfficeConfig = z.input<typeof headOfficeConfigSchema>;

/** How the kiosk reaches head office: by config (HTTPS), or a client handed in (tests, the demo's in-memory one). */
export type HeadOfficeSetup =
  | HeadOfficeConfig
  | { readonly client: HeadOffice; readonly nightlyAt?: string; readonly reconcileDays?: number; readonly batchSize?: number; readonly pullPageSize?: number };

export interface SyncSettings {
  readonly tokenStore?: TokenStore;
  /** Tuning, for tests: the worker's timers. */
  readonly idleMs?: number;
  readonly pullEveryMs?: number;
  readonly backoff?: { baseMs: number; maxMs: number };
  readonly random?: () => number;
}
