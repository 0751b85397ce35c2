import { join } from 'node:path';
import { appPath } from './app-paths';
import { databaseFile, securePrivateDataDir } from './data-dir';
import { openConnection, type KioskConnection } from './connection';
import { ClockGuard, type ClockGuardOptions } from './clock-guard';
import { ClockJumps } from './clock-jumps';
import { createCore, type Core } from './core';
import { DeviceRegistry } from './devices';
import { acquireInstanceLock } from './instance-lock';
import { createHandlers, type Services } from './handlers';
import { closeLogger, createLogger } from './log';
import { Logins, type LoginPolicy } from './auth/logins';
import type { SecretsAtRest } from './auth/keychain';
import { SessionService } from './sessions/session-service';
import { ShiftService } from './shifts/shift-service';
import { readSiteFile, type SiteFile } from './site-file';
import { openStore, type Store } from './store/store';
import { TariffService } from './tariffs/tariff-service';
import { UserService, type LockoutPolicy, type LoginLimits } from './users/user-service';
import type { HeadOfficeSetup, SyncSettings } from './sync/config';
import { createSyncService } from './sync/setup';
import { createNotifyService, type SmsSetup } from './notify/setup';
import { createPaymentService, readerSettings, type PaymentsConfig } from './payments/setup';
import { PrinterSettingsService } from './payments/printer-settings';
import { DEFAULT_PAYMENT_OPTIONS } from './payments/payment-service';
import { encodeJpeg } from '../../native/camera';
import { seededRandom, type TrafficOptions } from '../../native/demo';
import { AccessService } from './lanes/access-service';
import { DeviceHub } from './lanes/device-hub';
import { EvidenceKeeper } from './lanes/evidence';
import { LaneService, type LaneDevices } from './lanes/lane-service';
import { LaneSettingsService } from './lanes/settings-service';
import { SettingsService } from './settings/settings-service';
import { DriverService } from './drivers/driver-service';
import { ERASURE_LEDGER, ErasureLedger, reapplyErasures } from './drivers/erasure-ledger';
import { BookingService } from './bookings/booking-service';
import { BookingArrivals } from './bookings/arrivals';
import { BookingCards } from './bookings/booking-cards';
import { readDemoDrivers, setUpDrivers } from './bookings/site-drivers';
import { SpaceService } from './spaces/space-service';
import { DEFAULT_DISK_SETTINGS, DiskWatch, oldestLogTrimmer, type DiskSettings } from './disk/disk-watch';
import { generateDemoHistory } from './reports/demo-history';
import { DeviceFaultLog } from './reports/device-faults';
import { DEFAULT_REPORT_RUNNER, ReportRunner, type ReportRunnerOptions } from './reports/report-runner';
import { AnomalyService, DEFAULT_ANOMALY_TIMINGS, type AnomalyTimings } from './anomalies/anomaly-service';

export type { KioskConnection };
/** For main.ts: the site and Twilio tokens sealed by Electron's safeStorage where it really seals (auth/keychain.ts). */
export { secretStores, type OsKeychain, type SecretsAtRest } from './auth/keychain';
/** For main.ts: head office's pay page and link secret from the environment (`payments: payLinkSettings(env)`). */
export { payLinkSettings } from './payments/setup';
/** For main.ts: Twilio from LOTKEEPER_TWILIO_*, its auth token sealed like the site token (`sms: smsSetupFrom(env, store)`). */
export { smsSetupFrom } from './notify/config';

export interface KioskConfig {
  readonly dataDir: string;
  /** Used on first start only, to set up an empty database. Defaults to the built-in demo site. */
  readonly siteFile?: string;
  readonly clock?: () => number;
  /**
   * A clock that never jumps, ms (default performance.now; with an injected `clock` and none given, that clock
   * itself, so a test's fake time is never taken for a jump). The clock guard compares the two.
   */
  readonly monotonic?: () => number;
  readonly clockGuard?: ClockGuardOptions;
  readonly logLevel?: string;
  /** false: log nowhere (tests). */
  readonly logToFile?: boolean;
  readonly lockout?: LockoutPolicy;
  /** Login attempts per console and per username, and how long quiet failures are tallied (users/login-guard.ts). */
  readonly loginLimits?: LoginLimits;
  /** Overrides the site's login timeouts (Site settings); tests that move the clock by hours keep their logins. */
  readonly loginPolicy?: LoginPolicy;
  /** How often every console's login is checked against its idle and age limits; default 15 s. */
  readonly loginCheckMs?: number;
  /** Card readers and payment options (payments/setup.ts); the demo site runs a simulated reader. */
  readonly payments?: PaymentsConfig;
  /**
   * 'site' (default): start the lane devices the site's devices table names (the demo site: its simulated board,
   * cameras and traffic). 'none': no lane devices, every lane is run by hand. Or the devices themselves (test rigs).
   */
  readonly devices?: 'site' | 'none' | LaneDevices;
  /** Overrides for the demo site's traffic (tests speed it up and seed it). */
  readonly demoTraffic?: Partial<TrafficOptions>;
  /** Days evidence images are kept before they are deleted (the sessions keep their text record); this wins over
   * the site's setting (Site settings, 30 days until an admin changes it). */
  readonly evidenceRetentionDays?: number;
  /** Head office for sync (sync/config.ts). None: the kiosk runs offline and says so. */
  readonly headOffice?: HeadOfficeSetup;
  /** The site token's store (main.ts passes one over safeStorage; headless: a 0600 file) and the sync timers. */
  readonly sync?: SyncSettings;
  /** SMS carrier (notify/setup.ts). None: messages wait in their queue. */
  readonly sms?: SmsSetup;
  /** The desktop app: whether its secrets are sealed by the OS keychain (the console says so when they are not). */
  readonly secretsAtRest?: SecretsAtRest;
  /** The low-disk alarm's threshold and how often the disk is looked at (disk/disk-watch.ts). */
  readonly disk?: Partial<DiskSettings>;
  /**
   * Days of generated past the demo site starts with on its first start (reports/demo-history.ts); the app and
   * `lotkeeper serve` ask for 90, tests for none (the default). Ignored for any site file but the demo's.
   */
  readonly demoHistoryDays?: number;
  /** When the anomaly detectors scan the record (anomalies/anomaly-service.ts); tests scan sooner. */
  readonly anomalies?: Partial<AnomalyTimings>;
  /** The report worker's watchdog, queue and heap limits (reports/report-runner.ts). */
  readonly reports?: Partial<ReportRunnerOptions>;
}

export interface Kiosk {
  readonly dataDir: string;
  readonly store: Store;
  readonly services: Services;
  connect(peer: string): KioskConnection;
  close(): Promise<void>;
}

/** Evidence images deleted at a time when the disk runs low (then the disk is looked at again). */
const EVIDENCE_TRIM_BATCH = 20;

export const DEMO_SITE_FILE = (): string => appPath('resources', 'demo-site.json');

export async function createKiosk(config: KioskConfig): Promise<Kiosk> {
  const now = config.clock ?? Date.now;
  securePrivateDataDir(config.dataDir, databaseFile(config.dataDir));
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
  const store = openStore(databaseFile(config.dataDir), { now: now(), verify: true });
  store.checkpointInBackground((message) => log.error(message));
  if (store.opened.backupFile) log.info({ backup: store.opened.backupFile, from: store.opened.migratedFrom }, 'database migrated');
  const core = createCore(store, now, log);
  let services: Services;
  let stopServices: () => Promise<void>;
  try {
    const tariffs = new TariffService(core);
    const users = new UserService(core, config.lockout, config.loginLimits);
    // Before the services that read the site's devices and settings: they must see the site as set up.
    const setUp = store.site.isConfigured() ? null : await setUpSite(core, tariffs, users, config.siteFile ?? DEMO_SITE_FILE());
    if (setUp && config.demoHistoryDays && (config.siteFile ?? DEMO_SITE_FILE()) === DEMO_SITE_FILE()) generateDemoHistory(core, tariffs, { days: config.demoHistoryDays, random: seededRandom(16) });
    services = buildServices(config, core, tariffs, users);
    // The demo's regulars come with its simulated world (the live demo), not with every kiosk set up from the demo site.
    const demoWorld = (config.devices ?? 'site') === 'site' && (config.siteFile ?? DEMO_SITE_FILE()) === DEMO_SITE_FILE();
    if (setUp) setUpDrivers(core, services.drivers, services.bookings, [...setUp.drivers, ...(demoWorld ? readDemoDrivers() : [])]);
    stopServices = await startServices(config, services);
  } catch (error) {
    // A kiosk that cannot start (a bad site file, a device config, a port in use) leaves no database open behind it.
    await store.close();
    throw error;
  }
  const handlers = createHandlers(services);
  log.info({ dataDir: config.dataDir, schema: store.opened.schemaVersion }, 'kiosk started');
  return {
    dataDir: config.dataDir,
    store,
    services,
    connect: (peer) => openConnection(core, handlers, peer, services.logins),
    async close() {
      await stopServices();
      services.users.flushFailedLogins();
      await store.close();
      releaseLock();
      log.info('kiosk stopped');
      await closeLogger(log);
    },
  };
}

function buildServices(config: KioskConfig, core: Core, tariffs: TariffService, users: UserService): Services {
  const devices = new DeviceRegistry(core.bus);
  const monotonic = config.monotonic ?? (config.clock ? core.now : () => performance.now());
  const jumps = new ClockJumps(core, config.dataDir);
  const clock: ClockGuard = new ClockGuard({ wall: core.now, monotonic }, () => core.store.sessions.lastId(), devices.register({ id: 'clock', kind: 'clock', laneId: null }), (jump) => jumps.record(jump, (lastSessionId) => clock.settle(jump, lastSessionId)), config.clockGuard);
  jumps.restore(clock);
  const sessions = new SessionService(core, clock.stayEnd);
  const payments = createPaymentService(core, sessions, devices, config.dataDir, config.payments);
  const drivers = new DriverService(core, new ErasureLedger(join(config.dataDir, ERASURE_LEDGER)));
  const notify = createNotifyService(core, config.sms);
  const bookings = new BookingService(core, tariffs, drivers, notify);
  sessions.bookings = new BookingArrivals(core, bookings.repo, drivers.repo);
  const cardTimings = { ...DEFAULT_PAYMENT_OPTIONS, ...config.payments };
  const bookingCards = new BookingCards(core, bookings, payments.terminals, { followTimeoutMs: cardTimings.followTimeoutMs, searchLagMs: cardTimings.searchLagMs });
  const evidence = new EvidenceKeeper(core, join(config.dataDir, 'evidence'), encodeJpeg, config.evidenceRetentionDays ?? null);
  const lanes = new LaneService(core, sessions, devices, encodeJpeg, {
    price: (sessionId, at) => payments.quote(sessionId, at),
    collect: ({ laneId, terminalId, sessionId, amountMinor, currency }) =>
      payments.payCard({ sessionId, terminalId, amountMinor, currency, idempotencyKey: `lane-${laneId}-${sessionId}-${core.now()}` }, { id: 0, username: `lane:${laneId}`, role: 'attendant' }),
  });
  return {
    core,
    sessions,
    clock,
    tariffs,
    users,
    shifts: new ShiftService(core),
    devices,
    payments,
    printers: new PrinterSettingsService(core, payments.documents.printers, devices),
    access: new AccessService(core),
    lanes,
    laneSettings: new LaneSettingsService(core, lanes, readerSettings(payments)),
    logins: new Logins(core, config.loginPolicy),
    evidence,
    disk: new DiskWatch(core, config.dataDir, devices.register({ id: 'disk', kind: 'disk', laneId: null }), [oldestLogTrimmer(join(config.dataDir, 'logs')), async () => (await evidence.purgeOldest(EVIDENCE_TRIM_BATCH)) > 0], {
      ...DEFAULT_DISK_SETTINGS,
      ...config.disk,
    }),
    settings: new SettingsService(core),
    sync: createSyncService(core, tariffs, config.dataDir, config.headOffice, config.sync, {
      qrPaid: (payment) => void payments.qr.confirm(payment),
      bookingPulled: (booking) => bookings.applyHeadOffice(booking),
      stripeRelayed: (event) => payments.stripeRelayed(event.checkoutSessionId),
    }),
    notify,
    drivers,
    bookings,
    bookingCards,
    spaces: new SpaceService(core),
    anomalies: new AnomalyService(core, { ...DEFAULT_ANOMALY_TIMINGS, ...config.anomalies }),
    reports: new ReportRunner(databaseFile(config.dataDir), core.log, { ...DEFAULT_REPORT_RUNNER, ...config.reports }),
  };
}

/** Starts what runs in the background (readers, lanes, sync, SMS); returns how to stop it all again. */
async function startServices(config: KioskConfig, services: Services): Promise<() => Promise<void>> {
  const { core, devices } = services;
  let hub: DeviceHub | null = null;
  const faults = new DeviceFaultLog(core);
  const stop = async (): Promise<void> => {
    faults.stop();
    services.anomalies.stop();
    await Promise.all([services.sync.stop(), services.notify.stop(), services.reports.close()]);
    await services.payments.stop();
    services.lanes.stop();
    services.clock.stop();
    services.bookings.stop();
    services.bookingCards.stop();
    await services.disk.stop();
    await services.evidence.stop();
    await hub?.close();
    services.logins.stop();
  };
  try {
    services.clock.start();
    faults.start(); // before the devices report, so their first faults are kept
    services.payments.start(); // start-up reconciliation of unfinished card attempts, reader health
    // Before the lanes run: a database restored from a copy older than some erasures gets them again.
    const { sessionIds } = reapplyErasures(core, services.drivers);
    await services.evidence.purgeSessions(sessionIds);
    const wanted = config.devices ?? 'site';
    hub = wanted === 'site' ? await DeviceHub.start(core, devices, { runDir: join(config.dataDir, 'run'), demoTraffic: config.demoTraffic }) : null;
    await services.lanes.start(wanted === 'site' ? hub : wanted === 'none' ? null : wanted, services.evidence);
    services.evidence.startRetention();
    services.logins.start(config.loginCheckMs ?? 15_000);
    services.bookings.start();
    services.bookingCards.start(config.payments?.reconcileEveryMs ?? DEFAULT_PAYMENT_OPTIONS.reconcileEveryMs);
    services.anomalies.start(services.lanes.list());
    core.unrecorded.onChange(() => void services.disk.check().catch(() => undefined));
    services.disk.start();
    services.sync.start(() => devices.register({ id: 'headoffice', kind: 'headoffice', laneId: null }));
    services.notify.start(devices.register({ id: 'sms', kind: 'sms', laneId: null }));
    if (config.secretsAtRest && !config.secretsAtRest.sealed) {
      const detail = `${config.secretsAtRest.reason}: tokens are kept in 0600 files in the data folder`;
      devices.register({ id: 'keychain', kind: 'keychain', laneId: null })({ healthy: false, detail });
      core.log.warn(detail);
    }
    return stop;
  } catch (error) {
    // What did start (payments' timers, the device hub's simulators and ports) stops again before the error goes on.
    await stop().catch(() => undefined);
    throw error;
  }
}

/** First start: the site file's layout, rate tables and users in one transaction, each audited as set-up. */
async function setUpSite(core: Core, tariffs: TariffService, userService: UserService, siteFile: string): Promise<SiteFile> {
  const file = readSiteFile(siteFile);
  const { store, now } = core;
  const users = await Promise.all(file.users.map((user) => userService.prepare(user)));
  store.change(() => {
    store.site.save(file.layout, now());
    for (const table of file.rateTables) tariffs.save(table, 'site set-up', null);
    for (const user of users) userService.insert(user, null);
    for (const device of file.devices) store.lanes.saveDevice(device, 'site set-up', now());
    for (const printer of file.printers) store.printers.save(printer, 'site set-up', now());
    for (const settings of file.laneSettings) store.lanes.saveSettings(settings, 'site set-up', now());
    for (const record of file.access) store.access.put(record.kind, record.definition, { origin: 'site', by: 'site set-up', now: now() });
    const fromFile = { ...file.loginPolicy, ...(file.plateRegions ? { plateRegions: file.plateRegions } : {}), ...(file.plateHomeCountry ? { plateHomeCountry: file.plateHomeCountry } : {}) };
    if (Object.keys(fromFile).length) store.settings.save({ ...store.settings.get().settings, ...fromFile }, 'site set-up', now());
  });
  return file;
}
