import type { ReactNode } from 'react';
import type { ConnectionState, User } from '../api';
import { useNow } from '../app/hooks-basic';
import { useI18n } from '../i18n';

function ConnectionPill({ state }: { state: ConnectionState }): ReactNode {
  const { t } = useI18n();
  const glyph = state.kind === 'open' ? '●' : state.kind === 'lost' ? '✕' : '…';
  return (
    <span className={`pill pill-conn-${state.kind}`} data-testid="connection-state">
      <span aria-hidden="true">{glyph}</span> {t(`connection.${state.kind}`)}
    </span>
  );
}

function SiteClock({ timeZone }: { timeZone: string }): ReactNode {
  const { fmt, t } = useI18n();
  const now = useNow(1000);
  return (
    <div className="clock" title={t('header.timeZone', { zone: timeZone })}>
      <span className="clock-time num" data-testid="site-clock">{fmt.time(now)}</span>
      <span className="clock-date">{fmt.date(now)}</span>
    </div>
  );
}

/** Site name, the site's local time (its zone, not the PC's), who is logged in, and the link state. */
export function Header({
  siteName,
  timeZone,
  user,
  connection,
  onLogout,
  sync,
}: {
  siteName: string | null;
  timeZone: string | null;
  user: User | null;
  connection: ConnectionState;
  onLogout?: (() => void) | undefined;
  /** Head-office sync at a glance (components/SyncBadge), once someone is logged in. */
  sync?: ReactNode;
}): ReactNode {
  const { t } = useI18n();
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-name">{t('app.name')}</span>
        <span className="site-name" data-testid="site-name">{siteName ?? ''}</span>
        {sync}
      </div>
      {timeZone ? <SiteClock timeZone={timeZone} /> : <div className="clock" />}
      <div className="header-right">
        <ConnectionPill state={connection} />
        {user ? (
          <span className="who" data-testid="current-user">
            <span className="who-name">{user.displayName}</span>
            <span className={`pill pill-role pill-role-${user.role}`}>{t(`role.${user.role}`)}</span>
          </span>
        ) : null}
        {user && onLogout ? (
          <button type="button" className="btn btn-quiet" onClick={onLogout}>
            {t('action.logout')}
          </button>
        ) : null}
      </div>
    </header>
  );
}
