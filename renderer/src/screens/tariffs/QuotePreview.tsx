import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { isCallFailure } from '../../api';
import { useApp } from '../../app/context';
import { useDebounced, useLoad } from '../../app/hooks';
import { WallDateTimeField } from '../../components/DateTimeField';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/Field';
import { QuoteTable } from '../../components/QuoteTable';
import { useI18n } from '../../i18n';
import { epochToZonedInput, zonedInputToEpoch } from '../../i18n/format';
import { draftIssues, type RateTable } from './draft';

/** 08:00 today, site time: a typical morning arrival to price. */
function defaultEntry(timeZone: string): string {
  return `${epochToZonedInput(Date.now(), timeZone).slice(0, 10)}T08:00`;
}

/**
 * Prices a sample stay with the draft (tariffs.quote with `draft`) next to the rates in force, while the
 * supervisor types. The kiosk's complaints about the draft go back to the form's fields.
 */
export function QuotePreview({ draft, onIssues }: { draft: RateTable; onIssues(issues: Map<string, string>): void }): ReactNode {
  const { client } = useApp();
  const { t, fmt, duration } = useI18n();
  const [entry, setEntry] = useState(() => defaultEntry(fmt.timeZone));
  const [hours, setHours] = useState('2');
  const [minutes, setMinutes] = useState('30');
  const [lost, setLost] = useState(false);
  // Debounce a string, not an object: a new object each render would restart the timer and re-ask forever.
  const typed = JSON.stringify({ draft, entry, hours, minutes, lost });
  const debounced = useDebounced(typed, 250);
  const input = useMemo(() => JSON.parse(debounced) as { draft: RateTable; entry: string; hours: string; minutes: string; lost: boolean }, [debounced]);

  const entryAt = zonedInputToEpoch(input.entry, fmt.timeZone);
  const stay = (Number(input.hours) || 0) * 60 + (Number(input.minutes) || 0);
  const valid = entryAt !== null && /^\d*$/.test(input.hours) && /^\d*$/.test(input.minutes);
  const quotes = useLoad(async () => {
    if (!valid || entryAt === null) return null;
    const request = { entryAt, exitAt: entryAt + stay * 60_000, vehicleClass: input.draft.vehicleClass, lostTicket: input.lost };
    const [withDraft, current] = await Promise.all([
      client.call('tariffs.quote', { ...request, draft: input.draft }),
      client.call('tariffs.quote', request).catch(() => null),
    ]);
    return { draft: withDraft.quote, current: current?.quote ?? null };
  }, [input]);

  useEffect(() => {
    onIssues(isCallFailure(quotes.error) ? draftIssues(quotes.error.issues) : new Map());
  }, [quotes.error, onIssues]);

  const q = quotes.data;
  // Settled: the quote shown is for what is on screen now (tests wait for this; people see "Updating…").
  const settled = !quotes.loading && typed === debounced;
  const delta = q?.current ? q.draft.totalMinor - q.current.totalMinor : null;
  return (
    <section className="card preview" aria-labelledby="preview-title" data-testid="tariff-preview" data-settled={settled}>
      <div className="screen-head">
        <h2 id="preview-title">{t('tariff.preview')}</h2>
        <span className="muted" aria-live="polite">{settled ? '' : t('tariff.updating')}</span>
      </div>
      <div className="preview-inputs">
        <WallDateTimeField label={t('tariff.previewEntry')} name="preview-entry" value={entry} onChange={setEntry} />
        <TextField label={t('tariff.previewHours')} inputMode="numeric" className="input-int num" value={hours} onChange={(e) => setHours(e.target.value)}
          error={/^\d*$/.test(hours) ? undefined : t('validation.number')} />
        <TextField label={t('tariff.previewMinutes')} inputMode="numeric" className="input-int num" value={minutes} onChange={(e) => setMinutes(e.target.value)}
          error={/^\d*$/.test(minutes) ? undefined : t('validation.number')} />
      </div>
      <label className="check">
        <input type="checkbox" checked={lost} onChange={(e) => setLost(e.target.checked)} /> {t('tariff.previewLost')}
      </label>
      <p className="muted">{t('tariff.previewStay', { stay: duration(stay) })}</p>
      <div className="preview-result">
        {q ? (
          <>
            <p className="preview-compare" data-testid="preview-compare">
              {q.current ? t('tariff.previewCurrent', { amount: fmt.money(q.current.totalMinor, q.current.currency) }) : t('tariff.previewNoCurrent')}
              {delta !== null && delta !== 0 ? (
                <strong className={delta > 0 ? 'delta-up' : 'delta-down'}>
                  {' '}
                  {t(delta > 0 ? 'tariff.previewMore' : 'tariff.previewLess', { amount: fmt.money(Math.abs(delta), q.draft.currency) })}
                </strong>
              ) : null}
            </p>
            <QuoteTable quote={q.draft} caption={t('tariff.previewDraft')} />
          </>
        ) : null}
        <ErrorNotice error={quotes.error} labels={{ draft: t('tariff.draftLabel') }} />
      </div>
    </section>
  );
}
