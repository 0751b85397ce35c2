import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCallAction } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { minorToAmountInput } from '../../i18n/format';
import { readAmount } from '../../lib/amount';
import { reasonProblem } from '../../lib/reason';
import type { PaymentRow } from './PaymentsScreen';

/** A supervisor's refund or void: card back through the reader, cash out of the drawer, wallet credited. */
export function RefundForm({ payment, onDone }: { payment: PaymentRow; onDone(message: string): void }): ReactNode {
  const { client } = useApp();
  const { t, fmt } = useI18n();
  const left = payment.amountMinor - payment.refundedMinor;
  const [amount, setAmount] = useState(minorToAmountInput(left, fmt.digits));
  const [voidAll, setVoidAll] = useState(false);
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<{ amount?: string; reason?: string }>({});
  const key = useRef(`con-${crypto.randomUUID()}`);
  const { busy, error, run } = useCallAction();
  if (left <= 0) return null;

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const read = voidAll ? { minor: payment.amountMinor } : readAmount(amount, fmt.digits, t);
    const problems = { amount: 'problem' in read ? read.problem : undefined, reason: reasonProblem(reason, t) };
    setLocal(problems);
    if (!('minor' in read) || problems.reason) return;
    await run(async () => {
      const r = await client.call('payments.refund', { paymentId: payment.id, amountMinor: read.minor, idempotencyKey: key.current, reason: reason.trim(), void: voidAll });
      onDone(t('payments.refundDone', { amount: fmt.money(r.refund.amountMinor, r.refund.currency), no: r.refund.receiptNo ?? '—' }));
    });
  };
  const server = fieldErrors(error);
  return (
    <form className="form-grid refund-form" onSubmit={submit} noValidate data-testid="refund-form">
      <h2 className="field-wide">{t('payments.refundTitle')}</h2>
      <TextField name="refund-amount" label={t('payments.refundAmount', { currency: payment.currency })} inputMode="decimal" className="input-amount" value={voidAll ? minorToAmountInput(payment.amountMinor, fmt.digits) : amount}
        disabled={voidAll} onChange={(e) => setAmount(e.target.value)} hint={t('payments.refundLeft', { amount: fmt.money(left, payment.currency) })} error={local.amount ?? server.amountMinor} />
      <label className="check">
        <input type="checkbox" checked={voidAll} disabled={payment.refundedMinor > 0} onChange={(e) => setVoidAll(e.target.checked)} /> {t('payments.void')}
      </label>
      <TextField name="refund-reason" label={t('field.reason')} value={reason} onChange={(e) => setReason(e.target.value)} error={local.reason ?? server.reason} hint={t('field.reasonHint')} autoComplete="off" wide />
      <div className="form-actions field-wide">
        <button type="submit" className="btn btn-danger" disabled={busy}>{t('payments.refund')}</button>
      </div>
      <div className="field-wide">
        <ErrorNotice error={Object.keys(server).length ? null : error} />
      </div>
    </form>
  );
}
