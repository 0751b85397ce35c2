import { existsSync, readFileSync } from 'node:fs';
import { instantOfLocal, isValidTimeZone } from '../../kiosk/domain/zoned-time';
import { quoteStay, type Quote, type RateTable } from '../../kiosk/domain/tariff';
import { readTariffFile } from '../../kiosk/domain/tariff-file';
import { databaseFile } from '../../kiosk/data-dir';
import { openStore } from '../../kiosk/store/store';
import { CliError, dataDirOption, type Command, type Output } from '../command';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 time with an offset, or a local "YYYY-MM-DDTHH:MM" read in the site's zone. */
export function parseTime(text: string, timeZone: string, flag: string): number {
  if (WITH_OFFSET.test(text) && !Number.isNaN(Date.parse(text))) return Date.parse(text);
  const local = LOCAL.exec(text);
  if (local) {
    const [year, month, day, hour, minute] = local.slice(1).map(Number) as [number, number, number, number, number];
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour < 24 && minute < 60) return instantOfLocal(timeZone, { year, month, day }, hour, minute);
  }
  throw new CliError(`${flag} "${text}" is not a time: use 2026-11-23T08:00 (site time) or 2026-11-23T08:00Z`, 2);
}

function describe(quote: Quote, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const amount = (minor: number) => format.format(minor / 100);
  const lines = quote.lines.map((line) => `  ${line.label.padEnd(36)}${amount(line.amountMinor).padStart(12)}`);
  return [
    `Tariff ${quote.tableId} v${quote.tableVersion}, ${quote.chargeableMinutes} chargeable minutes`,
    ...lines,
    `  ${'Total'.padEnd(36)}${amount(quote.totalMinor).padStart(12)}`,
    `  ${'of which tax'.padEnd(36)}${amount(quote.taxMinor).padStart(12)}`,
    `Grace period to leave after paying: ${quote.graceMinutes} min`,
  ].join('\n');
}

/** What a quote needs from the site: its installed tables and settings, or, for a file, the zone named by flag. */
interface QuoteSite {
  readonly tables: RateTable[];
  readonly timeZone: string;
  readonly taxRateBp: number;
  readonly currency: string | null;
  readonly locale: string;
}

/** The site of --data-dir when its database exists; null when there is none (a tariff checked before set-up). */
async function loadSite(values: Record<string, unknown>): Promise<QuoteSite | null> {
  const file = databaseFile(dataDirOption(values));
  if (!existsSync(file)) return null;
  const store = openStore(file, { now: Date.now(), readonly: true });
  try {
    const { site } = store.site.load();
    return { tables: store.rateTables.all(), timeZone: site.timeZone, taxRateBp: site.taxRateBp, currency: site.currency, locale: site.locale };
  } finally {
    await store.close();
  }
}

/** The tables in a file, or a CliError listing every problem by path. */
function tablesOfFile(path: string, currency: string | null): RateTable[] {
  const { tables, problems } = readTariffFile(readText(path), currency);
  if (problems.length > 0) throw new CliError(`${path}: ${problems.map(formatProblem).join('; ')}`);
  return tables;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

const formatProblem = ({ path, message }: { path: string; message: string }) => `${path || '(file)'}: ${message}`;

async function quoteSite(values: Record<string, unknown>): Promise<QuoteSite> {
  const site = await loadSite(values);
  const tableFile = values['table'] as string | undefined;
  const zoneFlag = values['time-zone'] as string | undefined;
  if (zoneFlag !== undefined && !isValidTimeZone(zoneFlag)) throw new CliError(`--time-zone "${zoneFlag}" is not an IANA time zone (e.g. Europe/London)`, 2);
  if (tableFile === undefined) {
    if (!site) throw new CliError(`no site database in ${dataDirOption(values)}: set up the site, or quote a file with --table`);
    return site;
  }
  const timeZone = zoneFlag ?? site?.timeZone;
  if (timeZone === undefined) throw new CliError('--table without a site needs --time-zone (e.g. Europe/London)', 2);
  return {
    tables: tablesOfFile(tableFile, site?.currency ?? null),
    timeZone,
    taxRateBp: site?.taxRateBp ?? 0,
    currency: site?.currency ?? null,
    locale: site?.locale ?? 'en-GB',
  };
}

async function quote(values: Record<string, unknown>, out: Output): Promise<number> {
  const lostTicket = values['lost-ticket'] === true;
  const entryText = values['entry'] as string | undefined;
  const exitText = values['exit'] as string | undefined;
  if (!exitText || (!entryText && !lostTicket)) throw new CliError('--entry and --exit are required (or --lost-ticket with --exit)', 2);
  const site = await quoteSite(values);
  // With --lost-ticket an entry the plate reader saw still counts: the higher of the lost-ticket charge and the stay.
  const entryAt = entryText === undefined ? null : parseTime(entryText, site.timeZone, '--entry');
  const exitAt = parseTime(exitText, site.timeZone, '--exit');
  // Said in the operator's own terms: the domain's message gives UTC instants, not what was typed.
  if (entryAt !== null && exitAt < entryAt) throw new CliError(`--exit ${exitText} is before --entry ${String(entryText)} (site time, ${site.timeZone})`);
  const result = quoteStay(site.tables, {
    entryAt,
    exitAt,
    vehicleClass: (values['class'] as string | undefined) ?? 'car',
    lostTicket,
    timeZone: site.timeZone,
    taxRateBp: site.taxRateBp,
    ...(site.currency === null ? {} : { currency: site.currency }),
  });
  out.result(result, describe(result, result.currency, site.locale));
  return 0;
}

async function check(path: string, values: Record<string, unknown>, out: Output): Promise<number> {
  const currency = (values['currency'] as string | undefined) ?? (await loadSite(values))?.currency ?? null;
  const { tables, problems } = readTariffFile(readText(path), currency);
  const summary = tables.map((table) => `${table.id} v${table.version} (${table.vehicleClass})`).join(', ');
  const text = problems.length === 0 ? `${path}: ${tables.length} rate table(s), no problems: ${summary}` : problems.map(formatProblem).join('\n');
  out.result({ ok: problems.length === 0, problems, tables: tables.length }, text);
  return problems.length === 0 ? 0 : 1;
}

export const tariffCommand: Command = {
  usage:
    'tariff quote --entry <time> --exit <time> [--class car] [--lost-ticket] [--table FILE.json [--time-zone Z]] [--data-dir DIR] [--json]\n' +
    '       lotkeeper tariff check FILE.json [--currency GBP] [--data-dir DIR] [--json]',
  json: true,
  options: {
    entry: { type: 'string', description: 'entry time: 2026-11-23T08:00 (site time) or with an offset' },
    exit: { type: 'string', description: 'exit time, the same way' },
    class: { type: 'string', description: 'vehicle class (default: car)' },
    'lost-ticket': { type: 'boolean', description: 'lost ticket: its charge, or the stay\'s price from --entry if higher' },
    table: { type: 'string', description: 'quote with the rate table(s) in this JSON file instead of the site\'s' },
    'time-zone': { type: 'string', description: 'the site\'s IANA zone, for --table where there is no site database' },
    currency: { type: 'string', description: 'check: the site\'s currency (default: the site database\'s, if any)' },
  },
  async run({ values, positionals, out }) {
    if (positionals[0] === 'quote' && positionals.length === 1) return quote(values, out);
    if (positionals[0] === 'check' && positionals.length === 2) return check(positionals[1]!, values, out);
    throw new CliError('usage: lotkeeper tariff quote --entry <time> --exit <time> | lotkeeper tariff check FILE.json', 2);
  },
};
