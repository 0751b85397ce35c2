import { describe, expect, it } from 'vitest';
import { useMigratedDb } from './migrated-db';

/** Migration 0009 (invoices): one per receipt, gapless numbers of their own, immutable, buyer fields bounded. */
const db = useMigratedDb(`
  INSERT INTO receipts (no, kind, payment_id, issued_at, body) VALUES (1, 'receipt', NULL, 0, '{}'), (2, 'receipt', NULL, 0, '{}');`);

const invoice = (no: number, receiptNo: number, buyer: { name?: string; address?: string; taxNo?: string | null } = {}) =>
  db()
    .prepare('INSERT INTO invoices (no, receipt_no, buyer_name, buyer_address, buyer_tax_no, issued_at, issued_by, body) VALUES (?, ?, ?, ?, ?, 0, ?, ?)')
    .run(no, receiptNo, buyer.name ?? 'Harbour Dental Ltd', buyer.address ?? '1 Quay Rd, Harbour', buyer.taxNo === undefined ? 'GB123456789' : buyer.taxNo, 'anna', '{}');

describe('0009_invoices', () => {
  it('numbers invoices without gaps, one per receipt, and never changes or deletes one', () => {
    invoice(1, 1);
    expect(() => invoice(3, 2)).toThrow(/gapless/);
    expect(() => invoice(2, 1)).toThrow(/UNIQUE/);
    invoice(2, 2, { taxNo: null });
    expect(() => db().exec(`UPDATE invoices SET buyer_name = 'Someone else' WHERE no = 1`)).toThrow(/immutable/);
    expect(() => db().exec('DELETE FROM invoices WHERE no = 2')).toThrow(/immutable/);
  });

  it('refuses an invoice for a receipt that does not exist, and blank or over-long buyer fields', () => {
    expect(() => invoice(1, 9)).toThrow(/FOREIGN KEY/);
    expect(() => invoice(1, 1, { name: '   ' })).toThrow(/CHECK/);
    expect(() => invoice(1, 1, { name: 'x'.repeat(121) })).toThrow(/CHECK/);
    expect(() => invoice(1, 1, { address: '' })).toThrow(/CHECK/);
    expect(() => invoice(1, 1, { taxNo: 'x'.repeat(33) })).toThrow(/CHECK/);
    expect(db().prepare('SELECT count(*) FROM invoices').pluck().get()).toBe(0);
  });
});
