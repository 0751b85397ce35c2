import { useState, type FormEvent, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCallAction } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { SelectField, TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { parseAmountToMinor } from '../../i18n/format';
import { DISCOUNT_CODES, type DiscountCode } from '../../lib/discount-codes';
import { reasonProblem } from '../../lib/reason';
import type { ExitQuote } from './payment-types';

/** A supervisor's discount on this stay, with a reason code and a reason (the kiosk audits it). */
export function DiscountForm({ quote, onChanged }: { quote: ExitQuote; onChanged(): void }): ReactNode {
  const { client } = useApp();
  const { t, fmt } = useI18n();
  const [amount, setAmount] = useState('');
  const [code, setCode] = useState<DiscountCode>('goodwill');
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<{ amount?: string; reason?: string }>({});
  const { busy, error, run } = useCallAction();
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const minor = parseAmountToMinor(amount, fmt.digits);
    const problems = { amount: minor === null || minor <= 0 ? t('validation.amount') : undefined, reason: reasonProblem(reason, t) };
    setLocal(problems);
    if (problems.amount || problems.reason || minor === null) return;
    await run(async () => {
      await client.call('payments.discount', { sessionId: quote.sessionId, valueOffMinor: minor, reasonCode: code, reason: reason.trim() });
      setAmount('');
      setReason('');
      onChanged();
    });
  };
  const server = fieldErrors(error);
  return (
    <details className="pay-discount">
      <summary>{t('pay.discount')}</summary>
      <form className="form-grid" onSubmit={submit} noValidate data-testid="discount-form">
        <TextField name="discount" label={t('pay.discountAmount', { currency: quote.currency })} inputMode="decimal" className="input-amount" value={amount} onChange={(e) => setAmount(e.target.value)} error={local.amount ?? server.valueOffMinor} />
        <SelectField label={t('pay.discountCode')} value={code} onChange={(e) => setCode(e.target.value as DiscountCode)} options={DISCOUNT_CODES.map((c) => ({ value: c, label: t(`pay.discountCode.${c}`) }))} />
        <TextField name="discount-reason" label={t('field.reason')} value={reason} onChange={(e) => setReason(e.target.value)} error={local.reason ?? server.reason} autoComplete="off" wide />
        <div className="form-actions field-wide"><button type="submit" className="btn" disabled={busy}>{t('pay.discountApply')}</button></div>
        <div className="field-wide"><ErrorNotice error={Object.keys(server).length ? null : error} /></div>
      </form>
    </details>
  );
}
