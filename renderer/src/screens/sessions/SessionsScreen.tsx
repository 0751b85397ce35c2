import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import './sessions.css';
import type { CallInput, Session } from '../../api';
import { useApp } from '../../app/context';
import { useCoalesced, useDebounced, useKioskEvent, useLoad, useNow } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { DateTimeField } from '../../components/DateTimeField';
import { SelectField } from '../../components/Field';
import { PlateField } from '../../components/PlateField';
import { SessionTable } from '../../components/SessionTable';
import { UnrecordedCars } from '../../components/UnrecordedCars';
import { useI18n } from '../../i18n';
import { zonedInputToEpoch } from '../../i18n/format';
import { parseLocalDateTime } from '../../lib/local-datetime';
import { previewPlateKey } from '../../lib/plate';
import { SessionDetail } from './SessionDetail';

const STATUSES: readonly Session['status'][] = ['open', 'paid', 'closed', 'voided'];

interface Filters {
  plate: string;
  /** As typed, in the site's locale ("24/12/2026 14:05"). */
  from: string;
  to: string;
  status: '' | Session['status'];
}

/**
 * Search by plate (fuzzy: the kiosk ranks by OCR-tolerant similarity and returns a score), time range in site
 * time and status. Results follow typing after a short pause; Enter searches at once. ↓ from the plate goes
 * straight to the results (past the other filters), ↑/↓ move through them and Enter opens one.
 * A date that does not read yet is left out of the search (its field says how to write it).
 */
export function SessionsScreen(): ReactNode {
  const { client, route, navigate } = useApp();
  const { t, fmt } = useI18n();
  const now = useNow(30_000);
  const [filters, setFilters] = useState<Filters>({ plate: '', from: '', to: '', status: '' });
  const [submitted, setSubmitted] = useState(filters);
  const debounced = useDebounced(filters, 250);
  const plateRef = useRef<HTMLInputElement>(null);
  const [openId, setOpenId] = useState<number | null>(route.sessionId ?? null);

  useEffect(() => setSubmitted((prev) => (JSON.stringify(prev) === JSON.stringify(debounced) ? prev : debounced)), [debounced]);
  useEffect(() => {
    if (route.focus) plateRef.current?.focus();
    if (route.sessionId) setOpenId(route.sessionId);
  }, [route.focus, route.sessionId]);

  const instant = (text: string): number | null => {
    const wall = parseLocalDateTime(text, fmt.locale);
    return wall === null ? null : zonedInputToEpoch(wall, fmt.timeZone);
  };
  const from = instant(submitted.from);
  const to = instant(submitted.to);
  const rangeError = from !== null && to !== null && to < from ? t('sessions.rangeBackwards') : undefined;
  // "K" is not a plate yet: wait for two characters instead of showing the kiosk's refusal mid-typing.
  const plateShort = submitted.plate.trim() !== '' && !previewPlateKey(submitted.plate).ok;

  const results = useLoad(async () => {
    if (rangeError || plateShort) return { sessions: [], unrecorded: [] };
    const input: CallInput<'sessions.search'> = { limit: 100 };
    if (submitted.plate.trim()) input.plate = submitted.plate.trim();
    if (from !== null) input.from = from;
    if (to !== null) input.to = to;
    if (submitted.status) input.status = submitted.status;
    return client.call('sessions.search', input);
  }, [submitted, from, to, rangeError, plateShort]);
  const refresh = useCoalesced(results.reload, 300);
  useKioskEvent('lot.changed', refresh);

  const set = <K extends keyof Filters>(k: K, v: Filters[K]): void => setFilters((f) => ({ ...f, [k]: v }));
  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    setSubmitted({ ...filters });
  };
  const rows = results.data?.sessions ?? [];
  const resultsRef = useRef<HTMLDivElement>(null);
  const toResults = (e: KeyboardEvent<HTMLInputElement>): void => {
    const first = resultsRef.current?.querySelector<HTMLElement>('tbody tr[tabindex="0"]');
    if (e.key !== 'ArrowDown' || !first) return;
    e.preventDefault();
    first.focus();
  };

  return (
    <div className="sessions">
      <h1>{t('nav.sessions')}</h1>
      <form className="filters" onSubmit={onSubmit} role="search">
        <PlateField
          ref={plateRef}
          id="plate-search"
          label={t('sessions.plateSearch')}
          value={filters.plate}
          onChange={(e) => set('plate', e.target.value)}
          onKeyDown={toResults}
          hint={plateShort ? t('sessions.plateShort') : t('sessions.plateHint')}
        />
        <DateTimeField name="entered-from" label={t('sessions.from')} value={filters.from} onChange={(text) => set('from', text)} />
        <DateTimeField name="entered-until" label={t('sessions.to')} value={filters.to} onChange={(text) => set('to', text)} error={rangeError} />
        <SelectField
          label={t('field.status')}
          value={filters.status}
          onChange={(e) => set('status', e.target.value as Filters['status'])}
          options={[{ value: '', label: t('sessions.anyStatus') }, ...STATUSES.map((s) => ({ value: s, label: t(`sessionStatus.${s}`) }))]}
        />
        <button type="submit" className="btn btn-primary filters-go">{t('action.search')}</button>
      </form>
      <ErrorNotice error={results.error} />
      <p className="result-count muted" aria-live="polite" data-testid="result-count">
        {results.loading && !results.data ? t('common.loading') : t('sessions.count', { count: rows.length })}
        {' · '}
        {t('sessions.zoneNote', { zone: fmt.timeZone })}
      </p>
      <UnrecordedCars cars={results.data?.unrecorded ?? []} />
      <div className="panel panel-results">
        <div className="panel-scroll" ref={resultsRef}>
          <SessionTable sessions={rows} now={now} onOpen={setOpenId} showScore={Boolean(submitted.plate.trim())} testId="search-results" onAboveFirst={() => plateRef.current?.focus()} />
        </div>
      </div>
      <p className="muted keys-hint">{t('sessions.keysHint')}</p>
      {openId !== null ? (
        <SessionDetail
          id={openId}
          onClose={() => {
            setOpenId(null);
            if (route.sessionId) navigate({ screen: 'sessions' });
          }}
          onChanged={results.reload}
        />
      ) : null}
    </div>
  );
}
