import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { beforeEach } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { openDatabase } from '../database';

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
