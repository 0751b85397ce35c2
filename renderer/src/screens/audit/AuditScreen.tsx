import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import type { AuditAction, AuditEntry, AuditQuery } from '../../api';
import { useApp } from '../../app/context';
import { useCallAction, useKioskEvent, useLoad } from '../../app/hooks';
import { AuditTable } from '../../components/AuditTable';
import { WallDateTimeField } from '../../components/DateTimeField';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField, TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { auditSays } from '../../i18n/messages/en/audit';
import { auditActionName } from '../../lib/audit-sentences';
import { AuditEntryDetail } from './AuditEntryDetail';
import './audit.css';

const PAGE = 100;
const ACTIONS = Object.keys(auditSays).map((key) => key.slice('auditSays.'.length) as AuditAction);

type Filters = Omit<AuditQuery, 'beforeSeq' | 'limit'>;
const EMPTY = { fromDate: '', toDate: '', actor: '', action: '', subject: '' };

/** Only the filters a person filled in: the core refuses an empty one. */
function filtersOf(form: typeof EMPTY): Filters {
  return Object.fromEntries(Object.entries(form).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v !== '')) as Filters;
}

/**
 * Supervisor: the append-only audit log as sentences, newest first, 100 at a time. The filters (days in the site's
 * zone, user, action, subject) are asked of the core, so they cover the whole log, not only what is loaded. A row
 * opens the entry in full; ↑/↓ and Enter do the same from the keyboard.
 */
export function AuditScreen(): ReactNode {
  const { client } = useApp();
  const i18n = useI18n();
  const { t } = i18n;
  const [form, setForm] = useState(EMPTY);
  const [filters, setFilters] = useState<Filters>({});
  const first = useLoad(async () => (await client.call('audit.list', { ...filters, limit: PAGE })).entries, [filters]);
  const [older, setOlder] = useState<AuditEntry[]>([]);
  const [end, setEnd] = useState(false);
  const [open, setOpen] = useState<AuditEntry | null>(null);
  // Paging has no busy state and keeps its last error on a retry, so it only borrows the report-and-show half.
  const { error, fail } = useCallAction();
  useKioskEvent('event.logged', first.reload);
  const actionOptions = useMemo(
    () => [{ value: '', label: t('audit.anyAction') }, ...ACTIONS.map((a) => ({ value: a, label: auditActionName(a, i18n) })).sort((a, b) => a.label.localeCompare(b.label))],
    [i18n],
  );

  const entries = [...(first.data ?? []), ...older.filter((o) => !(first.data ?? []).some((f) => f.seq === o.seq))];
  const last = entries.at(-1);
  const loadOlder = async (): Promise<void> => {
    if (!last) return;
    try {
      const { entries: more } = await client.call('audit.list', { ...filters, beforeSeq: last.seq, limit: PAGE });
      setOlder((o) => [...o, ...more]);
      if (more.length < PAGE) setEnd(true);
    } catch (e) {
      fail(e);
    }
  };
  const apply = (e: FormEvent): void => {
    e.preventDefault();
    setOlder([]);
    setEnd(false);
    setFilters(filtersOf(form));
  };
  const clear = (): void => {
    setForm(EMPTY);
    setOlder([]);
    setEnd(false);
    setFilters({});
  };
  const field = (name: keyof typeof EMPTY) => ({ name, value: form[name], onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [name]: e.target.value })) });

  return (
    <div className="audit">
      <div className="screen-head">
        <h1>{t('nav.audit')}</h1>
      </div>
      <form className="audit-filters" onSubmit={apply} aria-label={t('audit.filters')}>
        <WallDateTimeField kind="date" label={t('audit.fromDate')} name="fromDate" value={form.fromDate} onChange={(day) => setForm((f) => ({ ...f, fromDate: day }))} />
        <WallDateTimeField kind="date" label={t('audit.toDate')} name="toDate" value={form.toDate} onChange={(day) => setForm((f) => ({ ...f, toDate: day }))} />
        <TextField label={t('audit.byActor')} {...field('actor')} autoComplete="off" />
        <SelectField label={t('audit.byAction')} options={actionOptions} {...field('action')} />
        <TextField label={t('audit.bySubject')} hint={t('audit.subjectHint')} {...field('subject')} autoComplete="off" />
        <div className="audit-filter-actions">
          <button type="submit" className="btn btn-primary">{t('audit.apply')}</button>
          <button type="button" className="btn" onClick={clear}>{t('audit.clear')}</button>
        </div>
      </form>
      <ErrorNotice error={error ?? first.error} />
      <div className="panel panel-results">
        <div className="panel-scroll">
          <p className="muted audit-hint">{t('audit.rowsHint')}</p>
          {first.data && entries.length === 0 ? <p className="muted">{t('audit.none')}</p> : null}
          <AuditTable entries={entries} of="log" testId="audit-table" onOpen={setOpen} />
          {!end && entries.length >= PAGE ? (
            <button type="button" className="btn load-more" onClick={() => void loadOlder()}>{t('audit.older')}</button>
          ) : null}
        </div>
      </div>
      {open ? <AuditEntryDetail entry={open} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}
