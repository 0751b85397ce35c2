import { useState, type FormEvent, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCallAction, useLoad } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { parseAmountToMinor } from '../../i18n/format';
import type { ClosedShift } from './cash-up';
import { CloseShiftForm } from './CloseShiftForm';
import { ShiftResult } from './ShiftResult';

/**
 * The attendant's drawer: open with a float, close with a count by denomination, confirm (with a note when the
 * count is off) and keep the cash-up.
 *
 * Focus: F6 → the float (no shift open) or the first note's count; after Open shift → the first note's count;
 * Close shift (Enter in any count) → the confirmation's note; after closing → Save cash-up.
 */
export function ShiftScreen(): ReactNode {
  const { client, user } = useApp();
  const { t, fmt } = useI18n();
  const current = useLoad(async () => (await client.call('shifts.current', {})).shift, []);
  const [closed, setClosed] = useState<ClosedShift | null>(null);
  const [float, setFloat] = useState('');
  const [local, setLocal] = useState<string | undefined>();
  const { busy, error, run } = useCallAction();

  const open = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const minor = parseAmountToMinor(float, fmt.digits);
    setLocal(minor === null ? t('validation.amount') : undefined);
    if (minor === null) return;
    await run(async () => {
      await client.call('shifts.open', { floatMinor: minor });
      setClosed(null);
      setFloat('');
      void current.reload();
    });
  };

  const shift = current.data;
  return (
    <div className="shift">
      <h1>{t('nav.shift')}</h1>
      <ErrorNotice error={current.error} />
      {closed ? <ShiftResult closed={closed} /> : null}
      {shift === undefined ? (
        <p className="muted">{t('common.loading')}</p>
      ) : shift === null ? (
        <form className="card form-grid shift-open" onSubmit={open} noValidate data-testid="open-shift-form">
          <h2 className="field-wide">{t('shift.openTitle')}</h2>
          <TextField name="float" label={t('shift.float', { currency: fmt.currency })} inputMode="decimal" className="input-amount" value={float}
            onChange={(e) => setFloat(e.target.value)} error={local ?? fieldErrors(error).floatMinor} hint={t('shift.floatHint')} />
          <div className="form-actions field-wide">
            <button type="submit" className="btn btn-primary" disabled={busy}>{t('shift.open')}</button>
          </div>
          <div className="field-wide"><ErrorNotice error={fieldErrors(error).floatMinor ? null : error} /></div>
        </form>
      ) : (
        <CloseShiftForm
          shift={shift}
          onClosed={async (c) => {
            // The count form goes first, then the result comes with its Save button focused: focus has a place.
            await current.reload();
            setClosed({ ...c, by: user.displayName });
          }}
        />
      )}
    </div>
  );
}
