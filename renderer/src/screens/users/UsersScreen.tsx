import { useState, type ReactNode } from 'react';
import type { Role, User } from '../../api';
import { useApp } from '../../app/context';
import { useCallAction, useLoad, useNow } from '../../app/hooks';
import { ErrorNotice, SuccessNotice } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n';
import { CreateUserDialog } from './CreateUserDialog';
import { ResetSecretDialog } from './ResetSecretDialog';

const ROLES: readonly Role[] = ['attendant', 'supervisor', 'admin'];

/** Admin: everyone who can log in at this site; create, change role, disable/enable, reset PIN, unlock. */
export function UsersScreen(): ReactNode {
  const { client, user: me } = useApp();
  const { t, fmt } = useI18n();
  const now = useNow(30_000);
  const users = useLoad(async () => (await client.call('users.list', {})).users, []);
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<User | null>(null);
  const { error, run } = useCallAction();
  const [done, setDone] = useState<string | null>(null);

  const update = async (u: User, patch: { role?: Role; active?: boolean; unlock?: boolean }, message: string): Promise<void> => {
    setDone(null);
    await run(async () => {
      await client.call('users.update', { id: u.id, ...patch });
      await users.reload();
      setDone(message);
    });
  };

  return (
    <div className="users">
      <div className="screen-head">
        <h1>{t('nav.users')}</h1>
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>{t('users.create')}</button>
      </div>
      <div className="form-result">{done ? <SuccessNotice>{done}</SuccessNotice> : <ErrorNotice error={error ?? users.error} />}</div>
      <div className="panel panel-results">
        <div className="panel-scroll">
          <table className="table" data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">{t('field.username')}</th>
                <th scope="col">{t('field.displayName')}</th>
                <th scope="col">{t('field.role')}</th>
                <th scope="col">{t('field.status')}</th>
                <th scope="col">{t('users.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {(users.data ?? []).map((u) => {
                const locked = u.lockedUntil !== null && u.lockedUntil > now;
                const self = u.id === me.id;
                return (
                  <tr key={u.id} data-user={u.username}>
                    <td><code>{u.username}</code></td>
                    <td>{u.displayName}</td>
                    <td>
                      <select aria-label={t('users.roleOf', { name: u.username })} value={u.role} disabled={self}
                        onChange={(e) => void update(u, { role: e.target.value as Role }, t('users.roleChanged', { name: u.username, role: t(`role.${e.target.value as Role}`) }))}>
                        {ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
                      </select>
                    </td>
                    <td>
                      <span className={`badge ${u.active ? 'badge-ok' : 'badge-closed'}`}>{t(u.active ? 'users.active' : 'users.disabled')}</span>{' '}
                      {locked ? <span className="badge badge-bad">{t('users.lockedUntil', { time: fmt.time(u.lockedUntil ?? 0) })}</span> : null}
                    </td>
                    <td className="row-actions">
                      <div>
                      <button type="button" className="btn btn-small" onClick={() => setResetting(u)}>
                        {t(u.secretKind === 'pin' ? 'users.resetPin' : 'users.resetPassword')}
                      </button>
                      {locked ? (
                        <button type="button" className="btn btn-small" onClick={() => void update(u, { unlock: true }, t('users.unlocked', { name: u.username }))}>{t('users.unlock')}</button>
                      ) : null}
                      {self ? null : (
                        <button type="button" className={`btn btn-small${u.active ? ' btn-danger' : ''}`}
                          onClick={() => void update(u, { active: !u.active }, t(u.active ? 'users.wasDisabled' : 'users.wasEnabled', { name: u.username }))}>
                          {t(u.active ? 'users.disable' : 'users.enable')}
                        </button>
                      )}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </div>
      {creating ? (
        <CreateUserDialog
          onClose={() => setCreating(false)}
          onCreated={(u) => {
            setCreating(false);
            void users.reload().then(() => setDone(t('users.created', { name: u.username })));
          }}
        />
      ) : null}
      {resetting ? (
        <ResetSecretDialog
          user={resetting}
          onClose={() => setResetting(null)}
          onDone={() => {
            setDone(t(resetting.secretKind === 'pin' ? 'users.pinReset' : 'users.passwordReset', { name: resetting.username }));
            setResetting(null);
          }}
        />
      ) : null}
    </div>
  );
}
