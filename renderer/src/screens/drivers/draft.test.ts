import { describe, expect, it } from 'vitest';
import { draftOf, exportFileName, fieldsOf, type DriverView } from './draft';

const driver: DriverView = { id: 7, name: 'Jane Driver', phone: '+447700900123', email: null, smsConsent: true, notes: '', walletId: 3, origin: 'booth', version: 2, erased: false, mergedInto: null, vehicles: [] };

describe('driver draft', () => {
  it('round-trips a stored driver, an empty phone or email being none', () => {
    expect(fieldsOf(draftOf(driver))).toEqual({ name: 'Jane Driver', phone: '+447700900123', email: null, smsConsent: true, notes: '' });
    expect(fieldsOf({ name: ' Jo ', phone: '  ', email: '', smsConsent: false, notes: ' gate code ' })).toEqual({ name: 'Jo', phone: null, email: null, smsConsent: false, notes: 'gate code' });
  });

  it('names the export file after the driver and the UTC day', () => {
    expect(exportFileName(7, Date.UTC(2026, 11, 6, 23, 30))).toBe('driver-7-2026-12-06.json');
  });
});
