import type { SiteLayout } from './contract';
import { UnrecordedWrites } from './disk/unrecorded';
import { EventBus } from './events';
import type { Logger } from './log';
import type { AuditRecord } from './store/audit-repo';
import type { PlateCorrection } from './store/evidence-repo';
import type { Store } from './store/store';

/** What every use-case gets: the store, the injected clock, the logger and the event bus. */
export interface Core {
  readonly store: Store;
  readonly now: () => number;
  readonly log: Logger;
  readonly bus: EventBus;
  /** Records that wait for disk space (disk/unrecorded.ts): what an attendant did on a full disk. */
  readonly unrecorded: UnrecordedWrites;
  layout(): SiteLayout;
  /** Reads the layout again after a change to it (the Site settings screen), so every use-case sees it at once. */
  reloadLayout(): SiteLayout;
}

/** The site layout is read once and kept (it is read on every quote and lane event); a change to it reloads it. */
export function createCore(store: Store, now: () => number, log: Logger): Core {
  let layout: SiteLayout | undefined;
  const bus = new EventBus();
  const reloadLayout = () => (layout = store.site.load());
  const unrecorded = new UnrecordedWrites(now, log, bus);
  store.beforeEachChange(() => unrecorded.flush());
  return { store, now, log, bus, unrecorded, layout: () => layout ?? reloadLayout(), reloadLayout };
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

/** Keeps a correction of a lane's reader and its outbox copy (head office measures readers too); inside the change. */
export function recordPlateCorrection(core: Core, correction: PlateCorrection): void {
  const id = core.store.evidence.addCorrection(correction);
  core.store.outbox.append('plate_correction', `plate_correction:${id}`, { id, ...correction }, correction.at);
}
