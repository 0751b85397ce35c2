import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCallAction, useKioskEvent, useLoad } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField } from '../../components/Field';
import { useI18n, type MessageKey } from '../../i18n';
import { newPaymentKey } from '../../lib/payment-key';
import type { ExitQuote, PayResult } from './payment-types';

/** The kiosk cancels a payment no card was presented for after 90 s; the console waits a little longer. */
const READER_LIMIT_MS = 100_000;

/**
 * Card on a reader: pick the reader (its health shown), send the amount, follow each step, cancel with Esc. An
 * amount under the card minimum that the site's policy waives ends without the card, said by `onWaived`.
 */
export function CardPay({ quote, laneId, onPaid, onWaived }: { quote: ExitQuote; laneId: string; onPaid(r: PayResult): void; onWaived(text: string): void }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const terminals = useLoad(async () => (await client.call('payments.terminals', {})).terminals, []);
  const methods = useLoad(async () => client.call('payments.methods', {}), []);
  const [terminalId, setTerminalId] = useState('');
  const [step, setStep] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const key = useRef<string | null>(null);
  const ended = useRef<(() => void) | null>(null);
  const { busy, error, run } = useCallAction();
  useKioskEvent('devices.changed', () => void Promise.all([terminals.reload(), methods.reload()]));
  useKioskEvent('payments.progress', (p) => {
    if (p.idempotencyKey !== key.current) return;
    if (p.step === 'finished') ended.current?.();
    else setStep(p.step);
  });
  const list = terminals.data ?? [];
  const chosen = list.find((x) => x.id === terminalId) ?? list.find((x) => x.laneId === laneId) ?? list.find((x) => x.laneId === null) ?? list[0];
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && busy && key.current) void client.call('payments.cancelCard', { idempotencyKey: key.current }).catch(() => undefined);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [busy, client]);

  const take = async (): Promise<void> => {
    if (!chosen) return;
    const k = newPaymentKey(); // a new try is a new attempt: the kiosk never reuses a declined one
    key.current = k;
    setOutcome(null);
    // The call answers once the reader shows the amount; the end is the 'finished' event (or, if that is missed,
    // the reader's own time limit), after which the attempt's status says how it ended.
    const finished = new Promise<void>((resolve) => {
      ended.current = resolve;
      setTimeout(resolve, READER_LIMIT_MS);
    });
    await run(async () => {
      let result = await client.call('payments.payCard', { sessionId: quote.sessionId, terminalId: chosen.id, idempotencyKey: k, amountMinor: quote.dueMinor, currency: quote.currency });
      if (result.outcome === 'pending') {
        await finished;
        result = await client.call('payments.cardStatus', { idempotencyKey: k });
      }
      setStep(null);
      if (result.outcome === 'succeeded' && result.payment) onPaid({ payment: result.payment, receipt: result.receipt ?? [] });
      else if (result.outcome === 'waived') onWaived(t('pay.outcome.waived', { message: result.message }));
      else if (result.outcome !== 'pending') setOutcome(t(`pay.outcome.${result.outcome}` as MessageKey, { message: result.message }));
    });
  };
  const ready = chosen?.reachable && chosen.readerOnline;
  return (
    <div className="pay-card" data-testid="pay-card">
      <SelectField label={t('pay.reader')} value={chosen?.id ?? ''} onChange={(e) => setTerminalId(e.target.value)} disabled={busy}
        options={list.map((x) => ({ value: x.id, label: `${x.id} — ${x.reachable && x.readerOnline ? t('pay.readerOk') : t('pay.readerDown', { detail: x.detail })}` }))} />
      <p className={`reader-status ${ready ? 'reader-ok' : 'reader-down'}`} role="status" data-testid="reader-status">
        <span className="dot" aria-hidden="true" /> {chosen ? (ready ? t('pay.readerOk') : t('pay.cardUnavailable')) : (methods.data?.card.reason ?? t('common.loading'))}
      </p>
      {busy && step ? <p className="pay-step" aria-live="polite" data-testid="card-step">{t(`pay.step.${step}` as MessageKey)}</p> : null}
      {outcome ? <p className="notice notice-error" role="alert" data-testid="card-outcome">{outcome}</p> : null}
      <div className="form-actions">
        <button type="button" className="btn btn-primary btn-big" disabled={busy || !chosen} onClick={() => void take()}>{t('pay.takeCard')}</button>
        {busy ? <button type="button" className="btn" onClick={() => key.current && void client.call('payments.cancelCard', { idempotencyKey: key.current }).catch(() => undefined)}>{t('pay.cancelCard')} <kbd>Esc</kbd></button> : null}
      </div>
      <ErrorNotice error={error ?? terminals.error} />
    </div>
  );
}
