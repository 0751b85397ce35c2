import type { Database } from 'better-sqlite3';
import { DEFAULT_SITE_SETTINGS, siteSettingsSchema, type SiteSettings } from '../contract/settings';

export interface StoredSettings {
  readonly settings: SiteSettings;
  readonly updatedAt: number | null;
  readonly updatedBy: string | null;
}

/** The site's settings row (one), validated on the way out too: a hand-edited row never reaches the code. */
export class SettingsRepo {
  constructor(private readonly db: Database) {}

  get(): StoredSettings {
    const row = this.db.prepare('SELECT definition, updated_at, updated_by FROM site_settings WHERE id = 1').get() as
      | { definition: string; updated_at: number; updated_by: string }
      | undefined;
    if (!row) return { settings: DEFAULT_SITE_SETTINGS, updatedAt: null, updatedBy: null };
    return { settings: siteSettingsSchema.parse(JSON.parse(row.definition)), updatedAt: row.updated_at, updatedBy: row.updated_by };
  }

  /** The caller runs it inside the change's transaction. */
  save(settings: SiteSettings, by: string, at: number): void {
    this.db
      .prepare(`INSERT INTO site_settings (id, definition, updated_at, updated_by) VALUES (1, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at, updated_by = excluded.updated_by`)
      .run(JSON.stringify(settings), at, by);
  }
}
