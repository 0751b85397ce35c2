import { useEffect, useState, type ReactNode } from 'react';
import type { CallOutput, KioskClient } from '../api';
import { useNow } from '../app/hooks-basic';
import { useI18n } from '../i18n';

export type SyncStatus = CallOutput<'sync.status'>;

const BADGE = { display: 'inline-flex', flexDirection: 'column', alignItems: 'flex-start', alignSelf: 'center', gap: '0.1rem', fontSize: '0.72rem', lineHeight: 1.15, whiteSpace: 'nowrap' } as const;

/** The sync state as the kiosk last said it: loaded once, then kept current by the pushed 'sync.changed' event. */
export function useSyncStatus(client: KioskClient, epoch: number): SyncStatus | null {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let live = true;
    const off = client.on('sync.changed', (s) => setStatus(s));
    client.call('sync.status', {}).then((s) => live && setStatus(s), () => undefined);
    return () => {
      live = false;
      off();
    };
  }, [client, epoch]);
  return status;
}

export function syncStateKey(status: SyncStatus): 'sync.notConfigured' | 'sync.online' | 'sync.offline' | 'sync.connecting' {
  if (!status.configured) return 'sync.notConfigured';
  return status.online === null ? 'sync.connecting' : status.online ? 'sync.online' : 'sync.offline';
}

/** Header: head office online or not, last success, changes waiting, a progress bar while catching up, last error. */
export function SyncBadge({ client, epoch }: { client: KioskClient; epoch: number }): ReactNode {
  const { t, fmt } = useI18n();
  const now = useNow(30_000);
  const status = useSyncStatus(client, epoch);
  if (!status) return null;
  const good = status.configured && status.online === true && !status.lastError;
  const error = status.lastError ?? status.configError;
  // Two small lines beside the site name: the header's right column is full at 1366 px.
  return (
    <span className="sync-badge" data-testid="sync-badge" title={error ?? undefined} style={BADGE}>
      <span className={`pill ${!status.configured ? '' : good ? 'badge-ok' : status.online === false ? 'badge-bad' : 'pill-conn-connecting'}`} data-testid="sync-state">
        <span aria-hidden="true">{!status.configured ? '○' : good ? '⇅' : '⚠'}</span> {t('sync.badge')} {t(syncStateKey(status))}
      </span>
      <span className="muted" data-testid="sync-waiting">
        {status.waiting > 0 ? t('sync.waitingShort', { count: status.waiting }) : t('sync.upToDate')}
        {status.lastSuccessAt !== null ? ` · ${t('sync.lastSuccessShort', { when: fmt.dayTime(status.lastSuccessAt, now) })}` : ''}
      </span>
      {status.catchingUp ? (
        <progress max={status.catchingUp.total} value={status.catchingUp.done} style={{ width: '100%', height: '0.4rem' }} aria-label={t('sync.catchingUp', { done: status.catchingUp.done, total: status.catchingUp.total })} data-testid="sync-progress" />
      ) : null}
    </span>
  );
}
