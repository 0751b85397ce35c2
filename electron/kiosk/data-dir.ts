import { chmodSync, existsSync, mkdirSync, openSync, closeSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the site's database, logs and backups live: the same folder Electron's app.getPath('userData') gives for
 * the product name "Lotkeeper", so the desktop app and the headless kiosk share one database. LOTKEEPER_DATA_DIR
 * overrides it.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env['LOTKEEPER_DATA_DIR']) return env['LOTKEEPER_DATA_DIR'];
  if (platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'Lotkeeper');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Lotkeeper');
  return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'Lotkeeper');
}

/** The site's SQLite database in its data folder. */
export const databaseFile = (dataDir: string): string => join(dataDir, 'lotkeeper.db');

/** Folders whose files are few and all private (the evidence folder is many images: its 0700 folder guards them). */
const PRIVATE_FILE_FOLDERS = new Set(['logs', 'backups']);

/**
 * The data folder as only its owner may read it: the folder and its sub-folders 0700, the database (SQLite gives its
 * WAL and SHM the database file's mode), tokens, backups and logs 0600. Run at every start, so an install from before
 * this rule (files 0644 under the umask) is fixed too. Windows keeps its ACLs: modes mean nothing there.
 */
export function securePrivateDataDir(dataDir: string, databaseFile: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  // Created empty at 0600 before SQLite opens it: SQLite then creates -wal and -shm with the same mode.
  if (!existsSync(databaseFile)) closeSync(openSync(databaseFile, 'a', 0o600));
  chmodSync(dataDir, 0o700);
  for (const entry of readdirSync(dataDir, { withFileTypes: true })) {
    const path = join(dataDir, entry.name);
    if (entry.isFile()) chmodSync(path, 0o600);
    if (!entry.isDirectory()) continue;
    chmodSync(path, 0o700);
    if (PRIVATE_FILE_FOLDERS.has(entry.name)) {
      for (const file of readdirSync(path, { withFileTypes: true })) if (file.isFile()) chmodSync(join(path, file.name), 0o600);
    }
  }
}
