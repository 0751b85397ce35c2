import type { SiteLayout } from './contract';
import type { EventBus } from './events';
import type { Logger } from './log';
import type { AuditRecord } from './store/audit-repo';
import type { Store } from './store/store';

/** What every use-case gets: the store, the injected clock, the logger and the event bus. */
export interface Core {
  readonly store: Store;
  readonly now: () => number;
  readonly log: Logger;
  readonly bus: EventBus;
  layout(): SiteLayout;
}

/** The acting user as the core knows them; always re-read from the store, never taken from the caller. */
export interface Actor {
  readonly id: number;
  readonly username: string;
  readonly role: 'attendant' | 'supervisor' | 'admin';
}

/** Appends the audit row and its outbox copy; call inside the change's transaction. */
export function audit(core: Core, record: Omit<AuditRecord, 'at'> & { at?: number }): void {
  const row = core.store.audit.append({ ...record, at: record.at ?? core.now() });
  core.store.outbox.append('audit', `audit:${row.seq}`, row, row.at);
}
