import type { CallOutput } from '../contract';
import type { SiteEdit, SiteSettings } from '../contract/settings';
import { audit, type Actor, type Core } from '../core';
import { conflict } from '../errors';
import type { HandlersFor, Services } from '../handlers';
import type { settingsCalls } from '../contract/settings';

type SettingsView = CallOutput<'settings.get'>;
type SiteView = CallOutput<'settings.site'>;

/** The Site settings screen's calls: read, and save whole with a reason (admin; the role is checked by connection.ts). */
export class SettingsService {
  constructor(private readonly core: Core) {}

  get(): SettingsView {
    return this.core.store.settings.get();
  }

  /**
   * One transaction: the row, its audit row (before and after, with the reason) and the audit row's outbox copy,
   * so head office gets the change with everything else. The outbox also carries the settings themselves, keyed by
   * when they were saved, so head office can show each site's settings without replaying audit rows.
   */
  save(settings: SiteSettings, reason: string, actor: Actor): SettingsView {
    const { store, now } = this.core;
    const at = now();
    store.change(() => {
      const before = store.settings.get().settings;
      store.settings.save(settings, actor.username, at);
      audit(this.core, { actor: actor.username, action: 'settings.save', subject: 'site:settings', detail: { reason, before, after: settings } });
      store.outbox.append('site_settings', `site_settings:${at}`, { settings, updatedBy: actor.username, updatedAt: at }, at);
    });
    return this.get();
  }

  site(): SiteView {
    const { currency, ...editable } = this.core.layout().site;
    return { site: { ...editable, currency }, carsInside: this.carsInside() };
  }

  /**
   * The site's name, time zone, locale and tax rate: one transaction with the audit row (before and after) and the
   * outbox row, then the core reloads its layout and every console hears site.changed. Stays are kept as instants,
   * so a new time zone moves no entry time; the cars inside are priced in the new zone's local time from now on
   * (bands, offers, calendar days), which the admin must acknowledge while there are any.
   */
  saveSite(edit: SiteEdit, reason: string, carsInsideAcknowledged: boolean, actor: Actor): SiteView {
    const { store, now } = this.core;
    const before = this.core.layout().site;
    const after = { ...before, ...edit };
    const carsInside = this.carsInside();
    if (after.timeZone !== before.timeZone && carsInside > 0 && !carsInsideAcknowledged) {
      throw conflict(
        `${carsInside} car(s) are inside: their entry times stay as they are, but their stays will be priced in ` +
        `${after.timeZone} local time from now on; acknowledge this to change the time zone`,
      );
    }
    const at = now();
    store.change(() => {
      store.site.saveIdentity(edit, at);
      audit(this.core, { actor: actor.username, action: 'settings.saveSite', subject: 'site', detail: { reason, before, after, carsInside } });
      store.outbox.append('site', `site:${at}`, { site: after, updatedBy: actor.username, updatedAt: at }, at);
    });
    this.core.bus.emit('site.changed', this.core.reloadLayout());
    return this.site();
  }

  private carsInside(): number {
    return this.core.store.sessions.occupancy().reduce((sum, row) => sum + row.occupied, 0);
  }
}

export function settingsHandlers({ settings }: Services): HandlersFor<typeof settingsCalls> {
  return {
    'settings.get': () => settings.get(),
    'settings.save': (input, actor) => settings.save(input.settings, input.reason, actor),
    'settings.site': () => settings.site(),
    'settings.saveSite': (input, actor) => settings.saveSite(input.site, input.reason, input.carsInsideAcknowledged, actor),
  };
}
