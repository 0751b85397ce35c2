import { useState, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCallAction, useLoad } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n';
import type { ExitQuote } from './payment-types';

/**
 * A QR code for the driver's phone: a Stripe Checkout page (paid as soon as Stripe has the money) or head office's
 * signed pay link (paid when head office confirms, via sync); the help line says which this site uses.
 */
export function QrPay({ quote }: { quote: ExitQuote }): ReactNode {
  const { client } = useApp();
  const { t, fmt } = useI18n();
  const [link, setLink] = useState<{ svg: string; url: string; expiresAt: number } | null>(null);
  const { busy, error, run } = useCallAction();
  const methods = useLoad(async () => client.call('payments.methods', {}), []);
  const show = () => run(async () => setLink(await client.call('payments.qrLink', { sessionId: quote.sessionId })));
  const unavailable = methods.data && !methods.data.qr.available ? methods.data.qr.reason : null;
  return (
    <div className="pay-qr" data-testid="pay-qr">
      <p className="muted">{t(methods.data?.qr.via === 'stripe_checkout' ? 'pay.qrHelpStripe' : 'pay.qrHelp')}</p>
      {unavailable ? (
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
