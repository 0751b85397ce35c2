import type { Role } from '../api';
import type { MessageKey } from '../i18n';

export type ScreenId = 'dashboard' | 'sessions' | 'entry' | 'exit' | 'shift' | 'tariffs' | 'audit' | 'users' | 'payments' | 'lanes' | 'access' | 'sync' | 'devices' | 'siteSettings' | 'drivers' | 'bookings' | 'reports';

export interface Route {
  readonly screen: ScreenId;
  /** sessions: open this session's detail; exit: start from this session. */
  readonly sessionId?: number;
  /** bookings: start a new booking for this driver. */
  readonly driverId?: number;
  /** payments: open the wallets tab searching for this (a driver's wallet). */
  readonly walletSearch?: string;
  /** Bumped to ask the screen to focus its main field again (the `/` shortcut). */
  readonly focus?: number;
}

export interface ScreenDef {
  readonly id: ScreenId;
  readonly key: string;
  readonly min: Role;
  readonly label: MessageKey;
}

/**
 * The screens, their function keys and who may see them. The server checks every call's role anyway: this only
 * keeps the console from offering what would be refused. F5 is left alone (reload in a browser).
 */
export const SCREENS: readonly ScreenDef[] = [
  { id: 'dashboard', key: 'F1', min: 'attendant', label: 'nav.dashboard' },
  { id: 'sessions', key: 'F2', min: 'attendant', label: 'nav.sessions' },
  { id: 'entry', key: 'F3', min: 'attendant', label: 'nav.entry' },
  { id: 'exit', key: 'F4', min: 'attendant', label: 'nav.exit' },
  { id: 'shift', key: 'F6', min: 'attendant', label: 'nav.shift' },
  { id: 'tariffs', key: 'F7', min: 'supervisor', label: 'nav.tariffs' },
  { id: 'audit', key: 'F8', min: 'supervisor', label: 'nav.audit' },
  // Beside the audit log (F8), the other screen a supervisor reads the site's record on.
  { id: 'reports', key: 'Shift+F8', min: 'supervisor', label: 'nav.reports' },
  { id: 'users', key: 'F9', min: 'admin', label: 'nav.users' },
  { id: 'access', key: 'F10', min: 'attendant', label: 'nav.access' },
  { id: 'lanes', key: 'F11', min: 'attendant', label: 'nav.lanes' },
  { id: 'payments', key: 'F12', min: 'attendant', label: 'nav.payments' },
  // The customer side, beside the lot's own screens: Shift on Sessions' and Entry's keys.
  { id: 'drivers', key: 'Shift+F2', min: 'attendant', label: 'nav.drivers' },
  { id: 'bookings', key: 'Shift+F3', min: 'attendant', label: 'nav.bookings' },
  // Every plain function key is taken (F5 is reload): sync is Shift+F11.
  { id: 'sync', key: 'Shift+F11', min: 'supervisor', label: 'nav.sync' },
  // Beside Users (F9), the other admin screen.
  { id: 'devices', key: 'Shift+F9', min: 'admin', label: 'nav.devices' },
  // The third admin screen: what the site runs with after set-up.
  { id: 'siteSettings', key: 'Shift+F12', min: 'admin', label: 'nav.siteSettings' },
];

const RANK: Record<Role, number> = { attendant: 1, supervisor: 2, admin: 3 };

/** Mirrors the contract's roleAllows (which the renderer may not import as code). */
export function roleAtLeast(role: Role, min: Role): boolean {
  return RANK[role] >= RANK[min];
}

export function screensFor(role: Role): ScreenDef[] {
  return SCREENS.filter((s) => roleAtLeast(role, s.min));
}
