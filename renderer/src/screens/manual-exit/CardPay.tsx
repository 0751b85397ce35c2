import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCallAction } from '../../app/hooks';
import { CardCancel } from '../../components/CardCancel';
import { CardStep, ReaderPicker, useCardProgress, useReaders } from '../../components/CardReader';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useI18n, type MessageKey } from '../../i18n';
import { newPaymentKey } from '../../lib/payment-key';
import type { ExitQuote, PayResult } from './payment-types';

/**
 * Card on a reader: pick the reader (its health shown), send the amount, follow each step, cancel with Esc (asked
 * first). An amount under the card minimum that the site's policy waives ends without the card, said by `onWaived`.
 * A payment that ended unpaid (cancelled, declined, no card) leaves the keyboard on Send to reader, the next try.
 */
export function CardPay({ quote, laneId, onPaid, onWaived }: { quote: ExitQuote; laneId: string; onPaid(r: PayResult): void; onWaived(text: string): void }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const readers = useReaders(laneId);
  const [outcome, setOutcome] = useState<string | null>(null);
  const { busy, error, run } = useCallAction();
  const progress = useCardProgress((idempotencyKey) => client.call('payments.cancelCard', { idempotencyKey }), busy);
  const { chosen } = readers;
  const send = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (outcome && !busy) send.current?.focus();
  }, [outcome, busy]);

  const take = async (): Promise<void> => {
    if (!chosen) return;
    const k = newPaymentKey(); // a new try is a new attempt: the kiosk never reuses a declined one
    setOutcome(null);
    // The call answers once the reader shows the amount; the end is the 'finished' event (or, if that is missed,
    // the reader's own time limit), after which the attempt's status says how it ended.
    const finished = progress.follow(k);
    await run(async () => {
      let result = await client.call('payments.payCard', { sessionId: quote.sessionId, terminalId: chosen.id, idempotencyKey: k, amountMinor: quote.dueMinor, currency: quote.currency });
      if (result.outcome === 'pending') {
        await finished;
        result = await client.call('payments.cardStatus', { idempotencyKey: k });
      }
      progress.clear();
      if (result.outcome === 'succeeded' && result.payment) onPaid({ payment: result.payment, receipt: result.receipt ?? [] });
      else if (result.outcome === 'waived') onWaived(t('pay.outcome.waived', { message: result.message }));
      else if (result.outcome !== 'pending') setOutcome(t(`pay.outcome.${result.outcome}` as MessageKey, { message: result.message }));
    });
  };
  return (
    <div className="pay-card" data-testid="pay-card">
      <ReaderPicker readers={readers} disabled={busy} />
      {busy ? <CardStep step={progress.step} /> : null}
      {outcome ? <p className="notice notice-error" role="alert" data-testid="card-outcome">{outcome}</p> : null}
      <div className="form-actions">
        <button type="button" ref={send} className="btn btn-primary btn-big" disabled={busy || !chosen} onClick={() => void take()}>{t('pay.takeCard')}</button>
      </div>
      {busy ? <CardCancel progress={progress} /> : null}
      <ErrorNotice error={error ?? readers.error} />
    </div>
  );
}
