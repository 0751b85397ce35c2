import type { SiteLayout } from '../api';
import { DEFAULT_SITE_FORMAT } from '../i18n';
import type { SiteFormat } from '../i18n/format';

/**
 * The last site seen, so the login screen can show the site's name and local time before anyone logs in
 * (site.layout needs a login). Only names and formats: nothing secret.
 */
export interface CachedSite extends SiteFormat {
  readonly name: string;
}

const KEY = 'lotkeeper.site';

export function readCachedSite(): CachedSite | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<CachedSite>;
    if (typeof v.name === 'string' && typeof v.locale === 'string' && typeof v.timeZone === 'string' && typeof v.currency === 'string') {
      return { name: v.name, locale: v.locale, timeZone: v.timeZone, currency: v.currency };
    }
  } catch {
    /* storage unavailable or junk: start without */
  }
  return null;
}

export function cacheSite(layout: SiteLayout): CachedSite {
  const site = layout.site;
  const cached: CachedSite = { name: site.name, locale: site.locale, timeZone: site.timeZone, currency: site.currency };
  try {
    localStorage.setItem(KEY, JSON.stringify(cached));
  } catch {
    /* not fatal */
  }
  return cached;
}

export const NO_SITE: CachedSite = { name: '', ...DEFAULT_SITE_FORMAT };
