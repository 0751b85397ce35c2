import type { Database } from 'better-sqlite3';
import { startCheckpointer, type Checkpointer } from './checkpointer';
import { openDatabase, type OpenedDatabase, type OpenOptions } from './database';
import { AccessRepo } from './access-repo';
import { AuditRepo } from './audit-repo';
import { EvidenceRepo } from './evidence-repo';
import { LanesRepo } from './lanes-repo';
import { OutboxRepo } from './outbox-repo';
import { PrintersRepo } from './printers-repo';
import { RateTablesRepo } from './rate-tables-repo';
import { SessionsRepo } from './sessions-repo';
import { SettingsRepo } from './settings-repo';
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
  readonly lanes: LanesRepo;
  readonly printers: PrintersRepo;
  readonly access: AccessRepo;
  readonly evidence: EvidenceRepo;
  readonly settings: SettingsRepo;
  /** One domain change = one transaction, with its audit and outbox rows inside it. */
  change<T>(work: () => T): T;
  /**
   * Runs `hook` before each outermost change, outside any transaction: the records kept in memory during a full
   * disk are written first, so nothing done after them is recorded before them (disk/unrecorded.ts).
   */
  beforeEachChange(hook: () => void): void;
  /** Checkpoints from a worker thread from now on (the kiosk's long-lived store; short CLI opens skip it). */
  checkpointInBackground(onError: (message: string) => void): void;
  /** Folds the WAL back into the database file and closes it. */
  close(): Promise<void>;
}

export function openStore(file: string, options: OpenOptions): Store {
  const opened = openDatabase(file, options);
  const { db } = opened;
  const rateTables = new RateTablesRepo(db);
  const sessions = new SessionsRepo(db);
  const outbox = new OutboxRepo(db);
  let depth = 0;
  let beforeChange: (() => void) | undefined;
  let checkpointer: Checkpointer | undefined;
  return {
    db,
    opened,
    site: new SiteRepo(db),
    sessions,
    users: new UsersRepo(db),
    shifts: new ShiftsRepo(db),
    rateTables,
    audit: new AuditRepo(db),
    outbox,
    lanes: new LanesRepo(db),
    printers: new PrintersRepo(db),
    access: new AccessRepo(db),
    evidence: new EvidenceRepo(db),
    settings: new SettingsRepo(db),
    change<T>(work: () => T): T {
      if (depth === 0 && !db.inTransaction) beforeChange?.();
      depth++;
      let committed = false;
      try {
        const result = db.transaction(work).immediate();
        committed = true;
        return result;
      } finally {
        depth--;
        // Caches follow only what the outermost transaction really committed.
        if (depth === 0) sessions.settle(committed);
        if (depth === 0) outbox.settle(committed);
        if (depth === 0 && committed) checkpointer?.touched();
        if (!committed) rateTables.forget();
      }
    },
    beforeEachChange(hook) {
      beforeChange = hook;
    },
    checkpointInBackground(onError) {
      checkpointer ??= startCheckpointer(db, file, onError);
    },
    async close() {
      await checkpointer?.close();
      if (!options.readonly && db.open) db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}
