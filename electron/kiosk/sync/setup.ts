import type { HeadOffice } from '../../../native/headoffice';
import { HttpHeadOffice } from '../../../native/headoffice';
import type { Core } from '../core';
import type { TariffService } from '../tariffs/tariff-service';
import { headOfficeConfigSchema, type HeadOfficeSetup, type SyncSettings } from './config';
import { SyncService, type PulledHandlers } from './sync-service';
import { FileTokenStore, tokenFile, type TokenStore } from './token-store';

/**
 * Builds the sync worker from the kiosk's config. No head office, or one without a site token yet: the kiosk runs
 * offline and says why. A config that is present but wrong (bad URL, bad pin) stops the start with its reason.
 */
export function createSyncService(core: Core, tariffs: TariffService, dataDir: string, setup: HeadOfficeSetup | undefined, settings: SyncSettings = {}, pulled: PulledHandlers = {}): SyncService {
  const timers = { idleMs: settings.idleMs, pullEveryMs: settings.pullEveryMs, backoff: settings.backoff, random: settings.random, ...pulled };
  if (!setup) return new SyncService(core, tariffs, null, timers);
  if ('client' in setup) {
    const { nightlyAt, reconcileDays, batchSize, pullPageSize } = setup;
    return new SyncService(core, tariffs, setup.client, { ...timers, nightlyAt, reconcileDays, batchSize, pullPageSize });
  }
  const config = headOfficeConfigSchema.parse(setup);
  const store: TokenStore = settings.tokenStore ?? new FileTokenStore(tokenFile(dataDir));
  if (config.token) store.write(config.token);
  const token = store.read();
  const options = { ...timers, nightlyAt: config.nightlyAt, reconcileDays: config.reconcileDays, batchSize: config.batchSize, pullPageSize: config.pullPageSize };
  if (!token) return new SyncService(core, tariffs, null, options, `no site token stored for ${new URL(config.url).host}: this site runs offline`);
  const client: HeadOffice = new HttpHeadOffice({ url: config.url, token, pinnedSha256: config.pinnedSha256, timeoutMs: config.timeoutMs });
  core.log.info({ headOffice: config.url, pinned: config.pinnedSha256 !== null }, 'head office configured');
  return new SyncService(core, tariffs, client, options);
}
