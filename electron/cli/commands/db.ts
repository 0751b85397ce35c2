import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { runningKioskPid } from '../../kiosk/instance-lock';
import { databaseFile } from '../../kiosk/data-dir';
import { DatabaseFileError, openDatabase } from '../../kiosk/store/database';
import { countDuplicateOutboxKeys } from '../../kiosk/store/outbox-repo';
import { replaceDatabaseFile } from '../../kiosk/store/replace-file';
import { CliError, dataDirOption, type Command } from '../command';

function refuseWhileRunning(dataDir: string, action: string): void {
  const pid = runningKioskPid(dataDir);
  if (pid !== null) throw new CliError(`cannot ${action} while the kiosk (pid ${pid}) is running on ${dataDir}: stop it first`);
}

interface CheckReport {
  file: string;
  schemaVersion: number;
  integrity: string[];
  foreignKeyViolations: number;
  duplicateOutboxKeys: number;
  ok: boolean;
}

function check(file: string): CheckReport {
  const { db, schemaVersion } = openDatabase(file, { now: Date.now(), readonly: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    const foreignKeys = db.pragma('foreign_key_check') as unknown[];
    const messages = integrity.map((row) => row.integrity_check);
    // Head office keeps the first change under a key and ignores the rest: a repeated key is a change it never gets.
    const duplicateOutboxKeys = countDuplicateOutboxKeys(db);
    const ok = messages.join() === 'ok' && foreignKeys.length === 0 && duplicateOutboxKeys === 0;
    return { file, schemaVersion, integrity: messages, foreignKeyViolations: foreignKeys.length, duplicateOutboxKeys, ok };
  } finally {
    db.close();
  }
}

/** A backup to restore: the same check, with an error that does not send the operator back to `db restore`. */
function checkBackup(target: string): CheckReport {
  try {
    return check(target);
  } catch (error) {
    if (error instanceof DatabaseFileError) throw new CliError(`${target} is not a readable SQLite database, not restoring it`);
    throw error;
  }
}

/** The database being replaced, kept: a consistent copy when it reads, else its raw file and WAL (it may be the damaged one). */
async function keepPrevious(file: string, safety: string): Promise<void> {
  mkdirSync(dirname(safety), { recursive: true });
  try {
    const { db } = openDatabase(file, { now: Date.now(), readonly: true });
    await db.backup(safety).finally(() => db.close());
  } catch {
    for (const suffix of ['', '-wal']) if (existsSync(file + suffix)) copyFileSync(file + suffix, safety + suffix);
  }
}

const describe = (report: CheckReport) =>
  `${report.ok ? 'OK' : 'PROBLEMS'}: ${report.file}, schema v${report.schemaVersion}, integrity: ${report.integrity.slice(0, 5).join('; ')}, foreign key violations: ${report.foreignKeyViolations}, duplicate outbox keys: ${report.duplicateOutboxKeys}`;

export const dbCommand: Command = {
  usage: 'db check | backup <file> | restore <file> | migrate  [--data-dir DIR] [--json]',
  json: true,
  options: {},
  async run({ values, positionals, out }) {
    const [action, target, ...extra] = positionals;
    const dataDir = dataDirOption(values);
    const file = databaseFile(dataDir);
    const stray = action === 'check' || action === 'migrate' ? [target, ...extra] : extra;
    if (stray[0] !== undefined) throw new CliError(`unexpected argument "${stray[0]}"`, 2);
    switch (action) {
      case 'check': {
        const report = check(file);
        out.result(report, describe(report));
        return report.ok ? 0 : 1;
      }
      case 'backup': {
        if (!target) throw new CliError('db backup needs a target file', 2);
        if (existsSync(target)) throw new CliError(`${target} exists already: choose a new file name`);
        const { db } = openDatabase(file, { now: Date.now(), readonly: true });
        try {
          mkdirSync(dirname(resolve(target)), { recursive: true });
          // The online backup API copies a consistent snapshot even while the kiosk keeps writing.
          await db.backup(target);
        } finally {
          db.close();
        }
        const report = check(target);
        out.result({ backup: resolve(target), ...report }, `backed up to ${resolve(target)} (${describe(report)})`);
        return report.ok ? 0 : 1;
      }
      case 'restore': {
        if (!target) throw new CliError('db restore needs the backup file to restore', 2);
        if (!existsSync(target)) throw new CliError(`no backup file at ${target}`);
        refuseWhileRunning(dataDir, 'restore');
        const report = checkBackup(target);
        if (!report.ok) throw new CliError(`${target} fails its check, not restoring it: ${describe(report)}`);
        const safety = join(dataDir, 'backups', `lotkeeper.db.before-restore.${new Date().toISOString().replace(/[:.]/g, '-')}`);
        if (existsSync(file)) await keepPrevious(file, safety);
        mkdirSync(dataDir, { recursive: true });
        replaceDatabaseFile(target, file);
        out.result({ restored: resolve(target), previous: existsSync(safety) ? safety : null }, `restored ${resolve(target)} (the previous database is kept at ${safety})`);
        return 0;
      }
      case 'migrate': {
        refuseWhileRunning(dataDir, 'migrate');
        const opened = openDatabase(file, { now: Date.now() });
        opened.db.close();
        const result = { from: opened.migratedFrom, to: opened.schemaVersion, backup: opened.backupFile };
        out.result(result, opened.migratedFrom === opened.schemaVersion ? `schema is current (v${opened.schemaVersion})` : `migrated v${result.from} -> v${result.to}${result.backup ? ` (backup: ${result.backup})` : ''}`);
        return 0;
      }
      default:
        throw new CliError(`unknown db action "${action ?? ''}": use check, backup, restore or migrate`, 2);
    }
  },
};
