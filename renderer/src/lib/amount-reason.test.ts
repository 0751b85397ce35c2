import { describe, expect, it } from 'vitest';
import { en } from '../i18n/messages/en';
import { createTranslator } from '../i18n/translate';
import { checkAmountReason } from './amount-reason';

const t = createTranslator(en, 'en-GB');
const AMOUNT = 'Type an amount above zero with at most 2 decimal places, such as 20.00.';
const REASON = t('validation.reason');

describe('an amount and a reason, checked before sending', () => {
  it('gives the amount in minor units when both may go', () => {
    expect(checkAmountReason('12.50', 'complaint at the booth', 2, t)).toEqual({ minor: 1250, problems: { amount: undefined, reason: undefined } });
    expect(checkAmountReason('1500', 'drop', 0, t).minor).toBe(1500);
  });

  it('names each field that cannot go, and sends nothing', () => {
    expect(checkAmountReason('0', 'ok', 2, t)).toEqual({ minor: null, problems: { amount: AMOUNT, reason: REASON } });
    expect(checkAmountReason('5.00', '  ', 2, t)).toEqual({ minor: null, problems: { amount: undefined, reason: REASON } });
    expect(checkAmountReason('5.001', 'a real reason', 2, t)).toEqual({ minor: null, problems: { amount: AMOUNT, reason: undefined } });
  });

  it('takes a fixed amount in place of the typed one (a whole payment voided)', () => {
    expect(checkAmountReason('not read', 'charged twice', 2, t, 900)).toEqual({ minor: 900, problems: { amount: undefined, reason: undefined } });
  });
});
