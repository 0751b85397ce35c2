import { useState, type FormEvent, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCallAction } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { SelectField, TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { DISCOUNT_CODES, type DiscountCode } from '../../lib/discount-codes';
import { reasonProblem } from '../../lib/reason';

/** The most free time one extension may give: a month, as the kiosk allows. */
const MAX_MINUTES = 44_640;

/**
 * Supervisor only (the kiosk checks): free minutes added to a stay inside, with a reason code and a reason. The
 * kiosk audits it and prices the stay again at once; the detail then shows the new quote.
 */
export function ExtendFreeTimeForm({ sessionId, onCancel, onDone }: { sessionId: number; onCancel(): void; onDone(): void }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const [minutes, setMinutes] = useState('30');
  const [code, setCode] = useState<DiscountCode>('goodwill');
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<{ minutes?: string; reason?: string }>({});
  const { busy, error, run } = useCallAction();
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const value = /^\d+$/.test(minutes.trim()) ? Number(minutes) : NaN;
    const problems = {
      minutes: value >= 1 && value <= MAX_MINUTES ? undefined : t('session.extendMinutesRange', { max: MAX_MINUTES }),
      reason: reasonProblem(reason, t),
    };
    setLocal(problems);
    if (problems.minutes || problems.reason) return;
    await run(async () => {
      await client.call('payments.discount', { sessionId, minutesOff: value, reasonCode: code, reason: reason.trim() });
      onDone();
    });
  };
  const server = fieldErrors(error);
  return (
    <form className="inline-form" onSubmit={submit} noValidate data-testid="extend-free-time-form">
      <TextField label={t('session.extendMinutes')} inputMode="numeric" className="input-int num" value={minutes}
        onChange={(e) => setMinutes(e.target.value)} error={local.minutes ?? server.minutesOff} data-autofocus autoFocus />
      <SelectField label={t('pay.discountCode')} value={code} onChange={(e) => setCode(e.target.value as DiscountCode)}
        options={DISCOUNT_CODES.map((c) => ({ value: c, label: t(`pay.discountCode.${c}`) }))} />
      <TextField label={t('field.reason')} value={reason} onChange={(e) => setReason(e.target.value)} error={local.reason ?? server.reason}
        hint={t('session.extendHint')} autoComplete="off" wide />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>{t('session.extendConfirm')}</button>
        <button type="button" className="btn" onClick={onCancel}>{t('action.cancel')}</button>
      </div>
      <ErrorNotice error={Object.keys(server).length ? null : error} />
    </form>
  );
}
