import type { ReactNode } from 'react';
import { useApp } from '../../app/context';
import { SuccessNotice } from '../../components/ErrorNotice';
import { useI18n, type MessageKey } from '../../i18n';
import { PrintButton } from '../../components/PrintButton';
import type { PayResult } from './payment-types';

/** A payment just taken: what, how, the receipt's text and its print button (the exit's final view shows it too). */
export function PaidNotice({ paid }: { paid: PayResult }): ReactNode {
  const { client } = useApp();
  const { t, fmt } = useI18n();
  return (
    <SuccessNotice>
      <div data-testid="pay-done">
        <span>{t('pay.paid', { amount: fmt.money(paid.payment.amountMinor, paid.payment.currency), method: t(`pay.method.${paid.payment.method}` as MessageKey), no: paid.payment.receiptNo })}</span>
        {paid.note ? <strong className="pay-note">{paid.note}</strong> : null}
      </div>
      <details className="receipt-text"><summary>{t('pay.receipt')}</summary><pre data-testid="receipt">{paid.receipt.join('\n')}</pre></details>
      <PrintButton label={t('payments.printReceipt')} print={() => client.call('payments.printReceipt', { no: paid.payment.receiptNo })} />
    </SuccessNotice>
  );
}
