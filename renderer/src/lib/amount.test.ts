import { describe, expect, it } from 'vitest';
import { en } from '../i18n/messages/en';
import { createTranslator } from '../i18n/translate';
import { readAmount } from './amount';

const t = createTranslator(en, 'en-GB');

describe('readAmount', () => {
  it('reads major units into exact minor units, never through a float', () => {
    expect(readAmount('20.00', 2, t)).toEqual({ minor: 2000 });
    expect(readAmount('0.07', 2, t)).toEqual({ minor: 7 }); // 0.07 * 100 is 7.000000000000001 in floating point
    expect(readAmount(' 19,99 ', 2, t)).toEqual({ minor: 1999 });
    expect(readAmount('1500', 0, t)).toEqual({ minor: 1500 });
  });

  it('refuses what is no amount above zero, saying how many decimals the currency has', () => {
    for (const text of ['12.345', '-5', '0', '0.00', '', 'ten', '1e3']) {
      expect(readAmount(text, 2, t)).toEqual({ problem: 'Type an amount above zero with at most 2 decimal places, such as 20.00.' });
    }
    expect(readAmount('5.5', 0, t)).toEqual({ problem: 'Type a whole amount above zero, such as 2000.' });
  });
});
