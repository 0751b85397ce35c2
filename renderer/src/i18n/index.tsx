import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { en } from './messages/en';
import { createFormatters, splitMinutes, type Formatters, type SiteFormat } from './format';
import { createTranslator, type Params, type Translate } from './translate';

export type MessageKey = Extract<keyof typeof en, string>;
export type T = Translate<MessageKey>;

export interface I18n {
  readonly t: T;
  readonly fmt: Formatters;
  /** 125 -> "2 h 5 min" */
  duration(minutes: number): string;
}

/** The site's locale picks the formats; English is the only catalogue so far (add one file per language). */
export function makeI18n(site: SiteFormat): I18n {
  const t = createTranslator(en, site.locale);
  const fmt = createFormatters(site);
  return {
    t,
    fmt,
    duration(minutes) {
      const { days, hours, minutes: m } = splitMinutes(minutes);
      if (days > 0) return t('duration.dhm', { d: days, h: hours, m });
      if (hours > 0) return t('duration.hm', { h: hours, m });
      return t('duration.m', { m });
    },
  };
}

/** Before the first login we do not know the site: English, UTC, EUR; the login screen shows no times. */
export const DEFAULT_SITE_FORMAT: SiteFormat = { locale: 'en', timeZone: 'UTC', currency: 'EUR' };

const I18nContext = createContext<I18n>(makeI18n(DEFAULT_SITE_FORMAT));

export function I18nProvider({ site, children }: { site: SiteFormat; children: ReactNode }): ReactNode {
  const value = useMemo(() => makeI18n(site), [site.locale, site.timeZone, site.currency]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}

export type { Params };
