import { useState, type ReactNode } from 'react';
import { useApp } from '../app/context';
import { useCallAction } from '../app/hooks';
import { useI18n } from '../i18n';
import { useAmountReason } from '../lib/amount-reason';
import { DISCOUNT_CODES, type DiscountCode } from '../lib/discount-codes';
import { inlineEscape } from '../lib/inline-escape';
import { ErrorNotice } from './ErrorNotice';
import { fieldErrors } from './errors';
import { SelectField, TextField } from './Field';

/**
 * A supervisor's discount on a stay, with a reason code and a reason; the kiosk checks the role and audits it.
 * On the exit screen and on the session window (there with Cancel, and Esc that closes only this panel).
 */
export function DiscountForm({ sessionId, currency, onDone, onCancel }: { sessionId: number; currency: string; onDone(): void; onCancel?: () => void }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const fields = useAmountReason();
  const [code, setCode] = useState<DiscountCode>('goodwill');
  const { busy, error, run } = useCallAction();
  const submit = fields.submit(run, async (minor, reason) => {
    await client.call('payments.discount', { sessionId, valueOffMinor: minor, reasonCode: code, reason });
    fields.clear();
    onDone();
  });
  const server = fieldErrors(error);
  const inline = onCancel !== undefined;
  return (
    <form className={inline ? 'inline-form' : 'form-grid'} onSubmit={submit} noValidate data-testid="discount-form"
      onKeyDown={inline ? inlineEscape(fields.typed, () => window.confirm(t('session.dropTyped')), onCancel) : undefined}>
      <TextField name="discount" label={t('pay.discountAmount', { currency })} inputMode="decimal" className="input-amount" value={fields.amount}
        onChange={(e) => fields.setAmount(e.target.value)} error={fields.problems.amount ?? server.valueOffMinor} autoComplete="off" autoFocus={inline} data-autofocus={inline || undefined} />
      <SelectField label={t('pay.discountCode')} value={code} onChange={(e) => setCode(e.target.value as DiscountCode)} options={DISCOUNT_CODES.map((c) => ({ value: c, label: t(`pay.discountCode.${c}`) }))} />
      <TextField name="discount-reason" label={t('field.reason')} value={fields.reason} onChange={(e) => fields.setReason(e.target.value)} error={fields.problems.reason ?? server.reason} autoComplete="off" wide />
      <div className="form-actions field-wide">
        <button type="submit" className={inline ? 'btn btn-primary' : 'btn'} disabled={busy}>{t('pay.discountApply')}</button>
        {inline ? <button type="button" className="btn" onClick={onCancel}>{t('action.cancel')}</button> : null}
      </div>
      <div className="field-wide"><ErrorNotice error={Object.keys(server).length ? null : error} /></div>
    </form>
  );
}
