import type { Database } from 'better-sqlite3';
import { rateTableSchema, type RateTable } from '../domain/tariff';

/**
 * Rate tables are stored whole as validated JSON, one row per (id, version). A version's rules are never edited:
 * the only change to a stored version is the end date set when the next version takes over.
 */
export class RateTablesRepo {
  private cache: RateTable[] | undefined;

  constructor(private readonly db: Database) {}

  all(): RateTable[] {
    this.cache ??= (this.db.prepare('SELECT definition FROM rate_tables ORDER BY id, version').pluck().all() as string[]).map(
      (json) => rateTableSchema.parse(JSON.parse(json)),
    );
    return this.cache;
  }

  insert(table: RateTable, by: string, now: number): void {
    this.db
      .prepare(`INSERT INTO rate_tables (id, version, vehicle_class, effective_from, effective_to, definition, created_at, created_by)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(table.id, table.version, table.vehicleClass, table.effectiveFrom, table.effectiveTo, JSON.stringify(table), now, by);
    this.cache = undefined;
  }

  /** Closing the previous version's effective range when a new one starts. */
  endVersion(id: string, version: number, effectiveTo: number): void {
    const row = this.db.prepare('SELECT definition FROM rate_tables WHERE id = ? AND version = ?').pluck().get(id, version) as string | undefined;
    if (!row) return;
    const table = { ...(JSON.parse(row) as RateTable), effectiveTo };
    this.db.prepare('UPDATE rate_tables SET effective_to = ?, definition = ? WHERE id = ? AND version = ?').run(effectiveTo, JSON.stringify(table), id, version);
    this.cache = undefined;
  }

  /** A rolled-back transaction must not leave a cache of rows that never committed. */
  forget(): void {
    this.cache = undefined;
  }
}
