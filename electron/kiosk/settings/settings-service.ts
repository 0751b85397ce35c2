import type { CallOutput } from '../contract';
import type { SiteSettings } from '../contract/settings';
import { audit, type Actor, type Core } from '../core';
import type { HandlersFor, Services } from '../handlers';
import type { settingsCalls } from '../contract/settings';

type SettingsView = CallOutput<'settings.get'>;

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
}

export function settingsHandlers({ settings }: Services): HandlersFor<typeof settingsCalls> {
  return {
    'settings.get': () => settings.get(),
    'settings.save': (input, actor) => settings.save(input.settings, input.reason, actor),
  };
}
