import { describe, expect, it } from 'vitest';
import { makeI18n } from '../../i18n';
import { cashUpText } from './cash-up';

describe('cashUpText', () => {
  it('lists the counted notes and coins largest first, the totals, the difference in words and the note', () => {
    const i18n = makeI18n({ locale: 'en-GB', timeZone: 'Europe/London', currency: 'GBP' });
    const shift = { id: 7, userId: 2, openedAt: Date.UTC(2026, 11, 6, 8, 0), floatMinor: 5000, closedAt: Date.UTC(2026, 11, 6, 16, 30), countedMinor: 7050, expectedMinor: 5000, varianceMinor: 2050 };
    const text = cashUpText({ shift, counted: { '50': 1, '2000': 1, '5000': 1, '100': 0 }, note: 'lost ticket paid in cash', by: 'Anna' }, 'Harbour Street', i18n);
    expect(text.split('\n')).toEqual([
      'Cash-up: Harbour Street',
      'Attendant             Anna',
      'Opened                6 Dec 2026, 08:00',
      'Closed                6 Dec 2026, 16:30',
      'Float                 £50.00',
      '  £50.00 × 1          £50.00',
      '  £20.00 × 1          £20.00',
      '  £0.50 × 1           £0.50',
      'Counted               £70.50',
      'Expected              £50.00',
      'Difference            Over by £20.50',
      'Note                  lost ticket paid in cash',
      '',
    ]);
  });
});
