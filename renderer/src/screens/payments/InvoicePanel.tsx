import { useState, type FormEvent, type ReactNode } from 'react';
import type { CallOutput } from '../../api';
import { useApp } from '../../app/context';
import { useCallAction, useLoad } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { Field, TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { download, fileType } from '../../lib/download';
import { PrintButton } from '../../components/PrintButton';

type Invoice = NonNullable<CallOutput<'payments.invoice'>['invoice']>;

/** A receipt's invoice when one was issued (printable, as PDF or ESC/POS), else the form that issues it. */
export function InvoicePanel({ receiptNo }: { receiptNo: number }): ReactNode {
  const { client } = useApp();
  const loaded = useLoad(async () => (await client.call('payments.invoice', { receiptNo })).invoice, [receiptNo]);
  const [issued, setIssued] = useState<{ invoice: Invoice; alreadyIssued: boolean } | null>(null);
  const invoice = issued?.invoice ?? loaded.data;
  if (invoice === undefined) return <ErrorNotice error={loaded.error} />;
  if (invoice === null) return <InvoiceForm receiptNo={receiptNo} onIssued={setIssued} />;
  return <InvoiceView invoice={invoice} alreadyIssued={issued?.alreadyIssued ?? null} />;
}

function InvoiceView({ invoice, alreadyIssued }: { invoice: Invoice; alreadyIssued: boolean | null }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const { busy, error, run } = useCallAction();
  const file = (format: 'pdf' | 'escpos') =>
    run(async () => {
      const { fileBase64 } = await client.call('payments.invoiceFile', { no: invoice.no, format });
      const { extension, type } = fileType(format);
      download(fileBase64, `invoice-${invoice.number}.${extension}`, type);
    });
  return (
    <section className="invoice-view" data-testid="invoice-view" aria-label={t('invoice.title', { number: invoice.number })}>
      {alreadyIssued !== null ? (
        <p className="notice notice-ok" role="status" data-testid="invoice-issued">
          {t(alreadyIssued ? 'invoice.alreadyIssued' : 'invoice.issued', { number: invoice.number, buyer: invoice.buyer.name })}
        </p>
      ) : null}
      <pre data-testid="invoice-text">{invoice.text.join('\n')}</pre>
      {/* The SVG comes from the kiosk's qrcode library, never from user input. */}
      <div className="qr-code" role="img" aria-label={invoice.number} dangerouslySetInnerHTML={{ __html: invoice.qrSvg }} />
      <PrintButton label={t('invoice.print')} print={() => client.call('payments.printInvoice', { no: invoice.no })} />
      <div className="form-actions">
        <button type="button" className="btn" disabled={busy} onClick={() => void file('escpos')}>{t('payments.escpos')}</button>
        <button type="button" className="btn" disabled={busy} onClick={() => void file('pdf')}>{t('payments.pdf')}</button>
      </div>
      <ErrorNotice error={error} />
    </section>
  );
}

/** "Invoice…": the buyer's name, address and optional VAT/tax number; the kiosk checks them and numbers the invoice. */
function InvoiceForm({ receiptNo, onIssued }: { receiptNo: number; onIssued(result: { invoice: Invoice; alreadyIssued: boolean }): void }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const [buyer, setBuyer] = useState({ name: '', address: '', taxNo: '' });
  const { busy, error, run } = useCallAction();
  const server = fieldErrors(error);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const taxNo = buyer.taxNo.trim();
    await run(async () => onIssued(await client.call('payments.issueInvoice', { receiptNo, buyer: { name: buyer.name, address: buyer.address, ...(taxNo ? { taxNo } : {}) } })));
  };
  const set = (field: keyof typeof buyer) => (e: { target: { value: string } }) => setBuyer((b) => ({ ...b, [field]: e.target.value }));
  return (
    <details className="invoice-form">
      <summary>{t('invoice.open')}</summary>
      <form className="form-grid" onSubmit={submit} noValidate data-testid="invoice-form">
        <TextField name="buyer-name" label={t('invoice.buyerName')} value={buyer.name} onChange={set('name')} error={server['buyer.name']} autoComplete="organization" wide />
        <Field label={t('invoice.buyerAddress')} error={server['buyer.address']} hint={t('invoice.buyerAddressHint')} wide>
          {(a) => <textarea {...a} name="buyer-address" rows={3} value={buyer.address} onChange={set('address')} autoComplete="street-address" />}
        </Field>
        <TextField name="buyer-tax-no" label={t('invoice.buyerTaxNo')} value={buyer.taxNo} onChange={set('taxNo')} error={server['buyer.taxNo']} autoComplete="off" wide />
        <div className="form-actions field-wide">
          <button type="submit" className="btn btn-primary" disabled={busy}>{t('invoice.issue')}</button>
        </div>
        <div className="field-wide">
          <ErrorNotice error={Object.keys(server).length ? null : error} />
        </div>
      </form>
    </details>
  );
}
