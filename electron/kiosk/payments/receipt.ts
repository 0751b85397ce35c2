/**
 * Receipts: the frozen body stored with the receipt number (so a reprint is the same receipt), and its renderings:
 * plain text for an 80 mm thermal printer (42 columns), ESC/POS bytes, PDF and a QR code that carries the receipt's
 * identity for a check at head office. Building the body and the text is pure.
 */
export interface ReceiptLine {
  label: string;
  amountMinor: number;
}

export interface ReceiptBody {
  no: number;
  kind: 'receipt' | 'credit_note';
  site: { name: string; currency: string; locale: string; timeZone: string; taxRateBp: number };
  issuedAt: number;
  plate: string | null;
  entryAt: number | null;
  pricedAt: number | null;
  lines: ReceiptLine[];
  totalMinor: number;
  taxMinor: number;
  method: 'card' | 'cash' | 'wallet' | 'qr';
  cardBrand: string | null;
  last4: string | null;
  tenderedMinor: number | null;
  changeMinor: number | null;
  paymentId: number;
  /** For a credit note: the receipt it refunds. */
  refundsReceiptNo: number | null;
  reason: string | null;
  by: string;
  /** The site's receipt header and footer lines (Site settings) when the receipt was issued; absent when none. */
  header?: string[];
  footer?: string[];
}

export const RECEIPT_COLUMNS = 42;

/** Display only (amounts stay integers everywhere else). `ascii`: "GBP 7.00" for printers without a euro sign. */
// Intl formatters are costly to build and receipts use the same few: built once per locale and currency or zone.
const moneyFormats = new Map<string, { format: Intl.NumberFormat; digits: number }>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();

export function formatMoney(amountMinor: number, currency: string, locale: string, ascii = false): string {
  const key = `${locale}|${currency}|${ascii}`;
  let entry = moneyFormats.get(key);
  if (!entry) {
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: ascii ? 'code' : 'symbol' });
    moneyFormats.set(key, (entry = { format, digits: format.resolvedOptions().maximumFractionDigits ?? 2 }));
  }
  return entry.format.format(amountMinor / 10 ** entry.digits).replace(/[\u00a0\u202f]/g, ' ');
}

export function formatTime(at: number, site: ReceiptBody['site']): string {
  const key = `${site.locale}|${site.timeZone}`;
  let format = timeFormats.get(key);
  if (!format) timeFormats.set(key, (format = new Intl.DateTimeFormat(site.locale, { timeZone: site.timeZone, dateStyle: 'short', timeStyle: 'short' })));
  return format.format(new Date(at)).replace(/[\u00a0\u202f]/g, ' ');
}

/** One row with the label on the left and the amount on the right, cut to fit the paper. */
export function row(label: string, value: string, width = RECEIPT_COLUMNS): string {
  const room = Math.max(1, width - value.length - 1);
  const cut = label.length > room ? `${label.slice(0, room - 1)}~` : label;
  return `${cut}${' '.repeat(width - cut.length - value.length)}${value}`;
}

const centred = (text: string, width = RECEIPT_COLUMNS) => `${' '.repeat(Math.max(0, Math.floor((width - text.length) / 2)))}${text}`.slice(0, width);

export const RULE = '-'.repeat(RECEIPT_COLUMNS);

/** How every printed document starts: the site, the document's title (printed bold), when, a rule. */
export function documentHeading(site: ReceiptBody['site'], title: string, at: number): string[] {
  return [centred(site.name), centred(title), centred(formatTime(at, site)), RULE];
}

/** The receipt as lines of at most RECEIPT_COLUMNS characters (ASCII where the site's formats allow). */
export function receiptText(body: ReceiptBody, options: { ascii?: boolean } = {}): string[] {
  const title = body.kind === 'receipt' ? `Receipt ${body.no}` : `Credit note ${body.no}`;
  // Under the heading, not inside it: the printers print the heading's second line (the title) in bold.
  const header = body.header?.length ? [...body.header.map((line) => centred(line)), RULE] : [];
  const footer = body.footer?.length ? [RULE, ...body.footer.map((line) => centred(line))] : [];
  return [...documentHeading(body.site, title, body.issuedAt), ...header, ...receiptDetails(body, options), ...footer];
}

/** What a receipt says below its heading (an invoice repeats it): the stay, the lines, total and tax, the payment. */
export function receiptDetails(body: ReceiptBody, options: { ascii?: boolean } = {}): string[] {
  const money = (minor: number) => formatMoney(minor, body.site.currency, body.site.locale, options.ascii);
  const out: string[] = [];
  if (body.plate) out.push(row('Plate', body.plate));
  if (body.entryAt !== null) out.push(row('In', formatTime(body.entryAt, body.site)));
  if (body.pricedAt !== null) out.push(row('Priced at', formatTime(body.pricedAt, body.site)));
  if (body.refundsReceiptNo !== null) out.push(row('Refunds receipt', String(body.refundsReceiptNo)));
  out.push(RULE);
  for (const line of body.lines) out.push(row(line.label, money(line.amountMinor)));
  out.push('='.repeat(RECEIPT_COLUMNS), row('TOTAL', money(body.totalMinor)));
  out.push(row(`incl. tax ${(body.site.taxRateBp / 100).toFixed(2)}%`, money(body.taxMinor)));
  const card = body.last4 ? ` ${body.cardBrand ?? 'card'} **** ${body.last4}` : '';
  out.push(row('Paid by', `${body.method}${card}`));
  if (body.tenderedMinor !== null) out.push(row('Tendered', money(body.tenderedMinor)), row('Change', money(body.changeMinor ?? 0)));
  if (body.reason) out.push(row('Reason', body.reason));
  out.push(row('Served by', body.by));
  return out;
}

/** What the receipt's QR code says: enough for head office to find and check it. */
export function receiptQrText(body: ReceiptBody): string {
  return `LOTK-R|${body.site.name}|${body.kind}|${body.no}|${body.totalMinor}|${body.site.currency}|${body.issuedAt}`;
}
