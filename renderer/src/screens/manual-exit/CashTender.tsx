import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCallAction } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { minorToAmountInput, parseAmountToMinor } from '../../i18n/format';
import { denominationsFor } from '../../lib/denominations';
import { newPaymentKey } from '../../lib/payment-key';
import type { ExitQuote, PayResult } from './payment-types';

/** Cash at the booth: what was handed over, the change to give (live), then into the drawer. */
export function CashTender({ quote, onPaid }: { quote: ExitQuote; onPaid(r: PayResult): void }): ReactNode {
  const { client } = useApp();
  const { t, fmt } = useI18n();
  const [text, setText] = useState('');
  const key = useRef(newPaymentKey());
  const input = useRef<HTMLInputElement>(null);
  const { busy, error, run } = useCallAction();
  useEffect(() => input.current?.focus(), []);
  const tendered = parseAmountToMinor(text, fmt.digits);
  const change = tendered === null ? null : tendered - quote.dueMinor;
  // Quick picks: the exact amount and the notes that cover it.
  const notes = denominationsFor(quote.currency, fmt.digits).notes.filter((n) => n >= quote.dueMinor).slice(-3).reverse();

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (tendered === null || tendered < quote.dueMinor) return;
    await run(async () => {
      const paid = await client.call('payments.payCash', { sessionId: quote.sessionId, idempotencyKey: key.current, amountMinor: quote.dueMinor, currency: quote.currency, tenderedMinor: tendered });
      onPaid({ payment: paid.payment, receipt: paid.receipt, note: t('pay.changeGiven', { amount: fmt.money(paid.changeMinor, quote.currency) }) });
    });
  };
  return (
    <form className="pay-cash" onSubmit={submit} noValidate data-testid="pay-cash">
      <div className="pay-cash-in">
      <TextField ref={input} name="tendered" label={t('pay.tendered', { currency: quote.currency })} inputMode="decimal" className="input-amount"
        value={text} onChange={(e) => setText(e.target.value)} hint={t('pay.tenderedHint')} error={text && tendered === null ? t('validation.amount') : undefined} />
      <div className="pay-quick" role="group" aria-label={t('pay.tendered', { currency: quote.currency })}>
        <button type="button" className="btn" onClick={() => setText(minorToAmountInput(quote.dueMinor, fmt.digits))}>{t('pay.exact')}</button>
        {notes.map((n) => (
          <button key={n} type="button" className="btn" onClick={() => setText(minorToAmountInput(n, fmt.digits))}>{fmt.money(n, quote.currency)}</button>
        ))}
      </div>
      </div>
      <div className="pay-cash-out">
      <div className={`pay-change${change !== null && change < 0 ? ' pay-short' : ''}`} aria-live="polite" data-testid="change">
        <span>{change !== null && change < 0 ? t('pay.short', { amount: fmt.money(-change, quote.currency) }) : t('pay.change')}</span>
        <strong className="num">{change === null || change < 0 ? '—' : fmt.money(change, quote.currency)}</strong>
      </div>
      <button type="submit" className="btn btn-primary btn-big" disabled={busy || change === null || change < 0}>{t('pay.takeCash')} <kbd>Enter</kbd></button>
      </div>
      <ErrorNotice error={error} />
    </form>
  );
}
