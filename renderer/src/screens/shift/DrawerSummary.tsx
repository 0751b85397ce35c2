import { useState, type ReactNode } from 'react';
import type { CallOutput } from '../../api';
import { useApp } from '../../app/context';
import { useCallAction } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField, TextField } from '../../components/Field';
import { useI18n, type MessageKey } from '../../i18n';
import { useAmountReason } from '../../lib/amount-reason';
import { newPaymentKey } from '../../lib/payment-key';
import './shift.css';

export type Drawer = NonNullable<CallOutput<'shifts.drawer'>['drawer']>;
const KINDS = ['sale', 'refund', 'paid_in', 'paid_out', 'drop'] as const;

/**
 * What should be in the drawer now (float + cash sales - refunds ± paid in/out), and the live difference once
 * counting has started: an empty count is not a drawer short by its whole float.
 */
export function DrawerSummary({ drawer, countedMinor }: { drawer: Drawer; countedMinor: number | null }): ReactNode {
  const { t, fmt } = useI18n();
  const variance = countedMinor === null ? 0 : countedMinor - drawer.expectedMinor;
  const kind = countedMinor === null ? 'notCounted' : variance === 0 ? 'balanced' : variance > 0 ? 'over' : 'short';
  return (
    <section className="drawer-summary" aria-labelledby="drawer-title" data-testid="drawer-summary">
      <h3 id="drawer-title">{t('drawer.title')}</h3>
      <dl className="dl dl-inline">
        <div className="dl-item"><dt>{t('drawer.float')}</dt><dd className="num">{fmt.money(drawer.floatMinor)}</dd></div>
        {KINDS.filter((k) => drawer.byKind[k]).map((k) => (
          <div key={k} className="dl-item"><dt>{t(`drawer.kind.${k}` as MessageKey)}</dt><dd className="num">{fmt.money(drawer.byKind[k]!)}</dd></div>
        ))}
        <div className="dl-item drawer-expected"><dt>{t('drawer.expected')}</dt><dd className="num" data-testid="drawer-expected">{fmt.money(drawer.expectedMinor)}</dd></div>
        <div className="dl-item"><dt>{t('drawer.varianceNow')}</dt><dd className={`num variance variance-${kind}`} data-testid="drawer-variance">{t(`shift.${kind}`, { amount: fmt.money(Math.abs(variance)) })}</dd></div>
      </dl>
      {drawer.paymentsInFlight > 0 ? <p className="notice notice-error" role="alert">{t('drawer.inFlight', { count: drawer.paymentsInFlight })}</p> : null}
    </section>
  );
}

/** Paid in, paid out or dropped to the safe, with a reason (audited by the kiosk). */
export function CashMovementForm({ onMoved }: { onMoved(d: Drawer): void }): ReactNode {
  const { client } = useApp();
  const { t, fmt } = useI18n();
  const [kind, setKind] = useState<'paid_in' | 'paid_out' | 'drop'>('paid_out');
  const fields = useAmountReason();
  const [key, setKey] = useState(newPaymentKey);
  const { busy, error, run } = useCallAction();
  const submit = fields.submit(run, async (minor, reason) => {
    onMoved((await client.call('shifts.cashMovement', { kind, amountMinor: minor, reason, idempotencyKey: key })).drawer);
    fields.clear();
    setKey(newPaymentKey());
  });
  return (
    <form className="form-grid cash-move" onSubmit={submit} noValidate data-testid="cash-move-form">
      <h3 className="field-wide">{t('drawer.move')}</h3>
      <SelectField label={t('drawer.moveKind')} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}
        options={(['paid_in', 'paid_out', 'drop'] as const).map((k) => ({ value: k, label: t(`drawer.kind.${k}`) }))} />
      <TextField name="move-amount" label={t('drawer.moveAmount', { currency: fmt.currency })} inputMode="decimal" className="input-amount" value={fields.amount} onChange={(e) => fields.setAmount(e.target.value)} error={fields.problems.amount} />
      <TextField name="move-reason" label={t('field.reason')} value={fields.reason} onChange={(e) => fields.setReason(e.target.value)} error={fields.problems.reason} autoComplete="off" wide />
      <div className="form-actions field-wide"><button type="submit" className="btn" disabled={busy}>{t('drawer.moveSubmit')}</button></div>
      <div className="field-wide"><ErrorNotice error={error} /></div>
    </form>
  );
}
