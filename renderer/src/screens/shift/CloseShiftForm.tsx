import { useState, type FormEvent, type ReactNode } from 'react';
import type { Shift } from '../../api';
import { useApp } from '../../app/context';
import { useCallAction, useKioskEvent, useLoad } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n';
import { countedPayload, countedTotal, denominationsFor } from '../../lib/denominations';
import { CashMovementForm, DrawerSummary } from './DrawerSummary';

function Column({ title, values, counts, onCount }: { title: string; values: readonly number[]; counts: Record<string, string>; onCount(d: number, v: string): void }): ReactNode {
  const { t, fmt } = useI18n();
  return (
    <fieldset className="denoms">
      <legend>{title}</legend>
      {values.map((d) => {
        const c = counts[d] ?? '';
        const bad = c !== '' && !/^\d+$/.test(c);
        return (
          <div key={d} className={`denom${bad ? ' field-invalid' : ''}`}>
            <label htmlFor={`denom-${d}`} className="num">{fmt.money(d)}</label>
            <span aria-hidden="true">×</span>
            <input id={`denom-${d}`} inputMode="numeric" className="input-count num" value={c} onChange={(e) => onCount(d, e.target.value)}
              aria-invalid={bad} aria-label={t('shift.countOf', { value: fmt.money(d) })} data-denomination={d} />
            <span className="num denom-sum">{bad ? t('shift.notANumber') : fmt.money(d * (Number(c) || 0))}</span>
          </div>
        );
      })}
    </fieldset>
  );
}

export function CloseShiftForm({ shift, onClosed }: { shift: Shift; onClosed(s: Shift): void }): ReactNode {
  const { client } = useApp();
  const { t, fmt } = useI18n();
  const { notes, coins } = denominationsFor(fmt.currency, fmt.digits);
  const [counts, setCounts] = useState<Record<string, string>>({});
  const { busy, error, run } = useCallAction();
  const total = countedTotal(counts);
  const invalid = Object.values(counts).some((c) => c !== '' && !/^\d+$/.test(c));
  const drawer = useLoad(async () => (await client.call('shifts.drawer', {})).drawer, []);
  useKioskEvent('lot.changed', (e) => (e.reason === 'payment' || e.reason === 'refund') && drawer.reload());

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (invalid) return;
    await run(async () => {
      const { shift: s } = await client.call('shifts.close', { counted: countedPayload(counts) });
      onClosed(s);
    });
  };
  return (
    <>
    <form className="card shift-close" onSubmit={submit} noValidate data-testid="close-shift-form">
      <div className="screen-head">
        <h2>{t('shift.openSince', { time: fmt.dateTime(shift.openedAt), float: fmt.money(shift.floatMinor) })}</h2>
      </div>
      <p className="muted">{t('shift.countHelp')}</p>
      <div className="denom-cols">
        <Column title={t('shift.notes')} values={notes} counts={counts} onCount={(d, v) => setCounts((c) => ({ ...c, [d]: v.trim() }))} />
        <Column title={t('shift.coins')} values={coins} counts={counts} onCount={(d, v) => setCounts((c) => ({ ...c, [d]: v.trim() }))} />
      </div>
      {drawer.data ? <DrawerSummary drawer={drawer.data} countedMinor={total} /> : null}
      <div className="shift-total">
        <span>{t('shift.countedTotal')}</span>
        <span className="num" data-testid="counted-total">{fmt.money(total)}</span>
        <button type="submit" className="btn btn-primary" disabled={busy || invalid}>{t('shift.close')}</button>
      </div>
      {invalid ? <p className="field-error" role="alert">{t('validation.counts')}</p> : null}
      <ErrorNotice error={error ?? drawer.error} />
    </form>
    <section className="card">
      <CashMovementForm onMoved={() => drawer.reload()} />
    </section>
    </>
  );
}
