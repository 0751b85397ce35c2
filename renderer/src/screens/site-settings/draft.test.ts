import { describe, expect, it } from 'vitest';
import { PLATE_HOME_COUNTRIES, PLATE_REGIONS } from '../../../../electron/kiosk/contract/settings';
import { HOME_COUNTRIES, PLATE_FORMATS } from '../../../../native/alpr/plate-formats';
import { draftOf, PLATE_HOME_COUNTRY_ORDER, PLATE_REGION_ORDER, settingsOf } from './draft';

const settings = {
  receiptHeader: ['Harbour Street Car Park'],
  receiptFooter: [],
  evidenceRetentionDays: 30,
  idleLogoutMinutes: { attendant: 15, supervisor: null, admin: 5 },
  maxLoginHours: null,
  smsQuietHours: { from: '21:00', to: '07:30' },
  smsRateLimit: null,
  qrPayPageUrl: 'https://pay.example.test/p',
  plateRegions: ['uk', 'eu'] as ('uk' | 'eu')[],
  plateHomeCountry: 'sk' as const,
};

describe('site settings draft', () => {
  it('round-trips the settings through the form text', () => {
    expect(settingsOf(draftOf(settings))).toEqual(settings);
    expect(settingsOf({ ...draftOf(settings), plateHomeCountry: '' })).toMatchObject({ plateHomeCountry: null });
  });

  it('reads empty as "never", drops blank lines, and names the first field that is not a whole number', () => {
    const draft = { ...draftOf(settings), receiptFooter: 'Thank you\n\n  See you soon  ', maxLoginHours: ' ' };
    expect(settingsOf(draft)).toMatchObject({ receiptFooter: ['Thank you', 'See you soon'], maxLoginHours: null });
    expect(settingsOf({ ...draft, evidenceRetentionDays: '' })).toEqual({ badField: 'evidenceRetentionDays' });
    expect(settingsOf({ ...draft, idleLogoutMinutes: { ...draft.idleLogoutMinutes, supervisor: '10m' } })).toEqual({ badField: 'idleLogoutMinutes.supervisor' });
    expect(settingsOf({ ...draft, maxLoginHours: '1.5' })).toEqual({ badField: 'maxLoginHours' });
    expect(settingsOf({ ...draft, smsQuietHours: 'off', smsRateLimit: '2/30' })).toMatchObject({ smsQuietHours: 'off', smsRateLimit: { perNumber: 2, windowMinutes: 30 } });
    expect(settingsOf({ ...draft, smsQuietHours: 'nights' })).toEqual({ badField: 'smsQuietHours' });
    expect(settingsOf({ ...draft, smsRateLimit: '3 per hour' })).toEqual({ badField: 'smsRateLimit' });
  });

  it("lists the plate regions the contract and the reader know, in the contract's order", () => {
    expect(PLATE_REGION_ORDER).toEqual(PLATE_REGIONS);
    expect([...PLATE_REGIONS].sort()).toEqual(Object.keys(PLATE_FORMATS).sort());
  });

  it('lists the home countries the contract and the reader know, each in the same region', () => {
    expect(PLATE_HOME_COUNTRY_ORDER).toEqual(Object.keys(PLATE_HOME_COUNTRIES));
    expect(Object.fromEntries(Object.entries(HOME_COUNTRIES).map(([country, { region }]) => [country, region]))).toEqual(PLATE_HOME_COUNTRIES);
  });
});
