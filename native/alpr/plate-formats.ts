/**
 * Plate formats per country/region, as templates: L = a letter, D = a digit, X = either. A site configures the
 * regions it sees; the reader uses them to rank candidates (plate text beats slogans, state names, dealer frames,
 * phone numbers) and to fix a confusable character (O/0, I/1, B/8, S/5, Z/2, G/6) where the recogniser itself
 * offered the other reading at that position. Characters are only ever swapped, never added or removed.
 */

export interface PlateFormat {
  template: string;
  note: string;
}

export const PLATE_FORMATS: Record<string, readonly PlateFormat[]> = {
  us: [
    { template: 'DLLLDDD', note: 'California' },
    { template: 'LLLDDDD', note: 'NY, PA, TX, GA, NC, OH, MI, VA, WA, AZ' },
    { template: 'LLLDDD', note: 'older sequential (many states)' },
    { template: 'DDDLLL', note: 'KY, older states' },
    { template: 'LLDLDL', note: 'Missouri' },
    { template: 'DLLDDD', note: 'MA, older Missouri' },
    { template: 'DLLLDD', note: 'Massachusetts' },
    { template: 'LDDLLL', note: 'New Jersey, Florida' },
    { template: 'LLLLDD', note: 'Florida' },
    { template: 'LLDDDDD', note: 'Illinois' },
    { template: 'LDDDDDD', note: 'Illinois, Minnesota' },
    { template: 'DLDDDDD', note: 'Minnesota, Wisconsin' },
    { template: 'DDDDDLD', note: 'specialty series' },
    { template: 'DDLDLL', note: 'specialty series' },
    { template: 'DDDDDDD', note: 'numeric series' },
    { template: 'DDDLLLL', note: 'Illinois' },
  ],
  eu: [
    { template: 'LLDDDLL', note: 'Slovakia, Serbia, Croatia' },
    { template: 'LLDDDDLL', note: 'Serbia, Croatia' },
    { template: 'LLDDDL', note: 'Croatia' },
    { template: 'LLDDDDL', note: 'Croatia' },
    { template: 'LLLDDDD', note: 'Montenegro, Slovenia, Czechoslovakia before 1997' },
    { template: 'LLLDDLL', note: 'Slovenia' },
    { template: 'LLDDDDD', note: 'Bosnia, older series' },
    { template: 'LDDDDDD', note: 'older series' },
    { template: 'DLDDDDD', note: 'Czechia (region letter second), Slovakia older' },
    { template: 'DLLDDDD', note: 'Czechia' },
  ],
  br: [
    { template: 'LLLDDDD', note: 'Brazil, grey plates before 2018' },
    { template: 'LLLDLDD', note: 'Brazil, Mercosul' },
  ],
  uk: [{ template: 'LLDDLLL', note: 'United Kingdom since 2001' }],
};

/** Letter <-> digit pairs an OCR confuses; a fix needs the recogniser to have offered the other one. */
const CONFUSABLE: Record<string, string> = { O: '0', '0': 'O', I: '1', '1': 'I', B: '8', '8': 'B', S: '5', '5': 'S', Z: '2', '2': 'Z', G: '6', '6': 'G', D: '0', Q: '0' };

/**
 * Regions where the letter O is never issued or printed with the zero's glyph (most US states), so plate records
 * (DMV lists, permits, the labels of ../shared/alpr's us/) write it 0: the reader writes it 0 too, and the same
 * car reads the same text whichever way the recogniser leaned.
 */
const O_WRITTEN_AS_ZERO: ReadonlySet<string> = new Set(['us']);

/** True when every configured region writes O as 0; a site that also sees other regions keeps the O. */
export function writesOAsZero(regions: readonly string[]): boolean {
  return regions.length > 0 && regions.every((region) => O_WRITTEN_AS_ZERO.has(region));
}

/**
 * A site's home country: the layouts its own cars carry, drawn from its region's list. Most cars at a site are
 * local, so where a read fits a visitor's layout only because of one confusable character (a Slovak LM633BD read
 * LM6338D fits Croatia's LLDDDDL), the home layout wins (settleFormat).
 */
export const HOME_COUNTRIES: Record<string, { region: string; templates: readonly string[] }> = {
  uk: { region: 'uk', templates: ['LLDDLLL'] },
  // Not the old Czechoslovak LLLDDDD: a Czech visitor's DLLDDDD (8AB2345) is one confusable away from it.
  sk: { region: 'eu', templates: ['LLDDDLL'] },
  cz: { region: 'eu', templates: ['DLDDDDD', 'DLLDDDD'] },
  hr: { region: 'eu', templates: ['LLDDDL', 'LLDDDDL', 'LLDDDLL', 'LLDDDDLL'] },
  rs: { region: 'eu', templates: ['LLDDDLL', 'LLDDDDLL'] },
  us: { region: 'us', templates: PLATE_FORMATS['us']!.map((f) => f.template) },
  br: { region: 'br', templates: PLATE_FORMATS['br']!.map((f) => f.template) },
};

/** The formats a site expects: every configured region's, and among them its home country's. */
export interface SiteFormats {
  all: readonly PlateFormat[];
  home: readonly PlateFormat[];
}

/** Throws for an unknown region or home country, or a home country whose region the site does not see. */
export function siteFormats(regions: readonly string[], homeCountry?: string): SiteFormats {
  const all = formatsFor(regions);
  if (homeCountry === undefined) return { all, home: [] };
  if (!Object.hasOwn(HOME_COUNTRIES, homeCountry)) throw new Error(`unknown home country "${homeCountry}" (known: ${Object.keys(HOME_COUNTRIES).join(', ')})`);
  const home = HOME_COUNTRIES[homeCountry]!;
  if (!regions.includes(home.region)) throw new Error(`home country "${homeCountry}" has ${home.region} plates, which are not among the plate regions (${regions.join(', ')})`);
  return { all, home: PLATE_FORMATS[home.region]!.filter((f) => home.templates.includes(f.template)) };
}

export function formatsFor(regions: readonly string[]): PlateFormat[] {
  return regions.flatMap((region) => {
    const formats = Object.hasOwn(PLATE_FORMATS, region) ? PLATE_FORMATS[region] : undefined;
    if (!formats) throw new Error(`unknown plate region "${region}" (known: ${Object.keys(PLATE_FORMATS).join(', ')})`);
    return formats;
  });
}

const isDigit = (c: string) => c >= '0' && c <= '9';
const fits = (c: string, t: string) => t === 'X' || (t === 'D' ? isDigit(c) : t === 'L' ? !isDigit(c) : c === t);

export function matchesFormat(text: string, formats: readonly PlateFormat[]): PlateFormat | undefined {
  return formats.find((f) => f.template.length === text.length && [...text].every((c, i) => fits(c, f.template[i]!)));
}

/** What the recogniser offered at one position: its choice and runners-up with their probabilities. */
export interface CharOptions {
  char: string;
  p: number;
  alternatives: { char: string; p: number }[];
}

export interface FormatFix {
  text: string;
  format: PlateFormat;
  /** The positions changed, and the probabilities the recogniser gave the new characters. */
  changed: { index: number; p: number }[];
}

/**
 * The reading that fits a format with the fewest swaps, each swap a confusable pair that the recogniser offered
 * at that position with probability >= minSupport. Undefined when no format can be reached that way. The floor is
 * 2%: below it the runner-up is noise, and a US read of a layout the list lacks was bent to one it has (on
 * ../shared/alpr, a floor of 0.1% turned car9-9's "AV2403" into "AVZ403" and misread wts-lg-000133; with 2%, 289
 * of 295 photos read against 288, and the holdout and its degraded copies read the same).
 */
export function fixToFormat(chars: readonly CharOptions[], formats: readonly PlateFormat[], minSupport = 0.02): FormatFix | undefined {
  let best: FormatFix | undefined;
  for (const format of formats) {
    if (format.template.length !== chars.length) continue;
    const changed: { index: number; p: number }[] = [];
    let ok = true;
    const out = chars.map((c, i) => {
      const t = format.template[i]!;
      if (fits(c.char, t)) return c.char;
      const other = CONFUSABLE[c.char];
      const offered = other ? c.alternatives.find((a) => a.char === other && a.p >= minSupport) : undefined;
      if (!offered || !fits(offered.char, t)) ok = false;
      else changed.push({ index: i, p: offered.p });
      return offered?.char ?? c.char;
    });
    if (!ok) continue;
    const support = (f: FormatFix) => f.changed.reduce((s, c) => s + Math.log(c.p), 0);
    const fix = { text: out.join(''), format, changed };
    if (!best || changed.length < best.changed.length || (changed.length === best.changed.length && support(fix) > support(best))) best = fix;
  }
  return best;
}

/**
 * The reading to report: the raw read when it fits a home layout; else the home layout a confusable swap reaches
 * (one swap at most when the raw read fits a visitor's layout: two confusions on one plate make a visitor likelier);
 * else the raw read when it fits any layout, or the swap fixToFormat finds among all. Undefined: keep the raw read.
 */
export function settleFormat(chars: readonly CharOptions[], formats: SiteFormats): FormatFix | undefined {
  const raw = chars.map((c) => c.char).join('');
  const visitor = matchesFormat(raw, formats.all) !== undefined;
  if (formats.home.length && !matchesFormat(raw, formats.home)) {
    const home = fixToFormat(chars, formats.home);
    if (home && (!visitor || home.changed.length === 1)) return home;
  }
  return visitor ? undefined : fixToFormat(chars, formats.all);
}

/** Whether the read fits a format as it is, or after the confusable swaps fixToFormat allows (it finds both). */
export function fitsAFormat(chars: readonly CharOptions[], formats: readonly PlateFormat[]): boolean {
  return fixToFormat(chars, formats) !== undefined;
}

/** A-Z0-9 only: how plates are compared and stored as keys. */
export function normalisePlate(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]/g, '');
}
