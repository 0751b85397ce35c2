import type { Site } from '../api';
import { DEFAULT_SITE_FORMAT } from '../i18n';
import type { SiteFormat } from '../i18n/format';

/** What the header and the formatters need of the site: its name and how to write its money and time. */
export interface ShownSite extends SiteFormat {
  readonly name: string;
}

export const shownSite = (site: Site): ShownSite => ({ name: site.name, locale: site.locale, timeZone: site.timeZone, currency: site.currency });

export const NO_SITE: ShownSite = { name: '', ...DEFAULT_SITE_FORMAT };
