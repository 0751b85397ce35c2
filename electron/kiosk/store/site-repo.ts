import type { Database } from 'better-sqlite3';
import type { SiteLayout, SpaceType, Zone } from '../contract';
import type { SiteEdit } from '../contract/settings';

export class SiteRepo {
  constructor(private readonly db: Database) {}

  isConfigured(): boolean {
    return this.db.prepare('SELECT count(*) FROM site').pluck().get() === 1;
  }

  /** Replaces the whole layout; the caller runs it inside the change's transaction. */
  save(layout: SiteLayout, now: number): void {
    const { site } = layout;
    this.db
      .prepare(`INSERT INTO site (id, name, time_zone, currency, tax_rate_bp, locale, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone, currency = excluded.currency,
        tax_rate_bp = excluded.tax_rate_bp, locale = excluded.locale, updated_at = excluded.updated_at`)
      .run(site.name, site.timeZone, site.currency, site.taxRateBp, site.locale, now);
    const upsertClass = this.db.prepare('INSERT INTO vehicle_classes (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name');
    for (const vc of layout.vehicleClasses) upsertClass.run(vc.id, vc.name);
    const upsertZone = this.db.prepare(
      'INSERT INTO zones (id, name, level) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, level = excluded.level',
    );
    const clearSpaces = this.db.prepare('DELETE FROM zone_spaces WHERE zone_id = ?');
    const insertSpace = this.db.prepare('INSERT INTO zone_spaces (zone_id, space_type, capacity) VALUES (?, ?, ?)');
    for (const zone of layout.zones) {
      upsertZone.run(zone.id, zone.name, zone.level);
      clearSpaces.run(zone.id);
      for (const [type, capacity] of Object.entries(zone.spaces)) insertSpace.run(zone.id, type, capacity);
    }
    const upsertLane = this.db.prepare(`INSERT INTO lanes (id, name, direction, zone_id, camera, relay_channel) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, direction = excluded.direction, zone_id = excluded.zone_id,
      camera = excluded.camera, relay_channel = excluded.relay_channel`);
    for (const lane of layout.lanes) upsertLane.run(lane.id, lane.name, lane.direction, lane.zoneId, lane.camera, lane.relayChannel);
  }

  /** The site's own fields an admin changes after set-up (settings.saveSite); inside the change's transaction. */
  saveIdentity(site: SiteEdit, now: number): void {
    this.db
      .prepare('UPDATE site SET name = ?, time_zone = ?, locale = ?, tax_rate_bp = ?, updated_at = ? WHERE id = 1')
      .run(site.name, site.timeZone, site.locale, site.taxRateBp, now);
  }

  load(): SiteLayout {
    const site = this.db.prepare('SELECT name, time_zone, currency, tax_rate_bp, locale FROM site WHERE id = 1').get() as
      | { name: string; time_zone: string; currency: string; tax_rate_bp: number; locale: string }
      | undefined;
    if (!site) throw new Error('the site is not configured yet');
    const spaces = this.db.prepare('SELECT zone_id, space_type, capacity FROM zone_spaces').all() as {
      zone_id: string;
      space_type: SpaceType;
      capacity: number;
    }[];
    const zones = (this.db.prepare('SELECT id, name, level FROM zones ORDER BY id').all() as Omit<Zone, 'spaces'>[]).map((zone) => ({
      ...zone,
      spaces: Object.fromEntries(spaces.filter((s) => s.zone_id === zone.id).map((s) => [s.space_type, s.capacity])),
    }));
    const lanes = this.db
      .prepare('SELECT id, name, direction, zone_id AS zoneId, camera, relay_channel AS relayChannel FROM lanes ORDER BY id')
      .all() as SiteLayout['lanes'];
    const vehicleClasses = this.db.prepare('SELECT id, name FROM vehicle_classes ORDER BY id').all() as SiteLayout['vehicleClasses'];
    return {
      site: { name: site.name, timeZone: site.time_zone, currency: site.currency, taxRateBp: site.tax_rate_bp, locale: site.locale },
      zones,
      lanes,
      vehicleClasses,
    };
  }
}
