import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { KioskClient, Role, SiteLayout, User } from '../api';
import { Nav } from '../components/Nav';
import { AccessScreen } from '../screens/access/AccessScreen';
import { AuditScreen } from '../screens/audit/AuditScreen';
import { DashboardScreen } from '../screens/dashboard/DashboardScreen';
import { BookingsScreen } from '../screens/bookings/BookingsScreen';
import { DevicesScreen } from '../screens/devices/DevicesScreen';
import { DriversScreen } from '../screens/drivers/DriversScreen';
import { LanesScreen } from '../screens/lanes/LanesScreen';
import { QueueCount } from '../screens/lanes/QueueCount';
import { ManualEntryScreen } from '../screens/manual-entry/ManualEntryScreen';
import { ManualExitScreen } from '../screens/manual-exit/ManualExitScreen';
import { PaymentsScreen } from '../screens/payments/PaymentsScreen';
import { ReportsScreen } from '../screens/reports/ReportsScreen';
import { SyncScreen } from '../screens/sync/SyncScreen';
import { SessionsScreen } from '../screens/sessions/SessionsScreen';
import { SiteSettingsScreen } from '../screens/site-settings/SiteSettingsScreen';
import { ShiftScreen } from '../screens/shift/ShiftScreen';
import { TariffsScreen } from '../screens/tariffs/TariffsScreen';
import { UsersScreen } from '../screens/users/UsersScreen';
import { focusScreen } from '../lib/screen-focus';
import { holdsTypedText } from '../lib/typed-text';
import { useI18n } from '../i18n';
import { AppContext, type AppContextValue } from './context';
import { roleAtLeast, screensFor, type Route, type ScreenId } from './routes';

/** Ctrl+Enter sends the form of a multi-line field, where Enter is a new line. */
function submitsFromTextarea(e: KeyboardEvent): boolean {
  if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || !(e.target instanceof HTMLTextAreaElement) || !e.target.form) return false;
  e.preventDefault();
  e.target.form.requestSubmit();
  return true;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

const VIEWS: Record<ScreenId, () => ReactNode> = {
  dashboard: DashboardScreen,
  sessions: SessionsScreen,
  entry: ManualEntryScreen,
  exit: ManualExitScreen,
  shift: ShiftScreen,
  tariffs: TariffsScreen,
  audit: AuditScreen,
  users: UsersScreen,
  payments: PaymentsScreen,
  sync: SyncScreen,
  lanes: LanesScreen,
  access: AccessScreen,
  devices: DevicesScreen,
  siteSettings: SiteSettingsScreen,
  drivers: DriversScreen,
  bookings: BookingsScreen,
  reports: ReportsScreen,
};

/** The logged-in console: side navigation, global keys, and the current screen. */
export function Console(props: {
  client: KioskClient;
  user: User;
  layout: SiteLayout;
  logout(): void;
  reportError(e: unknown): void;
}): ReactNode {
  const { client, user, layout, logout, reportError } = props;
  const { t } = useI18n();
  const [route, setRoute] = useState<Route>({ screen: 'dashboard' });
  const screens = useMemo(() => screensFor(user.role), [user.role]);
  const navigate = useCallback(
    (r: Route) => {
      if (screens.some((s) => s.id === r.screen)) setRoute(r);
    },
    [screens],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (submitsFromTextarea(e)) return;
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const hit = (e.shiftKey && screens.find((s) => s.key === `Shift+${e.key}`)) || screens.find((s) => s.key === e.key);
      if (hit) {
        e.preventDefault();
        // A function key works even inside a field or an open dialog, but asks before dropping what was typed there.
        const dialog = document.querySelector<HTMLDialogElement>('dialog[open]');
        if (dialog && holdsTypedText(dialog) && !window.confirm(t('dialog.leaveTyped'))) return;
        dialog?.dispatchEvent(new Event('cancel'));
        setRoute({ screen: hit.id, focus: Date.now() });
        return;
      }
      if (e.key === '/' && !isTyping(e.target) && !document.querySelector('dialog[open]')) {
        e.preventDefault();
        setRoute({ screen: 'sessions', focus: Date.now() });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [screens, t]);

  const value = useMemo<AppContextValue>(
    () => ({
      client,
      user,
      layout,
      route,
      navigate,
      can: (min: Role) => roleAtLeast(user.role, min),
      logout,
      reportError,
    }),
    [client, user, layout, route, navigate, logout, reportError],
  );
  // After login and after every function key or navigation, focus goes to the screen (lib/screen-focus.ts).
  const mainRef = useRef<HTMLElement>(null);
  useEffect(() => (mainRef.current ? focusScreen(mainRef.current) : undefined), [route.screen, route.focus]);
  const View = VIEWS[route.screen];
  return (
    <AppContext.Provider value={value}>
      <div className="console">
        <Nav screens={screens} current={route.screen} onGo={(id) => navigate({ screen: id, focus: Date.now() })} counts={{ lanes: <QueueCount /> }} />
        <main className="screen" data-screen={route.screen} key={route.screen} ref={mainRef}>
          <View />
        </main>
      </div>
    </AppContext.Provider>
  );
}
