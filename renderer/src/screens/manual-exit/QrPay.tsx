import { useRef, useState, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCallAction, useKioskEvent, useLoad } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n';
import type { ExitQuote, PayResult } from './payment-types';

/**
 * A QR code for the driver's phone: a Stripe Checkout page (paid as soon as Stripe has the money) or head office's
 * signed pay link (paid when head office confirms, via sync); the help line says which this site uses. The kiosk
 * records the payment by itself: when it appears for this stay, the exit finishes as after cash (onPaid). A payment
 * the kiosk had to refund (made on a code that had ended) is said here, where the attendant is looking. Under
 * Stripe's minimum charge no code can be paid: the tab says so and, where the site's policy waives such amounts,
 * offers the waiver (`onWaived`).
 */
export function QrPay({ quote, onPaid, onWaived }: { quote: ExitQuote; onPaid(r: PayResult): void; onWaived(text: string): void }): ReactNode {
  const { client } = useApp();
  const { t, fmt } = useI18n();
  const [link, setLink] = useState<{ svg: string; url: string; expiresAt: number } | null>(null);
  const [refunded, setRefunded] = useState<string | null>(null);
  /** The stay's payments before the code was shown: a new QR payment among them is the driver's. */
  const before = useRef<ReadonlySet<number>>(new Set());
  const { busy, error, run, fail } = useCallAction();
  const methods = useLoad(async () => client.call('payments.methods', {}), []);
  const qrPayments = async () => (await client.call('payments.list', { sessionId: quote.sessionId })).payments.filter((p) => p.method === 'qr' && !p.voided);
  const show = () => run(async () => {
    before.current = new Set((await qrPayments()).map((p) => p.id));
    setLink(await client.call('payments.qrLink', { sessionId: quote.sessionId }));
  });
  const findPayment = async (): Promise<void> => {
    const payment = (await qrPayments()).find((p) => !before.current.has(p.id));
    if (!payment) return;
    before.current = new Set([...before.current, payment.id]);
    const receipt = await client.call('payments.receipt', { no: payment.receiptNo });
    onPaid({ payment, receipt: receipt.text });
  };
  useKioskEvent('lot.changed', (e) => {
    if (link && e.sessionId === quote.sessionId) findPayment().catch(fail);
  });
  useKioskEvent('event.logged', (e) => {
    if (e.kind === 'qr_refunded' && e.sessionId === quote.sessionId) setRefunded(e.text);
  });
  const waive = () => run(async () => {
    const { message } = await client.call('payments.waiveBelowMinimum', { sessionId: quote.sessionId, amountMinor: quote.dueMinor, currency: quote.currency });
    onWaived(t('pay.outcome.waived', { message }));
  });
  const minimum = methods.data?.cardMinimum;
  const belowMinimum = minimum && quote.dueMinor < minimum.minimumMinor ? minimum : null;
  const unavailable = methods.data && !methods.data.qr.available ? methods.data.qr.reason : null;
  return (
    <div className="pay-qr" data-testid="pay-qr">
      <p className="muted">{t(methods.data?.qr.via === 'stripe_checkout' ? 'pay.qrHelpStripe' : 'pay.qrHelp')}</p>
      {refunded ? <p className="notice notice-warn" role="alert" data-testid="qr-refunded">{refunded}</p> : null}
      {belowMinimum ? (
        <div data-testid="qr-below-minimum">
          <p className="notice" role="status">{t(belowMinimum.policy === 'waive' ? 'pay.qrBelowMinimumWaive' : 'pay.qrBelowMinimum', { minimum: fmt.money(belowMinimum.minimumMinor, quote.currency), amount: fmt.money(quote.dueMinor, quote.currency) })}</p>
          {belowMinimum.policy === 'waive' ? <button type="button" className="btn btn-primary btn-big" disabled={busy} onClick={() => void waive()}>{t('pay.waiveBelowMinimum', { amount: fmt.money(quote.dueMinor, quote.currency) })}</button> : null}
        </div>
      ) : unavailable ? (
        <p className="notice notice-error" role="status" data-testid="qr-unavailable">{unavailable}</p>
      ) : link ? (
        <figure className="qr-figure">
          {/* The SVG comes from the kiosk's qrcode library, never from user input. */}
          <div className="qr-code" role="img" aria-label={link.url} dangerouslySetInnerHTML={{ __html: link.svg }} />
          <figcaption>{t('pay.qrExpires', { time: fmt.time(link.expiresAt) })}</figcaption>
        </figure>
      ) : (
        <button type="button" className="btn btn-primary btn-big" disabled={busy} onClick={() => void show()}>{t('pay.showQr')}</button>
      )}
      <ErrorNotice error={error ?? methods.error} />
    </div>
  );
}
