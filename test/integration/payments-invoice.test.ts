/**
 * Invoices for business drivers on a real kiosk (real SQLite file), printed on an ESC/POS printer simulator over a
 * real TCP socket: their own gapless series committed with audit and outbox rows, one per receipt, the receipt's
 * lines, tax, method and card last four, PDF and ESC/POS, reprints audited, and bad input refused with nothing written.
 */
import { randomUUID } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskConnection } from '../../electron/kiosk/connection';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { EscPosPrinterSimulator } from '../../native/printer';
import { DEMO, expectOk, loggedIn } from '../support/kiosk-harness';
import { useTempDirs } from '../support/temp-dir';
import { attempt, payCardToEnd } from './payments-helpers';
import { auditsOf, boothWithPrinter, cashPayment, PRINTER, type Booth } from './payments-print-helpers';

const tempDir = useTempDirs();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function booth(): Promise<Booth> {
  const started = await boothWithPrinter(tempDir());
  cleanups.push(started.close);
  return started;
}

const DENTAL = { name: 'Harbour Dental Ltd', address: '1 Quay Road\nHarbour HB1 2CD', taxNo: 'gb123456789' };
const count = (kiosk: Kiosk, sql: string) => kiosk.store.db.prepare(sql).pluck().get() as number;
const written = (kiosk: Kiosk) => ({
  invoices: count(kiosk, 'SELECT count(*) FROM invoices'),
  audit: count(kiosk, 'SELECT count(*) FROM audit_log'),
  outbox: count(kiosk, 'SELECT count(*) FROM outbox'),
});

/** What the receipt's text says below its heading: an invoice repeats these lines exactly. */
async function receiptDetails(anna: KioskConnection, no: number): Promise<string[]> {
  const { text } = await expectOk(anna, 'payments.receipt', { no });
  return text.slice(4);
}

describe('issuing invoices', () => {
  it('numbers invoices in their own gapless series, each committed with its audit row and its outbox row', async () => {
    const { kiosk, clock, anna } = await booth();
    const first = await cashPayment(anna, clock, 'AB12CDE');
    const second = await cashPayment(anna, clock, 'CD34EFG');

    const a = await expectOk(anna, 'payments.issueInvoice', { receiptNo: second, buyer: DENTAL });
    const b = await expectOk(anna, 'payments.issueInvoice', { receiptNo: first, buyer: { name: 'Quay Cafe', address: '3 Quay Road' } });
    expect([a.invoice.number, b.invoice.number]).toEqual(['INV-000001', 'INV-000002']);
    expect(a).toMatchObject({ alreadyIssued: false, invoice: { no: 1, receiptNo: second, buyer: { name: 'Harbour Dental Ltd', address: '1 Quay Road\nHarbour HB1 2CD', taxNo: 'GB123456789' }, issuedBy: 'anna' } });
    expect(b.invoice.buyer.taxNo).toBeNull();
    expect(kiosk.store.db.prepare('SELECT no, receipt_no FROM invoices ORDER BY no').all()).toEqual([{ no: 1, receipt_no: second }, { no: 2, receipt_no: first }]);
    expect(auditsOf(kiosk, 'invoice')).toEqual([
      { action: 'invoice.issued', subject: 'invoice:1', detail: { number: 'INV-000001', receiptNo: second, buyerName: 'Harbour Dental Ltd', buyerTaxNo: 'GB123456789' } },
      { action: 'invoice.issued', subject: 'invoice:2', detail: { number: 'INV-000002', receiptNo: first, buyerName: 'Quay Cafe', buyerTaxNo: null } },
    ]);
    const outbox = kiosk.store.db.prepare("SELECT key, payload FROM outbox WHERE kind = 'invoice' ORDER BY seq").all() as { key: string; payload: string }[];
    expect(outbox.map((row) => row.key)).toEqual(['invoice:1', 'invoice:2']);
    expect(JSON.parse(outbox[0]!.payload)).toMatchObject({ number: 'INV-000001', receiptNo: second, totalMinor: 650, taxMinor: 108, currency: 'GBP' });
  });

  it('issues one invoice per receipt: asked again, even with another buyer, it answers the first and takes no number', async () => {
    const { kiosk, clock, anna } = await booth();
    const receiptNo = await cashPayment(anna, clock);
    expect((await expectOk(anna, 'payments.invoice', { receiptNo })).invoice).toBeNull();
    const issued = await expectOk(anna, 'payments.issueInvoice', { receiptNo, buyer: DENTAL });
    const before = written(kiosk);

    const again = await expectOk(anna, 'payments.issueInvoice', { receiptNo, buyer: { name: 'Someone Else', address: 'Elsewhere' } });
    expect(again).toEqual({ ...issued, alreadyIssued: true });
    expect(written(kiosk)).toEqual(before);
    expect((await expectOk(anna, 'payments.invoice', { receiptNo })).invoice).toEqual(issued.invoice);
  });

  it("repeats the receipt's lines, tax line, method and card last four under the buyer, within the paper's width", async () => {
    const { clock, anna } = await booth();
    const { session } = await expectOk(anna, 'sessions.manualEntry', { plate: 'FL33TCR', laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', reason: 'camera down' });
    clock.advance(120 * 60_000);
    const { quote } = await expectOk(anna, 'payments.quote', { sessionId: session.id });
    const paid = await payCardToEnd(anna, { sessionId: session.id, terminalId: 'booth', idempotencyKey: `k-${randomUUID()}`, amountMinor: quote.dueMinor, currency: 'GBP' });
    if (!paid.ok || !paid.value.payment) throw new Error(`card payment failed: ${JSON.stringify(paid)}`);
    const receiptNo = paid.value.payment.receiptNo;

    const { invoice } = await expectOk(anna, 'payments.issueInvoice', { receiptNo, buyer: { ...DENTAL, address: `Unit 7, ${'Long Industrial Estate Road '.repeat(3)}\nHarbour HB1 2CD` } });
    expect(invoice.text.every((line) => line.length <= 42)).toBe(true);
    const text = invoice.text.join('\n');
    expect(text).toMatch(/^\s+Harbour Street Car Park\n\s+Invoice INV-000001\n.+\n-+\nBill to\nHarbour Dental Ltd\nUnit 7, Long Industrial Estate Road Long\nIndustrial Estate Road Long Industrial\nEstate Road\nHarbour HB1 2CD\nVAT\/tax no\s+GB123456789\n-+\nFor receipt\s+1\nPaid\s+.+\n/);
    expect(text).toMatch(/incl\. tax 20\.00%\s+£1\.08\nPaid by\s+card visa \*\*\*\* 4242/);
    const details = await receiptDetails(anna, receiptNo);
    expect(invoice.text.slice(-details.length - 1, -1)).toEqual(details);
    expect(invoice.text.at(-1)).toMatch(/^Invoiced by\s+anna$/);
    expect(invoice.qrSvg).toMatch(/^<svg/);
  });

  it('renders a PDF and ESC/POS bytes a printer takes, accents folded for the printer and unknown glyphs replaced in the PDF', async () => {
    const { clock, anna } = await booth();
    const receiptNo = await cashPayment(anna, clock);
    const { invoice } = await expectOk(anna, 'payments.issueInvoice', { receiptNo, buyer: { name: 'Łódź Zoë Spółka', address: 'ul. Piotrkowska 1\n90-001 Łódź' } });

    const pdf = await PDFDocument.load(Buffer.from((await expectOk(anna, 'payments.invoiceFile', { no: invoice.no, format: 'pdf' })).fileBase64, 'base64'));
    expect(pdf.getTitle()).toBe('Harbour Street Car Park invoice INV-000001');
    expect(pdf.getPageCount()).toBe(1);

    const paper = new EscPosPrinterSimulator();
    paper.receive(Buffer.from((await expectOk(anna, 'payments.invoiceFile', { no: invoice.no, format: 'escpos' })).fileBase64, 'base64'));
    expect(paper.errors).toEqual([]);
    const [page] = paper.pages;
    expect(page!.bold).toEqual([expect.stringMatching(/^\s+Invoice INV-000001$/)]);
    expect(page!.lines).toContain('?odz Zoe Spo?ka');
    expect(page!.lines).toContain('90-001 ?odz');
    expect(page!.lines.join('\n')).toMatch(/TOTAL\s+GBP 6\.50\nincl\. tax 20\.00%\s+GBP 1\.08\nPaid by\s+cash/);
    expect(page!.qr).toEqual([expect.stringMatching(/^LOTK-I\|Harbour Street Car Park\|INV-000001\|1\|650\|GBP\|\d+$/)]);
  });

  it('prints the invoice on the booth printer, audited as printed and then as a reprint', async () => {
    const { kiosk, clock, anna, simulator } = await booth();
    const receiptNo = await cashPayment(anna, clock);
    const { invoice } = await expectOk(anna, 'payments.issueInvoice', { receiptNo, buyer: DENTAL });
    expect(await expectOk(anna, 'payments.printInvoice', { no: invoice.no })).toEqual({ printerId: PRINTER, paperLow: false, reprint: false });
    expect(await expectOk(anna, 'payments.printInvoice', { no: invoice.no, printerId: PRINTER })).toEqual({ printerId: PRINTER, paperLow: false, reprint: true });
    expect(simulator.pages.map((page) => page.bold)).toEqual([[expect.stringMatching(/Invoice INV-000001/)], [expect.stringMatching(/Invoice INV-000001/)]]);
    expect(auditsOf(kiosk, 'invoice').map((a) => a.action)).toEqual(['invoice.issued', 'invoice.printed', 'invoice.reprinted']);
    expect(await attempt(anna, 'payments.printInvoice', { no: 2 })).toMatchObject({ ok: false, error: { code: 'not_found', message: 'invoice INV-000002 does not exist' } });
  });
});

describe('invoices refused', () => {
  it('refuses an empty or over-long buyer, a bad tax number, a missing receipt and a credit note, writing nothing', async () => {
    const { kiosk, clock, anna } = await booth();
    const receiptNo = await cashPayment(anna, clock);
    const before = written(kiosk);
    const issue = (buyer: Record<string, unknown>, no = receiptNo) => attempt(anna, 'payments.issueInvoice', { receiptNo: no, buyer: { ...DENTAL, ...buyer } });
    const refusedField = async (buyer: Record<string, unknown>, path: string, message: RegExp) => {
      const result = await issue(buyer);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path, message: expect.stringMatching(message) }] } });
    };

    await refusedField({ name: '' }, 'buyer.name', /name is empty/);
    await refusedField({ name: '   ' }, 'buyer.name', /name is empty/);
    await refusedField({ name: 'x'.repeat(121) }, 'buyer.name', /at most 120 characters/);
    await refusedField({ name: 'Harbour\u0007Dental' }, 'buyer.name', /one line of text/);
    await refusedField({ address: '' }, 'buyer.address', /address is empty/);
    await refusedField({ address: 'x'.repeat(301) }, 'buyer.address', /at most 300 characters/);
    await refusedField({ address: 'a\nb\nc\nd\ne\nf\ng' }, 'buyer.address', /at most 6 lines/);
    await refusedField({ taxNo: 'x'.repeat(33) }, 'buyer.taxNo', /VAT\/tax number is 2-32/);
    await refusedField({ taxNo: '#1' }, 'buyer.taxNo', /VAT\/tax number/);
    expect(await attempt(anna, 'payments.issueInvoice', { receiptNo, buyer: { ...DENTAL, email: 'x@y.z' } })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await issue({}, 99)).toMatchObject({ ok: false, error: { code: 'not_found', message: 'receipt 99 does not exist' } });

    const sam = await loggedIn(kiosk, ...DEMO.supervisor);
    await expectOk(sam, 'shifts.open', { floatMinor: 5000 }); // a cash refund comes out of the refunder's drawer
    const [payment] = (await expectOk(sam, 'payments.list', {})).payments;
    const { refund } = await expectOk(sam, 'payments.refund', { paymentId: payment!.id, amountMinor: 100, idempotencyKey: `k-${randomUUID()}`, reason: 'charged for the wrong hour' });
    const afterRefund = written(kiosk);
    expect(await issue({}, refund.receiptNo!)).toMatchObject({ ok: false, error: { code: 'conflict', message: `${refund.receiptNo} is a credit note: issue the invoice for the receipt it refunds` } });
    expect(written(kiosk)).toEqual(afterRefund);
    expect(afterRefund.invoices).toBe(before.invoices);
  });
});
