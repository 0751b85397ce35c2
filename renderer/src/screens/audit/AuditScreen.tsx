import { useState, type ReactNode } from 'react';
import type { AuditEntry } from '../../api';
import { useApp } from '../../app/context';
import { useCallAction, useKioskEvent, useLoad } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { AuditTable, detailText } from '../../components/AuditTable';

const PAGE = 100;

/** Supervisor: the append-only audit log, newest first, 100 at a time, with a filter over what is loaded. */
export function AuditScreen(): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const first = useLoad(async () => (await client.call('audit.list', { limit: PAGE })).entries, []);
  const [older, setOlder] = useState<AuditEntry[]>([]);
  const [end, setEnd] = useState(false);
  // Paging has no busy state and keeps its last error on a retry, so it only borrows the report-and-show half.
  const { error, fail } = useCallAction();
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
      fail(e);
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
          <AuditTable entries={shown} of="log" testId="audit-table" />
          {!end && entries.length >= PAGE ? (
            <button type="button" className="btn load-more" onClick={() => void loadOlder()}>{t('audit.older')}</button>
          ) : null}
        </div>
      </div>
    </div>
  );
}
