import { useState, type ReactNode } from 'react';
import type { AuditEntry } from '../api';
import { useApp } from '../app/context';
import { useKioskEvent, useLoad } from '../app/hooks';
import { ErrorNotice } from '../components/ErrorNotice';
import { TextField } from '../components/Field';
import { useI18n } from '../i18n';
import { detailSummary, detailText } from './sessions/AuditTrail';

const PAGE = 100;

/** Supervisor: the append-only audit log, newest first, 100 at a time, with a filter over what is loaded. */
export function AuditScreen(): ReactNode {
  const { client, reportError } = useApp();
  const { t, fmt } = useI18n();
  const first = useLoad(async () => (await client.call('audit.list', { limit: PAGE })).entries, []);
  const [older, setOlder] = useState<AuditEntry[]>([]);
  const [end, setEnd] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [filter, setFilter] = useState('');
  useKioskEvent('event.logged', first.reload);

  const entries = [...(first.data ?? []), ...older.filter((o) => !(first.data ?? []).some((f) => f.seq === o.seq))];
  const last = entries.at(-1);
  const loadOlder = async (): Promise<void> => {
    if (!last) return;
    try {
      const { entries: more } = await client.call('audit.list', { beforeSeq: last.seq, limit: PAGE });
      setOlder((o) => [...o, ...more]);
      if (more.length < PAGE) setEnd(true);
    } catch (e) {
      reportError(e);
      setError(e);
    }
  };
  const q = filter.trim().toLowerCase();
  const shown = q ? entries.filter((e) => `${e.actor} ${e.action} ${e.subject ?? ''} ${detailText(e.detail)}`.toLowerCase().includes(q)) : entries;

  return (
    <div className="audit">
      <div className="screen-head">
        <h1>{t('nav.audit')}</h1>
        <TextField label={t('audit.filter')} value={filter} onChange={(e) => setFilter(e.target.value)} type="search" />
      </div>
      <ErrorNotice error={error ?? first.error} />
      <div className="panel panel-results">
        <div className="panel-scroll">
          <table className="table table-compact" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col" className="num">#</th>
                <th scope="col">{t('audit.at')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.subject')}</th>
                <th scope="col">{t('audit.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((e) => (
                <tr key={e.seq}>
                  <td className="num">{e.seq}</td>
                  <td className="tnum">{fmt.dateTimeSeconds(e.at)}</td>
                  <td>{e.actor}</td>
                  <td><code>{e.action}</code></td>
                  <td className="nowrap">{e.subject ?? ''}</td>
                  <td className="detail-json" title={detailText(e.detail)}>{detailSummary(e.detail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {!end && entries.length >= PAGE ? (
            <button type="button" className="btn load-more" onClick={() => void loadOlder()}>{t('audit.older')}</button>
          ) : null}
        </div>
      </div>
    </div>
  );
}
