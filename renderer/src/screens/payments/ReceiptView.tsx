import type { ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCallAction, useLoad } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n';

/** Saves a base64 file the kiosk rendered (a PDF, or ESC/POS bytes for the booth printer's spooler). */
function download(base64: string, name: string, type: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  URL.revokeObjectURL(url);
}

/** A stored receipt exactly as printed (the kiosk keeps its frozen text), its QR code, and reprints. */
export function ReceiptView({ no }: { no: number }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const receipt = useLoad(() => client.call('payments.receipt', { no, format: 'text' }), [no]);
  const { busy, error, run } = useCallAction();
  const file = (format: 'pdf' | 'escpos') =>
    run(async () => {
      const r = await client.call('payments.receipt', { no, format });
      download(r.fileBase64 ?? '', `receipt-${no}.${format === 'pdf' ? 'pdf' : 'bin'}`, format === 'pdf' ? 'application/pdf' : 'application/octet-stream');
    });
  const r = receipt.data;
  return (
    <div className="receipt-view" data-testid="receipt-view">
      {r ? (
        <>
          <pre data-testid="receipt-text">{r.text.join('\n')}</pre>
          {/* The SVG comes from the kiosk's qrcode library, never from user input. */}
          <div className="qr-code" role="img" aria-label={`${t('payments.receiptNo')} ${no}`} dangerouslySetInnerHTML={{ __html: r.qrSvg }} />
          <div className="form-actions">
            <button type="button" className="btn" disabled={busy} onClick={() => void file('escpos')}>{t('payments.reprint')}</button>
            <button type="button" className="btn" disabled={busy} onClick={() => void file('pdf')}>{t('payments.pdf')}</button>
          </div>
        </>
      ) : (
        <p className="muted">{t('common.loading')}</p>
      )}
      <ErrorNotice error={error ?? receipt.error} />
    </div>
  );
}
