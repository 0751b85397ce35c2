import type { Database } from 'better-sqlite3';

export interface Buyer {
  name: string;
  address: string;
  taxNo: string | null;
}

/** An issued invoice: its own number, the receipt it is for, the buyer, and its frozen body (what is printed). */
export interface Invoice {
  no: number;
  receiptNo: number;
  buyer: Buyer;
  issuedAt: number;
  issuedBy: string;
  body: unknown;
}

interface InvoiceRow {
  no: number;
  receipt_no: number;
  buyer_name: string;
  buyer_address: string;
  buyer_tax_no: string | null;
  issued_at: number;
  issued_by: string;
  body: string;
}

const toInvoice = (row: InvoiceRow | undefined): Invoice | undefined =>
  row && {
    no: row.no,
    receiptNo: row.receipt_no,
    buyer: { name: row.buyer_name, address: row.buyer_address, taxNo: row.buyer_tax_no },
    issuedAt: row.issued_at,
    issuedBy: row.issued_by,
    body: JSON.parse(row.body) as unknown,
  };

/** Invoices: numbered max + 1 inside the issuing transaction (BEGIN IMMEDIATE holds the write lock), never changed. */
export class InvoicesRepo {
  constructor(private readonly db: Database) {}

  nextNo(): number {
    return this.db.prepare('SELECT coalesce(max(no), 0) + 1 FROM invoices').pluck().get() as number;
  }

  insert(invoice: Invoice): void {
    this.db
      .prepare('INSERT INTO invoices (no, receipt_no, buyer_name, buyer_address, buyer_tax_no, issued_at, issued_by, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(invoice.no, invoice.receiptNo, invoice.buyer.name, invoice.buyer.address, invoice.buyer.taxNo, invoice.issuedAt, invoice.issuedBy, JSON.stringify(invoice.body));
  }

  get(no: number): Invoice | undefined {
    return toInvoice(this.db.prepare('SELECT * FROM invoices WHERE no = ?').get(no) as InvoiceRow | undefined);
  }

  forReceipt(receiptNo: number): Invoice | undefined {
    return toInvoice(this.db.prepare('SELECT * FROM invoices WHERE receipt_no = ?').get(receiptNo) as InvoiceRow | undefined);
  }
}
