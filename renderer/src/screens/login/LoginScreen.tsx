import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ConnectionState, KioskClient, SiteLayout, User } from '../../api';
import { isCallFailure } from '../../api';
import { ErrorNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { TextField } from '../../components/Field';
import { useI18n, type MessageKey } from '../../i18n';

interface Props {
  client: KioskClient;
  connection: ConnectionState;
  username: string;
  onUsername(v: string): void;
  notice: MessageKey | null;
  /** Whether the site's zone is known (from an earlier login): only then can an unlock time be given as site time. */
  siteKnown: boolean;
  onLoggedIn(user: User, layout: SiteLayout, epoch: number): void;
}

/** "locked for 5 more minutes (until 11:24, site time)"; without a known site zone, the minutes only. */
function lockedText(t: ReturnType<typeof useI18n>['t'], time: (ms: number) => string, until: number | null, siteKnown: boolean): string {
  if (until === null) return t('login.locked');
  const count = Math.max(1, Math.ceil((until - Date.now()) / 60_000));
  return siteKnown ? t('login.lockedUntil', { count, time: time(until) }) : t('login.lockedFor', { count });
}

/** Username + PIN/password. Wrong secret and lock-out are told apart; lock-out says when it ends, in site time. */
export function LoginScreen({ client, connection, username, onUsername, notice, siteKnown, onLoggedIn }: Props): ReactNode {
  const { t, fmt } = useI18n();
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const userRef = useRef<HTMLInputElement>(null);
  const secretRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    (username ? secretRef : userRef).current?.focus();
    // only on arrival: typing must not move focus
  }, []);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (busy) return;
    const missing: Record<string, string> = {};
    if (!username.trim()) missing.username = t('login.needUsername');
    if (!secret) missing.secret = t('login.needSecret');
    setLocal(missing);
    if (Object.keys(missing).length) {
      setError(null);
      (missing.username ? userRef : secretRef).current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const epoch = client.connection().epoch;
      const { user } = await client.call('auth.login', { username: username.trim(), secret });
      const layout = await client.call('site.layout', {});
      setSecret('');
      onLoggedIn(user, layout, epoch);
    } catch (err) {
      setError(err);
      setSecret('');
      secretRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const remote = fieldErrors(error);
  let summary: ReactNode = null;
  if (isCallFailure(error) && error.issues.length === 0) {
    if (error.code === 'locked_out') {
      summary = (
        <div className="notice notice-error" role="alert" data-testid="login-error">
          <span className="notice-tag">{t('status.locked')}</span>
          <div>
            <p>{lockedText(t, (ms) => fmt.dayTime(ms, Date.now()), error.lockedUntil, siteKnown)}</p>
            {error.lockedUntil ? null : <p className="muted">{error.message}</p>}
          </div>
        </div>
      );
    } else if (error.code === 'unauthenticated') {
      summary = (
        <div className="notice notice-error" role="alert" data-testid="login-error">
          <span className="notice-tag">{t('status.error')}</span>
          <div>
            <p>{t('login.wrong')}</p>
            {error.lockout ? (
              <p className={error.lockout.attemptsLeft <= 1 ? 'login-last-try' : undefined} data-testid="login-tries-left">
                {t('login.triesLeft', { count: error.lockout.attemptsLeft, minutes: error.lockout.lockMinutes })}
              </p>
            ) : null}
          </div>
        </div>
      );
    } else {
      summary = (
        <div data-testid="login-error">
          <ErrorNotice error={error} />
        </div>
      );
    }
  }

  return (
    <main className="login" data-screen="login">
      <form className="card login-card" onSubmit={submit} noValidate aria-labelledby="login-title">
        <h1 id="login-title">{t('login.title')}</h1>
        {notice ? (
          <p className="notice notice-info" role="status" data-testid="login-notice">
            {t(notice)}
          </p>
        ) : null}
        <TextField
          ref={userRef}
          label={t('field.username')}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={username}
          onChange={(e) => onUsername(e.target.value)}
          error={local.username ?? remote.username}
        />
        <TextField
          ref={secretRef}
          label={t('field.secret')}
          name="secret"
          type="password"
          autoComplete="current-password"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          error={local.secret ?? remote.secret}
        />
        <div className="login-status">{summary}</div>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || connection.kind !== 'open'}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
        {connection.kind !== 'open' ? <p className="muted">{t('login.waitingForKiosk')}</p> : null}
      </form>
    </main>
  );
}
