import { useRef, useState, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCallAction, useLoad } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n';
import { newPaymentKey } from '../../lib/payment-key';
import type { ExitQuote, PayResult } from './payment-types';

/** A registered driver's prepaid wallet: the wallets that pay for this plate, debited atomically by the kiosk. */
export function WalletPay({ quote, onPaid }: { quote: ExitQuote; onPaid(r: PayResult): void }): ReactNode {
  const { client } = useApp();
  const { t, fmt } = useI18n();
  const wallets = useLoad(async () => (await client.call('wallets.list', { plate: quote.plateKey })).wallets, [quote.plateKey]);
  const [picked, setPicked] = useState<number | null>(null);
  const key = useRef(newPaymentKey());
  const { busy, error, run } = useCallAction();
  const list = wallets.data ?? [];
  const chosen = list.find((w) => w.id === picked) ?? list[0];

  const pay = async (): Promise<void> => {
    if (!chosen) return;
    await run(async () => {
      const paid = await client.call('payments.payWallet', { sessionId: quote.sessionId, walletId: chosen.id, idempotencyKey: key.current, amountMinor: quote.dueMinor, currency: quote.currency });
      onPaid({ payment: paid.payment, receipt: paid.receipt, note: t('pay.walletBalance', { balance: fmt.money(paid.balanceMinor, quote.currency) }) });
    });
  };
  return (
    <div className="pay-wallet" data-testid="pay-wallet">
      <fieldset>
        <legend>{t('pay.wallets')}</legend>
        {list.length === 0 ? <p className="muted">{wallets.loading ? t('common.loading') : t('pay.noWallets')}</p> : null}
        {list.map((w) => (
          <label key={w.id} className="radio-row">
            <input type="radio" name="wallet" checked={chosen?.id === w.id} onChange={() => setPicked(w.id)} />
            {t('pay.walletLine', { holder: w.holder, balance: fmt.money(w.balanceMinor, w.currency) })}
          </label>
        ))}
      </fieldset>
      <button type="button" className="btn btn-primary btn-big" disabled={busy || !chosen || chosen.balanceMinor < quote.dueMinor} onClick={() => void pay()}>{t('pay.payFromWallet')}</button>
      <ErrorNotice error={error ?? wallets.error} />
    </div>
  );
}
