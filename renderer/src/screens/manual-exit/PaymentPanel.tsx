import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { Session } from '../../api';
import { useApp } from '../../app/context';
import { useCallAction, useKioskEvent, useLoad } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ChargeTable } from '../../components/ChargeTable';
import { TextField } from '../../components/Field';
import { DiscountForm } from '../../components/DiscountForm';
import { useI18n, type MessageKey } from '../../i18n';
import { CardPay } from './CardPay';
import { CashTender } from './CashTender';
import { PaidNotice } from './PaidNotice';
import { newPaymentKey } from '../../lib/payment-key';
import { METHODS, type ExitQuote, type Method, type PayResult } from './payment-types';
import { QrPay } from './QrPay';
import { WalletPay } from './WalletPay';
import './manual-exit.css';

/**
 * A stay paid beyond its charge: a supervisor refunds it (through the refunds: card, cash from the drawer, wallet)
 * or the driver leaves it with the site. Both audited by the kiosk.
 */
function Overpayment({ quote, onSettled }: { quote: ExitQuote; onSettled(): void }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const key = useRef(newPaymentKey());
  const { busy, error, run } = useCallAction();
  const settle = (action: 'refund' | 'keep') => run(async () => {
    await client.call('payments.settleOverpayment', { sessionId: quote.sessionId, action, reason: t('charge.reason'), idempotencyKey: key.current });
    key.current = newPaymentKey();
    onSettled();
  });
  return (
    <div className="pay-adjust" data-testid="overpayment">
      <button type="button" className="btn" disabled={busy} onClick={() => void settle('refund')}>{t('charge.refund')}</button>
      <button type="button" className="btn" disabled={busy} onClick={() => void settle('keep')}>{t('charge.keep')}</button>
      <ErrorNotice error={error} />
    </div>
  );
}

/** Validation codes and a lost ticket change the price; the quote reloads with the new lines. */
function Adjustments({ quote, onChanged }: { quote: ExitQuote; onChanged(): void }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const { busy, error, run } = useCallAction();
  const apply = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!code.trim()) return;
    await run(async () => {
      await client.call('payments.applyValidation', { sessionId: quote.sessionId, code: code.trim() });
      setCode('');
      onChanged();
    });
  };
  const lost = () => run(async () => {
    await client.call('payments.lostTicket', { sessionId: quote.sessionId, reason: t('pay.lostTicketReason') });
    onChanged();
  });
  return (
    <div className="pay-adjust">
      <form className="pay-validation" onSubmit={apply} noValidate>
        <TextField name="validation" label={t('pay.validation')} value={code} onChange={(e) => setCode(e.target.value.toUpperCase())} autoComplete="off" />
        <button type="submit" className="btn" disabled={busy}>{t('pay.applyValidation')}</button>
      </form>
      <button type="button" className="btn" disabled={busy || quote.lostTicket} onClick={() => void lost()}>{t('pay.lostTicket')}</button>
      <ErrorNotice error={error} />
    </div>
  );
}

/** A driver who cannot pay now: the site's policy says hold, or let out with a debt on the plate. */
function UnableToPay({ quote, laneId, onDone }: { quote: ExitQuote; laneId: string; onDone(text: string): void }): ReactNode {
  const { client } = useApp();
  const { t, fmt } = useI18n();
  const { busy, error, run } = useCallAction();
  const go = () => run(async () => {
    const r = await client.call('payments.unableToPay', { sessionId: quote.sessionId, laneId: laneId || null, reason: t('pay.unableReason') });
    onDone(t(r.outcome === 'held' ? 'pay.held' : 'pay.letOut', { amount: fmt.money(r.dueMinor, quote.currency) }));
  });
  return (
    <div>
      <button type="button" className="btn btn-quiet" disabled={busy} onClick={() => void go()} data-testid="unable-to-pay">{t('pay.unableToPay')}</button>
      <ErrorNotice error={error} />
    </div>
  );
}

/**
 * The exit payment panel: the quote with its lines, what is due now, the method (Alt+1..4), and the method's own
 * form; after payment the receipt. Reloads when the lot changes (another console or a lane may have taken payment).
 */
export function PaymentPanel({ session, laneId, onPaid, onWaived }: { session: Session; laneId: string; onPaid?(r: PayResult): void; onWaived?(): void }): ReactNode {
  const { client, can } = useApp();
  const { t, fmt } = useI18n();
  const [method, setMethod] = useState<Method>('cash');
  const [done, setDone] = useState<PayResult | null>(null);
  const [policy, setPolicy] = useState<string | null>(null);
  const quote = useLoad(async () => (await client.call('payments.quote', { sessionId: session.id })).quote, [session.id]);
  useKioskEvent('lot.changed', (e) => {
    if (e.sessionId === session.id) void quote.reload();
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const index = e.altKey ? Number(e.key) - 1 : -1;
      const pick = METHODS[index];
      if (!pick) return;
      e.preventDefault();
      setMethod(pick);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const paid = (r: PayResult): void => {
    setDone(r);
    void quote.reload();
    onPaid?.(r);
  };
  /** Settled without a payment (let out with a debt, held, waived under the card minimum): the notice says which. */
  const settled = (text: string): void => {
    setPolicy(text);
    void quote.reload();
  };
  const waived = (text: string): void => {
    settled(text);
    onWaived?.();
  };
  const q = quote.data;
  if (!q) return <div className="pay-panel"><p className="muted">{quote.loading ? t('common.loading') : ''}</p><ErrorNotice error={quote.error} /></div>;
  return (
    <div className="pay-panel" data-testid="pay-panel">
      <ChargeTable charge={q} testId="pay-quote" />
      {done ? <PaidNotice paid={done} /> : null}
      {policy ? <p className="notice" role="status" data-testid="policy">{policy}</p> : null}
      {q.status === 'open' ? <Adjustments quote={q} onChanged={quote.reload} /> : null}
      {q.status === 'open' && q.dueMinor > 0 && can('supervisor') ? (
        <details className="pay-discount">
          <summary>{t('pay.discount')}</summary>
          <DiscountForm sessionId={q.sessionId} currency={q.currency} onDone={quote.reload} />
        </details>
      ) : null}
      {q.overpaidMinor > 0 ? (
        can('supervisor') ? <Overpayment quote={q} onSettled={quote.reload} /> : <p className="notice" role="status" data-testid="overpaid-note">{t('charge.askSupervisor', { amount: fmt.money(q.overpaidMinor, q.currency) })}</p>
      ) : null}
      {q.dueMinor === 0 ? (
        <p className="pay-status" data-testid="pay-status">{q.graceUntil ? t('pay.paidLeaveBy', { time: fmt.time(q.graceUntil) }) : t('pay.nothingDue')}</p>
      ) : (
        <>
          <div className="pay-methods" role="tablist" aria-label={t('pay.method')}>
            {METHODS.map((m, i) => (
              <button key={m} type="button" role="tab" aria-selected={method === m} className={`btn btn-method${method === m ? ' is-active' : ''}`} onClick={() => setMethod(m)}>
                {t(`pay.method.${m}` as MessageKey)} <kbd>Alt+{i + 1}</kbd>
              </button>
            ))}
          </div>
          <div className="pay-method-body" role="tabpanel">
            {method === 'cash' ? <CashTender key={`${q.dueMinor}`} quote={q} onPaid={paid} /> : null}
            {method === 'card' ? <CardPay quote={q} laneId={laneId} onPaid={paid} onWaived={waived} /> : null}
            {method === 'wallet' ? <WalletPay quote={q} onPaid={paid} /> : null}
            {method === 'qr' ? <QrPay quote={q} onPaid={paid} onWaived={waived} /> : null}
          </div>
          <UnableToPay quote={q} laneId={laneId} onDone={settled} />
        </>
      )}
      <ErrorNotice error={quote.error} />
    </div>
  );
}
