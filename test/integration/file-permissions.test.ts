import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseFile } from '../../electron/kiosk/data-dir';
import { keychainSeals, secretStores, type OsKeychain } from '../../electron/kiosk/auth/keychain';
import { expectOk, loggedIn, DEMO, startTestKiosk } from '../support/kiosk-harness';
import { useTempDirs } from '../support/temp-dir';

/** What the data folder holds (PIN hashes, plates, tokens, logs) is readable by the kiosk's own user only. */
const tempDir = useTempDirs();
const mode = (path: string) => statSync(path).mode & 0o777;
const SITE_TOKEN = 'st_'.padEnd(40, 'x');

async function withLogs(dataDir: string) {
  const kiosk = await startTestKiosk(dataDir, { logToFile: true });
  const anna = await loggedIn(kiosk, ...DEMO.attendant);
  await expectOk(anna, 'sessions.manualEntry', { plate: 'AB12CDE', laneId: null, zoneId: 'ground', vehicleClass: 'car', reason: 'camera down' });
  return kiosk;
}

describe.skipIf(process.platform === 'win32')('the data folder', () => {
  it('creates the database, its WAL and SHM and the logs 0600 inside a 0700 folder, whatever the umask', async () => {
    const dataDir = join(tempDir(), 'fresh');
    const umask = process.umask(0o002);
    try {
      const kiosk = await withLogs(dataDir);
      const db = databaseFile(dataDir);
      expect([mode(dataDir), mode(db), mode(`${db}-wal`), mode(`${db}-shm`)]).toEqual([0o700, 0o600, 0o600, 0o600]);
      await kiosk.close();
      const logs = join(dataDir, 'logs');
      expect(mode(logs)).toBe(0o700);
      const files = readdirSync(logs).filter((name) => name.endsWith('.log'));
      expect(files.length).toBeGreaterThan(0);
      expect(files.map((name) => mode(join(logs, name)))).toEqual(files.map(() => 0o600));
    } finally {
      process.umask(umask);
    }
  });

  it('fixes an existing install at start: world-readable database, logs and backups become private', async () => {
    const dataDir = tempDir();
    await (await withLogs(dataDir)).close();
    const db = databaseFile(dataDir);
    mkdirSync(join(dataDir, 'backups'), { recursive: true });
    writeFileSync(join(dataDir, 'backups', 'old.db'), 'x');
    const loose = [db, join(dataDir, 'backups', 'old.db'), ...readdirSync(join(dataDir, 'logs')).map((name) => join(dataDir, 'logs', name))];
    for (const path of [dataDir, join(dataDir, 'logs'), join(dataDir, 'backups')]) chmodSync(path, 0o755);
    for (const path of loose) chmodSync(path, 0o644);

    const kiosk = await startTestKiosk(dataDir);
    expect([dataDir, join(dataDir, 'logs'), join(dataDir, 'backups')].map(mode)).toEqual([0o700, 0o700, 0o700]);
    expect(loose.map(mode)).toEqual(loose.map(() => 0o600));
    await kiosk.close();
  });
});

/** safeStorage on a Linux desktop without a keyring, as Electron reports it. */
function keychain(backend: string): OsKeychain & { sealedWith: string[] } {
  const sealedWith: string[] = [];
  return {
    sealedWith,
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString: (plain) => {
      sealedWith.push(backend);
      return Buffer.from(`sealed:${plain}`);
    },
    decryptString: (sealed) => sealed.toString().replace(/^sealed:/, ''),
  };
}

describe('secrets at rest in the desktop app', () => {
  it("keeps the 0600 file on Linux's basic_text backend instead of pretending to seal, and carries a token sealed earlier over", () => {
    const dataDir = tempDir();
    secretStores(dataDir, keychain('gnome_libsecret'), 'linux').siteToken.write(SITE_TOKEN); // an earlier start
    const basic = keychain('basic_text');
    const stores = secretStores(dataDir, basic, 'linux');
    expect(stores.atRest).toEqual({ sealed: false, reason: expect.stringContaining('basic_text') });
    expect(stores.siteToken.read()).toBe(SITE_TOKEN);
    expect(mode(join(dataDir, 'headoffice.token'))).toBe(0o600);
    stores.twilioToken.write('a'.repeat(32));
    expect(existsSync(join(dataDir, 'twilio.sealed'))).toBe(false);
    expect(basic.sealedWith).toEqual([]);
    expect(keychainSeals(keychain('kwallet5'), 'linux')).toEqual({ sealed: true });
    expect(keychainSeals(keychain('basic_text'), 'win32')).toEqual({ sealed: true });
  });

  it('says so on the console as a device notice', async () => {
    const kiosk = await startTestKiosk(tempDir(), { secretsAtRest: { sealed: false, reason: 'no keyring on this Linux desktop (basic_text)' } });
    const anna = await loggedIn(kiosk, ...DEMO.attendant);
    const { devices } = await expectOk(anna, 'dashboard.get', {});
    expect(devices).toContainEqual({ id: 'keychain', kind: 'keychain', laneId: null, healthy: false, detail: expect.stringContaining('0600 files') });
    await kiosk.close();
  });
});
