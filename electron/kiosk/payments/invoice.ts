/**
 * Invoices for business drivers: the receipt's frozen body with the buyer and the invoice's own number, and its
 * text for the 80 mm printer (the same columns and lines as the receipt). Pure.
 */
import type { Buyer } from '../store/invoices-repo';
import { documentHeading, formatTime, RECEIPT_COLUMNS, receiptDetails, row, RULE, type ReceiptBody } from './receipt';

export interface InvoiceBody {
  no: number;
  issuedAt: number;
  by: string;
  buyer: Buyer;
  /** The receipt it is for, as it was printed: lines, tax, method and card last four come from here. */
  receipt: ReceiptBody;
}

/** "INV-000042": the series is the site's own, printed with a prefix so it is never read as a receipt number. */
export const invoiceNumber = (no: number): string => `INV-${String(no).padStart(6, '0')}`;

/** Words cut into lines of at most `width` characters (a word longer than a line is split). */
export function wrap(text: string, width = RECEIPT_COLUMNS): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    for (let rest = word; rest.length > 0; rest = rest.slice(width)) {
      const piece = rest.slice(0, width);
      if (current && current.length + 1 + piece.length <= width) current = `${current} ${piece}`;
      else {
        if (current) lines.push(current);
        current = piece;
      }
    }
  }
  return current ? [...lines, current] : lines;
}

export function invoiceText(body: InvoiceBody, options: { ascii?: boolean } = {}): string[] {
  const { receipt, buyer } = body;
  const billTo = ['Bill to', ...wrap(buyer.name), ...buyer.address.split('\n').flatMap((line) => wrap(line))];
  if (buyer.taxNo) billTo.push(row('VAT/tax no', buyer.taxNo));
  const reference = [row('For receipt', String(receipt.no)), row('Paid', formatTime(receipt.issuedAt, receipt.site))];
  return [...documentHeading(receipt.site, `Invoice ${invoiceNumber(body.no)}`, body.issuedAt), ...billTo, RULE, ...reference, ...receiptDetails(receipt, options), row('Invoiced by', body.by)];
}

/** What the invoice's QR code says: enough for head office to find and check it. */
export function invoiceQrText(body: InvoiceBody): string {
  const { receipt } = body;
  return `LOTK-I|${receipt.site.name}|${invoiceNumber(body.no)}|${receipt.no}|${receipt.totalMinor}|${receipt.site.currency}|${body.issuedAt}`;
}
