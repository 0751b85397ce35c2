import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../api';
import { createFormatters } from '../i18n/format';
import { en } from '../i18n/messages/en';
import { createTranslator } from '../i18n/translate';
import { auditChanges, auditSentence } from './audit-sentences';

const i18n = { t: createTranslator(en, 'en-GB'), fmt: createFormatters({ locale: 'en-GB', timeZone: 'Europe/London', currency: 'GBP' }) };
const entry = (action: string, subject: string | null, detail: unknown, actor = 'sam'): AuditEntry => ({ seq: 7, at: 1_780_000_000_000, actor, action, subject, detail });
const standard = { id: 'car-standard', name: 'Standard (car)', version: 1, effectiveFrom: 1, dailyMaxMinor: 2400, freeMinutes: 15, bands: [{ name: 'Night', charge: { kind: 'flat', priceMinor: 500 } }] };

describe('audit sentences', () => {
  it('says a rate table edit with its before and after in money, leaving the version bookkeeping out', () => {
    const saved = entry('tariff.save', 'tariff:car-standard', { version: 2, reason: 'council cap', before: standard, table: { ...standard, version: 2, effectiveFrom: 2, dailyMaxMinor: 2000 } });
    expect(auditSentence(saved, i18n)).toBe('sam changed Standard (car) daily maximum from £24.00 to £20.00, reason: council cap');
    expect(auditChanges(saved).map((c) => c.name)).toEqual(['version', 'effective from', 'daily maximum']);
  });

  it('names a changed item of a list by its name, and a device setting in its unit', () => {
    const band = entry('tariff.save', 'tariff:car-standard', { before: standard, table: { ...standard, bands: [{ name: 'Night', charge: { kind: 'flat', priceMinor: 600 } }] } });
    expect(auditSentence(band, i18n)).toBe('sam changed Standard (car) bands Night charge price from £5.00 to £6.00');
    const device = entry('device.save', 'device:reader-out1', { before: { autoPresentMs: 1500 }, after: { autoPresentMs: 2000 }, reason: 'slow cards' }, 'admin');
    expect(auditSentence(device, i18n)).toBe('admin changed the settings of device reader-out1 presents the card after from 1.5 s to 2 s, reason: slow cards');
  });

  it('says amounts, and still makes a sentence of an action this console does not know', () => {
    expect(auditSentence(entry('payment.cash', 'session:12', { amountMinor: 350, receiptNo: 4 }, 'anna'), i18n)).toBe('anna took a cash payment for session 12 £3.50');
    expect(auditSentence(entry('gate.teleported', 'lane:in1', {}), i18n)).toBe('sam did something this console version does not know how to say (gate.teleported)');
  });
});
