import { describe, expect, it } from 'vitest';
import { fitsAFormat, fixToFormat, formatsFor, HOME_COUNTRIES, matchesFormat, normalisePlate, PLATE_FORMATS, settleFormat, siteFormats, writesOAsZero, type CharOptions } from './plate-formats';

const opts = (text: string, alternatives: Record<number, [string, number]> = {}): CharOptions[] =>
  [...text].map((char, i) => ({ char, p: 0.9, alternatives: alternatives[i] ? [{ char: alternatives[i][0], p: alternatives[i][1] }] : [] }));

describe('plate formats', () => {
  const br = formatsFor(['br']);
  const eu = formatsFor(['eu']);
  const us = formatsFor(['us']);

  it('matches templates by letter and digit classes', () => {
    expect(matchesFormat('ABC1234', br)?.note).toMatch(/grey/);
    expect(matchesFormat('ABC1D23', br)?.note).toMatch(/Mercosul/);
    expect(matchesFormat('ABC12345', br)).toBeUndefined();
    expect(matchesFormat('BG123AB', eu)).toBeDefined();
    expect(matchesFormat('AB51CDE', formatsFor(['uk']))).toBeDefined();
  });

  it('fixes a confusable character the recogniser offered', () => {
    expect(fixToFormat(opts('ABC12O4', { 5: ['0', 0.2] }), br)?.text).toBe('ABC1204');
    expect(fixToFormat(opts('8G123AB', { 0: ['B', 0.1] }), eu)?.text).toBe('BG123AB');
    // A Czech plate starts with the digit of its series and ends in four digits.
    expect(fixToFormat(opts('1B2579O', { 6: ['0', 0.2] }), eu)?.text).toBe('1B25790');
  });

  it('never swaps without the recogniser offering the other character', () => {
    expect(fixToFormat(opts('ABC12O4'), br)).toBeUndefined();
    expect(fixToFormat(opts('ABC12O4', { 5: ['0', 0.00001] }), br)).toBeUndefined();
    // 1% is noise, not an offer: car9-9's "AV2403" became "AVZ403" on a 0.9% Z to fit LLLDDD.
    expect(fixToFormat(opts('AV2403', { 2: ['Z', 0.01] }), us)).toBeUndefined();
  });

  it('never invents or drops characters, nor swaps non-confusable ones', () => {
    expect(fixToFormat(opts('ABC123', { 5: ['4', 0.5] }), br)).toBeUndefined();
    expect(fixToFormat(opts('ABC12X4', { 5: ['0', 0.5] }), br)).toBeUndefined();
  });

  it('prefers the format needing the fewest swaps', () => {
    // ABC1D23 is already Mercosul: nothing to fix even though D -> 0 would make a grey plate.
    expect(matchesFormat('ABC1D23', br)).toBeDefined();
    expect(fixToFormat(opts('ABC1D23', { 4: ['0', 0.4] }), br)?.changed).toEqual([]);
  });

  it('says whether a read fits a format as it is or by a swap the recogniser offered', () => {
    const uk = formatsFor(['uk']);
    expect(fitsAFormat(opts('AB12CDE'), uk)).toBe(true);
    expect(fitsAFormat(opts('AB12CD8', { 6: ['E', 0.3] }), uk)).toBe(false); // 8/E is no confusable pair
    expect(fitsAFormat(opts('AB12CD8', { 6: ['B', 0.3] }), uk)).toBe(true);
    expect(fitsAFormat(opts('AB12'), uk)).toBe(false);
  });

  it('normalises to A-Z0-9', () => {
    expect(normalisePlate('ab-12 3·c')).toBe('AB123C');
  });

  it('refuses an unknown region', () => {
    expect(() => formatsFor(['mars'])).toThrow(/unknown plate region "mars"/);
  });

  it('writes O as 0 only where every configured region does', () => {
    expect(writesOAsZero(['us'])).toBe(true);
    expect(writesOAsZero(['us', 'eu'])).toBe(false);
    expect(writesOAsZero(['eu'])).toBe(false);
    expect(writesOAsZero([])).toBe(false);
  });

  describe('a home country', () => {
    const slovak = siteFormats(['eu'], 'sk');
    const anywhere = siteFormats(['eu']);

    it('settles a confusable character that a visitor\'s layout would keep', () => {
      // A Slovak LM633BD read LM6338D fits Croatia's LLDDDDL: without a home country it stays wrong.
      const read = opts('LM6338D', { 5: ['B', 0.17] });
      expect(settleFormat(read, anywhere)).toBeUndefined();
      expect(settleFormat(read, slovak)).toMatchObject({ text: 'LM633BD', changed: [{ index: 5, p: 0.17 }] });
    });

    it('keeps a read that fits a home layout, and a visitor the recogniser offered nothing else for', () => {
      expect(settleFormat(opts('RK605AB', { 2: ['G', 0.3] }), slovak)).toBeUndefined();
      expect(settleFormat(opts('1B19839', { 0: ['I', 0.3] }), slovak)).toBeUndefined(); // a Czech visitor
      expect(settleFormat(opts('ZG1234A'), slovak)).toBeUndefined(); // a Croatian one: 4 is no letter's twin
    });

    it('takes two confusions on one plate for a visitor, not a local', () => {
      const twoAway = opts('BA30205', { 5: ['O', 0.3], 6: ['S', 0.3] });
      expect(matchesFormat('BA30205', anywhere.all)).toBeDefined(); // LLDDDDD, an older series
      expect(fixToFormat(twoAway, slovak.home)?.text).toBe('BA302OS'); // two swaps away from a Slovak layout
      expect(settleFormat(twoAway, slovak)).toBeUndefined();
      // A Czech visitor one confusable away from the old Czechoslovak LLLDDDD stays Czech.
      expect(settleFormat(opts('8AB2345', { 0: ['B', 0.3] }), slovak)).toBeUndefined();
      // A read that fits no layout goes to the home one, even where a visitor's needs fewer swaps.
      const neither = opts('8A3020Z', { 0: ['B', 0.3], 5: ['O', 0.3] });
      expect(settleFormat(neither, anywhere)?.text).toBe('BA3020Z'); // Croatia's LLDDDDL, one swap
      expect(settleFormat(neither, slovak)?.text).toBe('BA302OZ');
    });

    it('falls back to every region\'s layouts when no home layout can be reached', () => {
      expect(settleFormat(opts('1B2579O', { 6: ['0', 0.2] }), slovak)?.text).toBe('1B25790');
    });

    it('refuses an unknown country, or one whose plates the site does not see', () => {
      expect(() => siteFormats(['eu'], 'xx')).toThrow(/unknown home country "xx"/);
      expect(() => siteFormats(['eu'], 'toString')).toThrow(/unknown home country/);
      expect(() => siteFormats(['us'], 'sk')).toThrow(/"sk" has eu plates, which are not among the plate regions \(us\)/);
    });

    it('draws every country\'s layouts from its region\'s list', () => {
      for (const [country, { region, templates }] of Object.entries(HOME_COUNTRIES)) {
        const listed = PLATE_FORMATS[region]!.map((f) => f.template);
        expect(templates.filter((t) => !listed.includes(t)), country).toEqual([]);
        expect(siteFormats([region], country).home).toHaveLength(templates.length);
      }
    });
  });
});
