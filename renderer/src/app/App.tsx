import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ConnectionState, EventPayload, KioskClient, SiteLayout, User } from '../api';
import { isCallFailure } from '../api';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { Header } from '../components/Header';
import { SyncBadge } from '../components/SyncBadge';
import { I18nProvider, type MessageKey } from '../i18n';
import { LoginScreen } from '../screens/login/LoginScreen';
import { Console } from './Console';
import { NO_SITE, shownSite, type ShownSite } from './site-cache';

interface Auth {
  readonly user: User;
  readonly layout: SiteLayout;
  /** The connection the login belongs to: the kiosk keeps logins per connection. */
  readonly epoch: number;
}

const ENDED_NOTICE: Record<EventPayload<'auth.ended'>['reason'], MessageKey> = {
  logout: 'login.loggedOut',
  user_disabled: 'login.disabled',
  role_changed: 'login.roleChanged',
  idle: 'login.idle',
  expired: 'login.maxAge',
};
const ACTIVE_EVERY_MS = 30_000;

function useConnection(client: KioskClient): ConnectionState {
  const [state, setState] = useState(client.connection());
  useEffect(() => {
    setState(client.connection());
    return client.onConnection(setState);
  }, [client]);
  return state;
}

export function App({ client, onRetry }: { client: KioskClient; onRetry?: () => void }): ReactNode {
  const connection = useConnection(client);
  const [auth, setAuth] = useState<Auth | null>(null);
  const [site, setSite] = useState<ShownSite | null>(null);
  const [username, setUsername] = useState('');
  const [notice, setNotice] = useState<MessageKey | null>(null);
  const authRef = useRef(auth);
  authRef.current = auth;

  const endSession = useCallback((why: MessageKey | null) => {
    setAuth(null);
    setNotice(why);
  }, []);

  // site.info needs no login: the booth shows the site's name and clock (and lock-out times) before anyone logs in.
  useEffect(() => {
    if (connection.kind !== 'open') return;
    client.call('site.info', {}).then((info) => setSite(shownSite(info)), () => undefined);
  }, [client, connection]);

  // A reconnect is a new connection: the kiosk no longer knows us. Back to login, username kept.
  useEffect(() => {
    const a = authRef.current;
    if (a && connection.kind === 'open' && connection.epoch !== a.epoch) endSession('login.reconnected');
  }, [connection, endSession]);

  useEffect(
    () =>
      client.on('auth.ended', (p) => {
        if (authRef.current) endSession(ENDED_NOTICE[p.reason]);
      }),
    [client, endSession],
  );

  // An admin changed the site's name, time zone, locale or tax rate: the header, times and amounts follow at once.
  useEffect(
    () =>
      client.on('site.changed', (layout) => {
        setSite(shownSite(layout.site));
        setAuth((a) => (a ? { ...a, layout } : a));
      }),
    [client],
  );

  // The kiosk logs an idle console out: a key or a click here says someone is at it (at most every 30 s).
  useEffect(() => {
    if (!auth) return;
    let last = 0;
    const active = (): void => {
      if (Date.now() - last < ACTIVE_EVERY_MS) return;
      last = Date.now();
      client.call('auth.active', {}).catch(() => undefined);
    };
    window.addEventListener('keydown', active, true);
    window.addEventListener('pointerdown', active, true);
    return () => {
      window.removeEventListener('keydown', active, true);
      window.removeEventListener('pointerdown', active, true);
    };
  }, [auth, client]);

  const onLoggedIn = useCallback((user: User, layout: SiteLayout, epoch: number) => {
    setSite(shownSite(layout.site));
    setNotice(null);
    setAuth({ user, layout, epoch });
  }, []);

  const logout = useCallback(() => {
    client.call('auth.logout', {}).catch(() => undefined);
    endSession(null);
  }, [client, endSession]);

  const reportError = useCallback(
    (e: unknown) => {
      if (isCallFailure(e) && e.code === 'unauthenticated' && authRef.current) endSession('login.expired');
    },
    [endSession],
  );

  const shown = site ?? NO_SITE;
  return (
    <I18nProvider site={shown}>
      <div className={`app${auth ? ' app-in' : ' app-out'}`}>
        <Header
          siteName={site?.name ?? null}
          timeZone={site?.timeZone ?? null}
          user={auth?.user ?? null}
          connection={connection}
          onLogout={auth ? logout : undefined}
          sync={auth ? <SyncBadge client={client} epoch={auth.epoch} /> : null}
        />
        <div className="banner-anchor">
          <ConnectionBanner state={connection} onRetry={onRetry} />
        </div>
        {auth ? (
          <Console client={client} user={auth.user} layout={auth.layout} logout={logout} reportError={reportError} />
        ) : (
          <LoginScreen
            client={client}
            connection={connection}
            username={username}
            onUsername={setUsername}
            notice={notice}
            siteKnown={site !== null}
            onLoggedIn={onLoggedIn}
          />
        )}
      </div>
    </I18nProvider>
  );
}
