import { useRef, useState, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCallAction } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { minorToAmountInput } from '../../i18n/format';
import { useAmountReason } from '../../lib/amount-reason';
import type { PaymentRow } from './PaymentsScreen';

/** A supervisor's refund or void: card back through the reader, cash out of the drawer, wallet credited. */
export function RefundForm({ payment, onDone }: { payment: PaymentRow; onDone(message: string): void }): ReactNode {
  const { client } = useApp();
  const { t, fmt } = useI18n();
  const left = payment.amountMinor - payment.refundedMinor;
  const fields = useAmountReason(minorToAmountInput(left, fmt.digits));
  const [voidAll, setVoidAll] = useState(false);
  const key = useRef(`con-${crypto.randomUUID()}`);
  const { busy, error, run } = useCallAction();
  if (left <= 0) return null;

  const submit = fields.submit(run, async (minor, reason) => {
    const r = await client.call('payments.refund', { paymentId: payment.id, amountMinor: minor, idempotencyKey: key.current, reason, void: voidAll });
    onDone(t('payments.refundDone', { amount: fmt.money(r.refund.amountMinor, r.refund.currency), no: r.refund.receiptNo ?? '—' }));
  }, voidAll ? payment.amountMinor : undefined);
  const server = fieldErrors(error);
  return (
    <form className="form-grid refund-form" onSubmit={submit} noValidate data-testid="refund-form">
      <h2 className="field-wide">{t('payments.refundTitle')}</h2>
      <TextField name="refund-amount" label={t('payments.refundAmount', { currency: payment.currency })} inputMode="decimal" className="input-amount" value={voidAll ? minorToAmountInput(payment.amountMinor, fmt.digits) : fields.amount}
        disabled={voidAll} onChange={(e) => fields.setAmount(e.target.value)} hint={t('payments.refundLeft', { amount: fmt.money(left, payment.currency) })} error={fields.problems.amount ?? server.amountMinor} />
      <label className="check">
        <input type="checkbox" checked={voidAll} disabled={payment.refundedMinor > 0} onChange={(e) => setVoidAll(e.target.checked)} /> {t('payments.void')}
      </label>
      <TextField name="refund-reason" label={t('field.reason')} value={fields.reason} onChange={(e) => fields.setReason(e.target.value)} error={fields.problems.reason ?? server.reason} hint={t('field.reasonHint')} autoComplete="off" wide />
      <div className="form-actions field-wide">
        <button type="submit" className="btn btn-danger" disabled={busy}>{t('payments.refund')}</button>
      </div>
      <div className="field-wide">
        <ErrorNotice error={Object.keys(server).length ? null : error} />
      </div>
    </form>
  );
}
