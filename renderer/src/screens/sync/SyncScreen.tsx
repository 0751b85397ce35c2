import { useState, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCallAction, useKioskEvent, useLoad } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { syncStateKey, useSyncStatus } from '../../components/SyncBadge';
import { useI18n } from '../../i18n';
import { SmsQueue } from './SmsQueue';
import { SyncHistory } from './SyncHistory';

/** Supervisor (F11): where sync stands, "sync now", a reconciliation on demand, the nightly report and the SMS queue. */
export function SyncScreen(): ReactNode {
  const { client } = useApp();
  const { t, fmt } = useI18n();
  const status = useSyncStatus(client, 0);
  const history = useLoad(() => client.call('sync.report', {}), []);
  const action = useCallAction();
  const [notice, setNotice] = useState<string | null>(null);
  useKioskEvent('event.logged', history.reload);

  const syncNow = () =>
    action.run(async () => {
      const after = await client.call('sync.now', {});
      setNotice(t('sync.nowDone', { state: t(syncStateKey(after)) }));
      void history.reload();
    });
  const reconcile = () =>
    action.run(async () => {
      const { reconciliation } = await client.call('sync.reconcile', {});
      if (reconciliation) setNotice(t('sync.reconciled', { outcome: t(`sync.outcome.${reconciliation.outcome}`) }));
      void history.reload();
    });

  return (
    <div className="sync-screen">
      <div className="screen-head">
        <h1>{t('sync.title')}</h1>
        <div>
          <button type="button" className="btn btn-primary" disabled={action.busy || !status?.configured} onClick={() => void syncNow()} data-testid="sync-now">
            {t('sync.now')}
          </button>{' '}
          <button type="button" className="btn" disabled={action.busy || !status?.configured} onClick={() => void reconcile()} data-testid="sync-reconcile">
            {t('sync.reconcileNow')}
          </button>
        </div>
      </div>
      <ErrorNotice error={action.error ?? history.error} />
      {notice ? <p className="notice" role="status" data-testid="sync-notice">{notice}</p> : null}
      {status ? (
        <section className="panel" data-testid="sync-status">
          <table className="table table-compact">
            <tbody>
              <tr><th scope="row">{t('sync.badge')}</th><td data-testid="sync-status-state">{t(syncStateKey(status))}</td></tr>
              <tr><th scope="row">{t('sync.lastSuccess')}</th><td>{status.lastSuccessAt === null ? t('sync.never') : fmt.dateTimeSeconds(status.lastSuccessAt)}</td></tr>
              <tr><th scope="row">{t('sync.acked')}</th><td className="num">{fmt.number(status.ackedSeq)} / {fmt.number(status.lastSeq)} ({status.waiting > 0 ? t('sync.waiting', { count: status.waiting }) : t('sync.upToDate')})</td></tr>
              {status.catchingUp ? (
                <tr><th scope="row">{t('sync.catchingUp', { done: fmt.number(status.catchingUp.done), total: fmt.number(status.catchingUp.total) })}</th><td><progress max={status.catchingUp.total} value={status.catchingUp.done} /></td></tr>
              ) : null}
              <tr><th scope="row">{t('sync.configVersion')}</th><td className="num">{status.configVersion}</td></tr>
              <tr><th scope="row">{t('sync.nextNightly')}</th><td>{status.nextNightlyAt === null ? '—' : fmt.dateTime(status.nextNightlyAt)}</td></tr>
              {status.lastError ? <tr><th scope="row">{t('sync.lastError')}</th><td data-testid="sync-last-error">{status.lastError}</td></tr> : null}
              {status.configError ? <tr><th scope="row">{t('sync.configError')}</th><td>{status.configError}</td></tr> : null}
            </tbody>
          </table>
        </section>
      ) : null}
      {history.data ? <SyncHistory report={history.data} /> : null}
      <SmsQueue />
    </div>
  );
}
