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
