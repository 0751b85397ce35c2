import { useState, type KeyboardEvent, type ReactNode } from 'react';
import type { CallOutput } from '../../api';
import { useApp } from '../../app/context';
import { useKioskEvent, useLoad } from '../../app/hooks';
import { ErrorNotice, SuccessNotice } from '../../components/ErrorNotice';
import { PlateBadge } from '../../components/PlateBadge';
import { useI18n, type MessageKey } from '../../i18n';
import { ReceiptView } from './ReceiptView';
import { RefundForm } from './RefundForm';
import { PaymentSettingsForm, ValidationCodeForm } from './SupervisorTools';
import './payments.css';

export type PaymentRow = CallOutput<'payments.list'>['payments'][number];

/** Payment history (newest first), a payment's receipt with reprints, and refunds for supervisors. ↑/↓ move. */
export function PaymentsScreen(): ReactNode {
  const { client, can } = useApp();
  const { t, fmt } = useI18n();
  const list = useLoad(async () => (await client.call('payments.list', { limit: 200 })).payments, []);
  const [picked, setPicked] = useState<number | null>(null);
  const [refunded, setRefunded] = useState<string | null>(null);
  useKioskEvent('lot.changed', (e) => (e.reason === 'payment' || e.reason === 'refund') && list.reload());
  const rows = list.data ?? [];
  const now = Date.now();
  const chosen = rows.find((p) => p.id === picked) ?? null;
  const move = (e: KeyboardEvent): void => {
    const at = rows.findIndex((p) => p.id === picked);
    const next = e.key === 'ArrowDown' ? rows[at + 1] : e.key === 'ArrowUp' ? rows[Math.max(0, at - 1)] : undefined;
    if (next) {
      e.preventDefault();
      setPicked(next.id);
    }
  };
  return (
    <div className="payments">
      <div className="screen-head">
        <h1>{t('payments.title')}</h1>
        <button type="button" className="btn btn-small" onClick={list.reload}>{t('payments.reload')}</button>
      </div>
      <ErrorNotice error={list.error} />
      <div className="payments-grid">
        <section className="card panel-scroll" tabIndex={0} onKeyDown={move} aria-label={t('payments.title')}>
          <table className="table table-compact payments-table" data-testid="payments-table">
            <thead>
              <tr>
                <th scope="col" className="num">{t('payments.receiptNo')}</th>
                <th scope="col">{t('payments.time')}</th>
                <th scope="col">{t('payments.plate')}</th>
                <th scope="col">{t('payments.method')}</th>
                <th scope="col" className="num">{t('payments.amount')}</th>
                <th scope="col" className="num">{t('payments.refunded')}</th>
                <th scope="col">{t('payments.by')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 ? <tr><td colSpan={7} className="muted">{list.loading ? t('common.loading') : t('payments.none')}</td></tr> : null}
              {rows.map((p) => (
                <tr key={p.id} className={p.id === picked ? 'is-picked' : undefined} onClick={() => { setPicked(p.id); setRefunded(null); }} aria-selected={p.id === picked}>
                  <td className="num"><button type="button" className="link" onClick={() => setPicked(p.id)}>{p.receiptNo}</button></td>
                  <td className="nowrap">{fmt.dayTime(p.takenAt, now)}</td>
                  <td>{p.plateKey ? <PlateBadge plate={p.plateKey} size="sm" /> : '—'}</td>
                  <td>{t(`pay.method.${p.method}` as MessageKey)}{p.last4 ? ` ····${p.last4}` : ''}</td>
                  <td className="num">{fmt.money(p.amountMinor, p.currency)}</td>
                  <td className="num">{p.refundedMinor ? fmt.money(p.refundedMinor, p.currency) : ''}{p.voided ? ` (${t('payments.voided')})` : ''}</td>
                  <td>{p.takenBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card" aria-live="polite">
          {chosen ? (
            <>
              <ReceiptView key={`${chosen.id}-${chosen.refunds.length}`} no={chosen.receiptNo} />
              {chosen.refunds.filter((r) => r.receiptNo).map((r) => <ReceiptView key={r.id} no={r.receiptNo!} />)}
              {refunded ? <SuccessNotice><span data-testid="refund-done">{refunded}</span></SuccessNotice> : null}
              {can('supervisor') ? <RefundForm key={`refund-${chosen.id}-${chosen.refundedMinor}`} payment={chosen} onDone={(message) => { setRefunded(message); list.reload(); }} /> : null}
            </>
          ) : (
            <p className="muted">{t('payments.pick')}</p>
          )}
        </section>
      </div>
      {can('supervisor') ? (
        <div className="payments-tools">
          <PaymentSettingsForm />
          <ValidationCodeForm />
        </div>
      ) : null}
    </div>
  );
}
