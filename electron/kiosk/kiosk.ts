import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { appPath } from './app-paths';
import { openConnection, type KioskConnection } from './connection';
import { createCore } from './core';
import { DeviceRegistry } from './devices';
import { acquireInstanceLock } from './instance-lock';
import { createHandlers, type Services } from './handlers';
import { createLogger } from './log';
import { SessionService } from './sessions/session-service';
import { ShiftService } from './shifts/shift-service';
import { readSiteFile } from './site-file';
import { openStore, type Store } from './store/store';
import { TariffService } from './tariffs/tariff-service';
import { UserService, type LockoutPolicy } from './users/user-service';

export type { KioskConnection };

export interface KioskConfig {
  readonly dataDir: string;
  /** Used on first start only, to set up an empty database. Defaults to the built-in demo site. */
  readonly siteFile?: string;
  readonly clock?: () => number;
  readonly logLevel?: string;
  /** false: log nowhere (tests). */
  readonly logToFile?: boolean;
  readonly lockout?: LockoutPolicy;
}

export interface Kiosk {
  readonly dataDir: string;
  readonly store: Store;
  readonly services: Services;
  connect(peer: string): KioskConnection;
  close(): Promise<void>;
}

export const DEMO_SITE_FILE = (): string => appPath('resources', 'demo-site.json');
export const databaseFile = (dataDir: string): string => join(dataDir, 'lotkeeper.db');

export async function createKiosk(config: KioskConfig): Promise<Kiosk> {
  const now = config.clock ?? Date.now;
  mkdirSync(config.dataDir, { recursive: true });
  const releaseLock = acquireInstanceLock(config.dataDir);
  try {
    return await startKiosk(config, now, releaseLock);
  } catch (error) {
    releaseLock();
    throw error;
  }
}

async function startKiosk(config: KioskConfig, now: () => number, releaseLock: () => void): Promise<Kiosk> {
  const log = createLogger({ dataDir: config.logToFile === false ? null : config.dataDir, level: config.logLevel ?? 'info' });
  const store = openStore(databaseFile(config.dataDir), { now: now() });
  store.checkpointInBackground((message) => log.error(message));
  if (store.opened.backupFile) log.info({ backup: store.opened.backupFile, from: store.opened.migratedFrom }, 'database migrated');
  const core = createCore(store, now, log);
  const services: Services = {
    core,
    sessions: new SessionService(core),
    tariffs: new TariffService(core),
    users: new UserService(core, config.lockout),
    shifts: new ShiftService(core),
    devices: new DeviceRegistry(core.bus),
  };
  if (!store.site.isConfigured()) {
    await setUpSite(services, config.siteFile ?? DEMO_SITE_FILE()).catch(async (error: unknown) => {
      await store.close();
      throw error;
    });
  }
  const handlers = createHandlers(services);
  log.info({ dataDir: config.dataDir, schema: store.opened.schemaVersion }, 'kiosk started');
  return {
    dataDir: config.dataDir,
    store,
    services,
    connect: (peer) => openConnection(core, handlers, peer),
    async close() {
      await store.close();
      releaseLock();
      log.info('kiosk stopped');
      await new Promise<void>((resolve) => log.flush(() => resolve()));
    },
  };
}

/** First start: the site file's layout, rate tables and users in one transaction, each audited as set-up. */
async function setUpSite(services: Services, siteFile: string): Promise<void> {
  const file = readSiteFile(siteFile);
  const { store, now } = services.core;
  const users = await Promise.all(file.users.map((user) => services.users.prepare(user)));
  store.change(() => {
    store.site.save(file.layout, now());
    for (const table of file.rateTables) services.tariffs.save(table, 'site set-up', null);
    for (const user of users) services.users.insert(user, null);
  });
}
