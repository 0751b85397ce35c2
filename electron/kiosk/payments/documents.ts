/**
 * Receipts and invoices on paper and as files: printing a stored receipt or invoice (the first print audited as
 * printed, every later one as a reprint: a fraud-relevant event), and issuing a receipt's invoice, numbered in its
 * own gapless series in one transaction with its audit and outbox rows.
 */
import type { InvoiceView, PrintOutcomeView } from '../contract/payments';
import { audit, type Actor } from '../core';
import { conflict, notFound } from '../errors';
import { InvoicesRepo, type Buyer, type Invoice } from '../store/invoices-repo';
import { invoiceNumber, invoiceText, type InvoiceBody } from './invoice';
import type { PaymentsContext } from './ledger';
import type { PrinterRegistry } from './printers';
import { receiptText, type ReceiptBody } from './receipt';
import { documentEscPos, documentPdf, invoiceDocument, qrSvg, receiptDocument, type PrintableDocument } from './receipt-render';

type FileFormat = 'pdf' | 'escpos';

/** A document as a download: PDF for email, ESC/POS bytes for a printer elsewhere; base64 for the contract. */
async function fileOf(document: PrintableDocument, format: FileFormat): Promise<string> {
  return Buffer.from(format === 'pdf' ? await documentPdf(document) : documentEscPos(document)).toString('base64');
}

export class Documents {
  private readonly invoices: InvoicesRepo;

  constructor(
    private readonly ctx: PaymentsContext,
    readonly printers: PrinterRegistry,
  ) {
    this.invoices = new InvoicesRepo(ctx.core.store.db);
  }

  printReceipt(no: number, printerId: string | undefined, actor: Actor): Promise<PrintOutcomeView> {
    return this.print('receipt', no, receiptDocument(this.receiptBody(no)), printerId, actor);
  }

  printInvoice(no: number, printerId: string | undefined, actor: Actor): Promise<PrintOutcomeView> {
    return this.print('invoice', no, invoiceDocument(this.requireInvoice(no).body as InvoiceBody), printerId, actor);
  }

  /** Issues the receipt's invoice, or answers the one already issued for it (never a second number). */
  async issueInvoice(receiptNo: number, buyer: Buyer, actor: Actor): Promise<{ invoice: InvoiceView; alreadyIssued: boolean }> {
    const { core } = this.ctx;
    const at = core.now();
    const { invoice, alreadyIssued } = core.store.change(() => {
      const issued = this.invoices.forReceipt(receiptNo);
      if (issued) return { invoice: issued, alreadyIssued: true };
      const receipt = this.receiptBody(receiptNo);
      if (receipt.kind !== 'receipt') throw conflict(`${receiptNo} is a credit note: issue the invoice for the receipt it refunds`);
      const no = this.invoices.nextNo();
      const body: InvoiceBody = { no, issuedAt: at, by: actor.username, buyer, receipt };
      const invoice: Invoice = { no, receiptNo, buyer, issuedAt: at, issuedBy: actor.username, body };
      this.invoices.insert(invoice);
      audit(core, { actor: actor.username, action: 'invoice.issued', subject: `invoice:${no}`, detail: { number: invoiceNumber(no), receiptNo, buyerName: buyer.name, buyerTaxNo: buyer.taxNo } });
      core.store.outbox.append('invoice', `invoice:${no}`, { no, number: invoiceNumber(no), receiptNo, buyer, issuedAt: at, issuedBy: actor.username, totalMinor: receipt.totalMinor, taxMinor: receipt.taxMinor, currency: receipt.site.currency }, at);
      return { invoice, alreadyIssued: false };
    });
    return { invoice: await this.view(invoice), alreadyIssued };
  }

  async invoiceFor(receiptNo: number): Promise<InvoiceView | null> {
    const invoice = this.invoices.forReceipt(receiptNo);
    return invoice ? this.view(invoice) : null;
  }

  /** A stored receipt or credit note for the console: its text, its QR code, and the file asked for. */
  async receipt(no: number, format: 'text' | FileFormat) {
    const receipt = this.ctx.repo.receipt(no);
    if (!receipt) throw notFound(`receipt ${no}`);
    const body = receipt.body as ReceiptBody;
    const document = receiptDocument(body);
    return { no, kind: receipt.kind, text: receiptText(body), qrSvg: await qrSvg(document.qrText), fileBase64: format === 'text' ? null : await fileOf(document, format) };
  }

  invoiceFile(no: number, format: FileFormat): Promise<string> {
    return fileOf(invoiceDocument(this.requireInvoice(no).body as InvoiceBody), format);
  }

  private async view(invoice: Invoice): Promise<InvoiceView> {
    const body = invoice.body as InvoiceBody;
    const { buyer } = invoice;
    return { no: invoice.no, number: invoiceNumber(invoice.no), receiptNo: invoice.receiptNo, buyer, issuedAt: invoice.issuedAt, issuedBy: invoice.issuedBy, text: invoiceText(body), qrSvg: await qrSvg(invoiceDocument(body).qrText) };
  }

  private receiptBody(no: number): ReceiptBody {
    const receipt = this.ctx.repo.receipt(no);
    if (!receipt) throw notFound(`receipt ${no}`);
    return receipt.body as ReceiptBody;
  }

  private requireInvoice(no: number): Invoice {
    const invoice = this.invoices.get(no);
    if (!invoice) throw notFound(`invoice ${invoiceNumber(no)}`);
    return invoice;
  }

  /**
   * Sends the document to paper, then records it: nothing is audited as printed unless the printer said it was.
   * Whether it is a reprint is decided inside the audit's transaction, so two prints at once are one of each.
   */
  private async print(kind: 'receipt' | 'invoice', no: number, document: PrintableDocument, printerId: string | undefined, actor: Actor): Promise<PrintOutcomeView> {
    const { core } = this.ctx;
    const printed = await this.printers.print(documentEscPos(document), printerId);
    const subject = `${kind}:${no}`;
    const reprint = core.store.change(() => {
      const before = core.store.printers.timesPrinted(subject, [`${kind}.printed`, `${kind}.reprinted`]);
      audit(core, { actor: actor.username, action: before === 0 ? `${kind}.printed` : `${kind}.reprinted`, subject, detail: { printerId: printed.printerId, copy: before + 1, paperLow: printed.paperLow } });
      return before > 0;
    });
    return { ...printed, reprint };
  }
}
