import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { Shift } from '../../api';
import { useApp } from '../../app/context';
import { useCallAction, useKioskEvent, useLoad } from '../../app/hooks';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { useI18n } from '../../i18n';
import { countedPayload, countedTotal, denominationsFor } from '../../lib/denominations';
import type { ClosedShift } from './cash-up';
import { CashMovementForm, DrawerSummary, type Drawer } from './DrawerSummary';

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

/**
 * The last step before the drawer is closed for good: the count against what is expected, a note that is required
 * when they differ (the kiosk checks it too), and one send. A second Enter while the close is on its way does
 * nothing: the button is disabled and the send is guarded, and the kiosk refuses a shift that is already closed.
 */
function ConfirmClose({ drawer, countedMinor, counted, onClosed, onCancel }: {
  drawer: Drawer | undefined;
  countedMinor: number;
  counted: Record<string, number>;
  onClosed(closed: Omit<ClosedShift, 'by'>): Promise<void>;
  onCancel(): void;
}): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const sending = useRef(false);
  const { busy, error, run } = useCallAction();
  const off = drawer !== undefined && countedMinor !== drawer.expectedMinor;
  const noteProblem = off && note.trim().length < 3 ? t('shift.noteRequired') : undefined;
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setTried(true);
    if (noteProblem || sending.current) return;
    sending.current = true;
    await run(async () => {
      const { shift } = await client.call('shifts.close', { counted, ...(note.trim() ? { note: note.trim() } : {}) });
      await onClosed({ shift, counted, note: note.trim() });
    });
    sending.current = false;
  };
  return (
    <Dialog title={t('shift.confirmTitle')} onClose={onCancel}>
      <form className="form-grid" onSubmit={submit} noValidate data-testid="confirm-close-shift">
        <p className="field-wide">{t('shift.confirmHelp')}</p>
        <div className="field-wide">{drawer ? <DrawerSummary drawer={drawer} countedMinor={countedMinor} /> : null}</div>
        <TextField name="shift-note" label={t(off ? 'shift.note' : 'shift.noteOptional')} value={note} onChange={(e) => setNote(e.target.value)}
          error={tried ? noteProblem : undefined} hint={off ? t('shift.noteHint') : undefined} maxLength={500} autoComplete="off" data-autofocus wide />
        <div className="field-wide"><ErrorNotice error={error} /></div>
        <FormActions submit={t('shift.confirm')} busy={busy} onCancel={onCancel} />
      </form>
    </Dialog>
  );
}

export function CloseShiftForm({ shift, onClosed }: { shift: Shift; onClosed(closed: Omit<ClosedShift, 'by'>): Promise<void> }): ReactNode {
  const { client } = useApp();
  const { t, fmt } = useI18n();
  const { notes, coins } = denominationsFor(fmt.currency, fmt.digits);
  const [counts, setCounts] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  const total = countedTotal(counts);
  const started = Object.values(counts).some((c) => c !== '');
  const invalid = Object.values(counts).some((c) => c !== '' && !/^\d+$/.test(c));
  const drawer = useLoad(async () => (await client.call('shifts.drawer', {})).drawer, []);
  useKioskEvent('lot.changed', (e) => (e.reason === 'payment' || e.reason === 'refund') && drawer.reload());

  // Just opened (the open form that had focus is gone): counting is the next step.
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (document.activeElement === document.body) formRef.current?.querySelector<HTMLInputElement>('input[data-denomination]')?.focus();
  }, []);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!invalid) setConfirming(true);
  };
  return (
    <>
    <form className="card shift-close" onSubmit={submit} noValidate data-testid="close-shift-form" ref={formRef}>
      <div className="screen-head">
        <h2>{t('shift.openSince', { time: fmt.dateTime(shift.openedAt), float: fmt.money(shift.floatMinor) })}</h2>
      </div>
      <p className="muted">{t('shift.countHelp')}</p>
      <div className="denom-cols">
        <Column title={t('shift.notes')} values={notes} counts={counts} onCount={(d, v) => setCounts((c) => ({ ...c, [d]: v.trim() }))} />
        <Column title={t('shift.coins')} values={coins} counts={counts} onCount={(d, v) => setCounts((c) => ({ ...c, [d]: v.trim() }))} />
      </div>
      {drawer.data ? <DrawerSummary drawer={drawer.data} countedMinor={started ? total : null} /> : null}
      <div className="shift-total">
        <span>{t('shift.countedTotal')}</span>
        <span className="num" data-testid="counted-total">{fmt.money(total)}</span>
        <button type="submit" className="btn btn-primary" disabled={invalid}>{t('shift.close')}</button>
      </div>
      {invalid ? <p className="field-error" role="alert">{t('validation.counts')}</p> : null}
      <ErrorNotice error={drawer.error} />
    </form>
    {confirming ? (
      <ConfirmClose drawer={drawer.data ?? undefined} countedMinor={total} counted={countedPayload(counts)} onClosed={onClosed} onCancel={() => setConfirming(false)} />
    ) : null}
    <section className="card">
      <CashMovementForm onMoved={() => drawer.reload()} />
    </section>
    </>
  );
}
