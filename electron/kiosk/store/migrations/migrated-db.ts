import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { beforeEach } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import Sqlite from 'better-sqlite3';
import { appPath } from '../../app-paths';
import { openDatabase } from '../database';
import { applyMigrations, loadMigrations } from '../migrate';

/** The site row, a vehicle class and a zone: what most rows of any migration hang off. */
const BASE_SITE = `INSERT INTO site VALUES (1, 'Test', 'Europe/London', 'GBP', 2000, 'en-GB', 0);
  INSERT INTO vehicle_classes VALUES ('car', 'Car');
  INSERT INTO zones VALUES ('main', 'Main', NULL);`;

/** For the migration tests: a fresh database at the latest schema for each test, with the base site and `seed`. */
export function useMigratedDb(seed = ''): () => Database {
  const tempDir = useTempDirs();
  let db: Database | undefined;
  beforeEach(() => {
    const opened = openDatabase(join(tempDir(), 'site.db'), { now: 0 }).db;
    opened.exec(BASE_SITE + seed);
    db = opened;
    return () => opened.close();
  });
  return () => {
    if (!db) throw new Error('useMigratedDb: the database exists inside a test only');
    return db;
  };
}

/**
 * For a migration's own test: a database at the schema just before migration `name`, holding the base site, and
 * `apply()` to run that one migration (so the test can put rows in first and see what becomes of them).
 */
export function databaseBefore(dir: string, name: string): { db: Database; apply(): void } {
  const db = new Sqlite(join(dir, 'site.db'));
  const all = loadMigrations(appPath('migrations'));
  const at = all.findIndex((m) => m.name === name);
  if (at < 0) throw new Error(`no migration named ${name}`);
  applyMigrations(db, all.slice(0, at), 0);
  db.exec(BASE_SITE);
  return { db, apply: () => applyMigrations(db, all.slice(at, at + 1), 0) };
}

/**
 * Jane's prepaid booking ref-0001 (id 1, AB12CDE, GBP 9.00) with the class, zone and driver it hangs off, in the
 * columns bookings have had since 0015: what the later booking migrations' tests start from.
 */
export function insertBooking(db: Database): void {
  db.exec("INSERT INTO vehicle_classes (id, name) VALUES ('car', 'Car') ON CONFLICT DO NOTHING");
  db.exec("INSERT INTO zones (id, name) VALUES ('ground', 'Ground') ON CONFLICT DO NOTHING");
  db.exec("INSERT INTO drivers (id, name, origin, created_at, updated_at) VALUES (1, 'Jane', 'booth', 0, 0)");
  db.exec(`INSERT INTO bookings (id, ref, origin, driver_id, plate_raw, plate_key, plate_fold, vehicle_class, zone_id, space_type, starts_at, ends_at, status, pay_mode, price_minor, currency, created_by, created_at, updated_at)
    VALUES (1, 'ref-0001', 'booth', 1, 'AB12CDE', 'AB12CDE', 'AB12CDE', 'car', 'ground', 'regular', 10, 20, 'booked', 'prepaid', 900, 'GBP', 'anna', 0, 0)`);
}
