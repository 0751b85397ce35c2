import { describe, expect, it } from 'vitest';
import { inQuietHours, endOfQuietHours } from './policy';
import { LANGUAGES, languageOf, renderSms, TEMPLATE_IDS, TEMPLATES } from './templates';

const LONDON = 'Europe/London';

describe('SMS templates', () => {
  it('has every template in every language, each naming the same values', () => {
    for (const id of TEMPLATE_IDS) {
      const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const english = names(TEMPLATES[id].text.en);
      for (const language of LANGUAGES) expect(names(TEMPLATES[id].text[language]), `${id} ${language}`).toEqual(english);
    }
  });

  it('tells every unsolicited text how to stop, and keeps texts within two SMS segments', () => {
    for (const id of TEMPLATE_IDS) {
      for (const language of LANGUAGES) {
        const text = TEMPLATES[id].text[language];
        if (TEMPLATES[id].respectsQuietHours) expect(text).toMatch(/STOP/);
        expect(text.length, `${id} ${language}`).toBeLessThan(250);
      }
    }
  });

  it('picks the language from a locale, English when it has none', () => {
    expect([languageOf('de-AT'), languageOf('fr_CA'), languageOf('nl'), languageOf('ja-JP')]).toEqual(['de', 'fr', 'nl', 'en']);
  });

  it('refuses to render with a value missing rather than send "{plate}"', () => {
    expect(renderSms('stay.ending', 'de', { site: 'P1', plate: 'AB1', time: '14:00' })).toBe('P1: Die bezahlte Parkzeit für AB1 endet um 14:00. Antworten Sie STOP zum Abmelden.');
    expect(() => renderSms('stay.ending', 'en', { site: 'P1', time: '14:00' })).toThrow(/\{plate\}/);
  });
});

describe('quiet hours on the site clock', () => {
  const night = { from: '21:00', to: '08:00' };

  it('spans midnight, in local time across the summer offset', () => {
    expect(inQuietHours(LONDON, Date.UTC(2026, 6, 1, 19, 59), night)).toBe(false); // 20:59 BST
    expect(inQuietHours(LONDON, Date.UTC(2026, 6, 1, 20, 0), night)).toBe(true); // 21:00 BST
    expect(inQuietHours(LONDON, Date.UTC(2026, 6, 2, 6, 59), night)).toBe(true); // 07:59 BST
    expect(inQuietHours(LONDON, Date.UTC(2026, 6, 2, 7, 0), night)).toBe(false);
  });

  it('ends at the next local morning, and is a no-op outside', () => {
    expect(endOfQuietHours(LONDON, Date.UTC(2026, 0, 10, 23, 0), night)).toBe(Date.UTC(2026, 0, 11, 8, 0));
    expect(endOfQuietHours(LONDON, Date.UTC(2026, 0, 10, 12, 0), night)).toBe(Date.UTC(2026, 0, 10, 12, 0));
    expect(inQuietHours(LONDON, Date.UTC(2026, 0, 10, 13, 0), { from: '12:00', to: '14:00' })).toBe(true);
  });
});
