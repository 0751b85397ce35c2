import type { Database } from 'better-sqlite3';
import { openDatabase, type OpenedDatabase, type OpenOptions } from './database';
import { AuditRepo } from './audit-repo';
import { OutboxRepo } from './outbox-repo';
import { RateTablesRepo } from './rate-tables-repo';
import { SessionsRepo } from './sessions-repo';
import { ShiftsRepo } from './shifts-repo';
import { SiteRepo } from './site-repo';
import { UsersRepo } from './users-repo';

export interface Store {
  readonly db: Database;
  readonly opened: OpenedDatabase;
  readonly site: SiteRepo;
  readonly sessions: SessionsRepo;
  readonly users: UsersRepo;
  readonly shifts: ShiftsRepo;
  readonly rateTables: RateTablesRepo;
  readonly audit: AuditRepo;
  readonly outbox: OutboxRepo;
  /** One domain change = one transaction, with its audit and outbox rows inside it. */
  change<T>(work: () => T): T;
  close(): void;
}

export function openStore(file: string, options: OpenOptions): Store {
  const opened = openDatabase(file, options);
  const { db } = opened;
  const rateTables = new RateTablesRepo(db);
  return {
    db,
    opened,
    site: new SiteRepo(db),
    sessions: new SessionsRepo(db),
    users: new UsersRepo(db),
    shifts: new ShiftsRepo(db),
    rateTables,
    audit: new AuditRepo(db),
    outbox: new OutboxRepo(db),
    change<T>(work: () => T): T {
      try {
        return db.transaction(work).immediate();
      } catch (error) {
        rateTables.forget();
        throw error;
      }
    },
    close: () => db.close(),
  };
}
