import { useState, type KeyboardEvent, type ReactNode } from 'react';
import type { CallOutput } from '../../api';
import { useApp } from '../../app/context';
import { useKioskEvent, useLoad, type Loaded } from '../../app/hooks';
import { ErrorNotice, SuccessNotice } from '../../components/ErrorNotice';
import { PlateBadge } from '../../components/PlateBadge';
import { useI18n, type MessageKey } from '../../i18n';
import { rowAfterArrow } from '../../lib/rows';
import { ReceiptView } from './ReceiptView';
import { RefundForm } from './RefundForm';
import { PaymentSettingsForm } from './SupervisorTools';
import { ValidationCodes } from './ValidationCodes';
import { WalletsPanel } from './WalletsPanel';
import './payments.css';

export type PaymentRow = CallOutput<'payments.list'>['payments'][number];

type Tab = 'history' | 'wallets' | 'codes';

/**
 * F12, in tabs: the payment history, prepaid wallets (everyone reads balances, a supervisor creates and tops up),
 * and the merchants' validation codes (supervisor).
 */
export function PaymentsScreen(): ReactNode {
  const { client, can, route } = useApp();
  const { t } = useI18n();
  // Another screen's link to a wallet (a driver's) opens the wallets tab on it.
  const [tab, setTab] = useState<Tab>(route.walletSearch ? 'wallets' : 'history');
  const tabs: readonly Tab[] = can('supervisor') ? ['history', 'wallets', 'codes'] : ['history', 'wallets'];
  // Loaded here, not in the history tab: going to the wallets and back shows the list at once, without a reload.
  const history = useLoad(async () => (await client.call('payments.list', { limit: 200 })).payments, []);
  useKioskEvent('lot.changed', (e) => (e.reason === 'payment' || e.reason === 'refund') && history.reload());
  return (
    <div className="payments">
      <div className="screen-head">
        <h1>{t('payments.title')}</h1>
        <div className="payments-head-tools">
          {tab === 'history' ? <button type="button" className="btn btn-small" onClick={history.reload}>{t('payments.reload')}</button> : null}
          <div className="payments-tabs" role="tablist" aria-label={t('payments.title')}>
            {tabs.map((id) => (
              <button key={id} type="button" role="tab" className="btn" aria-selected={tab === id} data-tab={id} onClick={() => setTab(id)}>
                {t(`payments.tab.${id}`)}
              </button>
            ))}
          </div>
        </div>
      </div>
      {tab === 'history' ? <PaymentHistory list={history} /> : tab === 'wallets' ? <WalletsPanel /> : <ValidationCodes />}
    </div>
  );
}

/** Payment history (newest first), a payment's receipt with reprints, and refunds for supervisors. ↑/↓ move. */
function PaymentHistory({ list }: { list: Loaded<PaymentRow[]> }): ReactNode {
  const { can } = useApp();
  const { t, fmt } = useI18n();
  const [picked, setPicked] = useState<number | null>(null);
  const [refunded, setRefunded] = useState<string | null>(null);
  const rows = list.data ?? [];
  const now = Date.now();
  const chosen = rows.find((p) => p.id === picked) ?? null;
  const move = (e: KeyboardEvent): void => {
    const next = rowAfterArrow(e.key, rows, picked);
    if (next) {
      e.preventDefault();
      setPicked(next.id);
    }
  };
  return (
    <>
      <ErrorNotice error={list.error} />
      <div className="payments-grid">
        <section className="card panel-scroll" tabIndex={0} onKeyDown={move} aria-label={t('payments.title')}>
          <table className="table table-compact payments-table" data-testid="payments-table" aria-busy={list.loading}>
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
              {can('supervisor') ? <RefundForm key={`refund-${chosen.id}-${chosen.refundedMinor}`} payment={chosen} onDone={(message) => { setRefunded(message); void list.reload(); }} /> : null}
            </>
          ) : (
            <p className="muted">{t('payments.pick')}</p>
          )}
        </section>
      </div>
      {can('supervisor') ? (
        <div className="payments-tools">
          <PaymentSettingsForm />
        </div>
      ) : null}
    </>
  );
}
