import type { ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCallAction, useLoad } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n';
import { download, fileType } from '../../lib/download';
import { InvoicePanel } from './InvoicePanel';
import { PrintButton } from '../../components/PrintButton';

/** A stored receipt exactly as printed (the kiosk keeps its frozen text), its QR code, printing, files, its invoice. */
export function ReceiptView({ no }: { no: number }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const receipt = useLoad(() => client.call('payments.receipt', { no, format: 'text' }), [no]);
  const { busy, error, run } = useCallAction();
  const file = (format: 'pdf' | 'escpos') =>
    run(async () => {
      const r = await client.call('payments.receipt', { no, format });
      const { extension, type } = fileType(format);
      download(r.fileBase64 ?? '', `receipt-${no}.${extension}`, type);
    });
  const r = receipt.data;
  return (
    <div className="receipt-view" data-testid="receipt-view">
      {r ? (
        <>
          <pre data-testid="receipt-text">{r.text.join('\n')}</pre>
          {/* The SVG comes from the kiosk's qrcode library, never from user input. */}
          <div className="qr-code" role="img" aria-label={`${t('payments.receiptNo')} ${no}`} dangerouslySetInnerHTML={{ __html: r.qrSvg }} />
          <PrintButton label={t('payments.print')} print={() => client.call('payments.printReceipt', { no })} />
          <div className="form-actions">
            <button type="button" className="btn" disabled={busy} onClick={() => void file('escpos')}>{t('payments.escpos')}</button>
            <button type="button" className="btn" disabled={busy} onClick={() => void file('pdf')}>{t('payments.pdf')}</button>
          </div>
          {r.kind === 'receipt' ? <InvoicePanel receiptNo={no} /> : null}
        </>
      ) : (
        <p className="muted">{t('common.loading')}</p>
      )}
      <ErrorNotice error={error ?? receipt.error} />
    </div>
  );
}
