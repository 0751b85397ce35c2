import { describe, expect, it } from 'vitest';
import { EscPos } from '../../../native/printer';
import { receiptQrText, receiptText, RECEIPT_COLUMNS, type ReceiptBody } from './receipt';

const body: ReceiptBody = {
  no: 41, kind: 'receipt', site: { name: 'Harbour Street Car Park', currency: 'GBP', locale: 'en-GB', timeZone: 'Europe/London', taxRateBp: 2000 },
  issuedAt: Date.UTC(2026, 10, 23, 12, 0), plate: 'AB12CDE', entryAt: Date.UTC(2026, 10, 23, 10, 0), pricedAt: Date.UTC(2026, 10, 23, 12, 0),
  lines: [{ label: 'First hour', amountMinor: 350 }, { label: 'Each further 30 minutes, a rather long label that must be cut x2', amountMinor: 300 }],
  totalMinor: 650, taxMinor: 108, method: 'card', cardBrand: 'visa', last4: '4242', tenderedMinor: null, changeMinor: null, paymentId: 9, refundsReceiptNo: null, reason: null, by: 'anna',
};

describe('receipt text', () => {
  it('fits the paper, shows the number, the tax line, the lines and the card last four', () => {
    const lines = receiptText(body);
    expect(lines.every((l) => l.length <= RECEIPT_COLUMNS)).toBe(true);
    const text = lines.join('\n');
    expect(text).toMatch(/Receipt 41/);
    expect(text).toMatch(/First hour\s+£3\.50/);
    expect(text).toMatch(/incl\. tax 20\.00%\s+£1\.08/);
    expect(text).toMatch(/Paid by\s+card visa \*\*\*\* 4242/);
    expect(text).toMatch(/~ +£3\.00/); // the long label was cut, the amount kept
  });

  it("prints the site's header under the heading and its footer at the end, centred, when the receipt has them", () => {
    const lines = receiptText({ ...body, header: ['VAT no. GB 123 4567 89'], footer: ['Thank you for parking with us'] });
    expect(lines[1]).toMatch(/^ +Receipt 41$/); // the title stays the second line (printed bold)
    expect(lines[4]).toBe(`          VAT no. GB 123 4567 89`);
    expect(lines.at(-1)).toBe(`      Thank you for parking with us`);
    expect(lines.every((l) => l.length <= RECEIPT_COLUMNS)).toBe(true);
    expect(receiptText(body)).toHaveLength(lines.length - 4);
  });

  it('prints ASCII only for the thermal printer', () => {
    const ascii = receiptText(body, { ascii: true }).join('');
    expect(/^[\x20-\x7e]*$/.test(ascii)).toBe(true);
    expect(ascii).toMatch(/GBP 6\.50/);
    expect(receiptQrText(body)).toBe(`LOTK-R|Harbour Street Car Park|receipt|41|650|GBP|${body.issuedAt}`);
  });
});

describe('ESC/POS bytes', () => {
  it('initialises, prints lines, encodes a QR code with its length, and cuts', () => {
    const bytes = new EscPos().line('Hi £1').qr('ABC').cut(2).bytes();
    expect([...bytes.subarray(0, 2)]).toEqual([0x1b, 0x40]);
    expect([...bytes.subarray(2, 8)]).toEqual([0x48, 0x69, 0x20, 0x3f, 0x31, 0x0a]); // '£' is not ASCII: '?'
    const store = bytes.indexOf(Buffer.from([0x1d, 0x28, 0x6b, 6, 0, 0x31, 0x50, 0x30]));
    expect(store).toBeGreaterThan(0);
    expect(bytes.subarray(store + 8, store + 11).toString()).toBe('ABC');
    expect([...bytes.subarray(-4)]).toEqual([0x1d, 0x56, 0x42, 2]);
  });

  it('refuses QR data the printer cannot hold', () => {
    expect(() => new EscPos().qr('x'.repeat(8000))).toThrow(/too long/);
  });
});
