import { instantOfLocal } from '../../kiosk/domain/zoned-time';
import { quoteStay, type Quote } from '../../kiosk/domain/tariff';
import { databaseFile } from '../../kiosk/kiosk';
import { openStore } from '../../kiosk/store/store';
import { CliError, dataDirOption, type Command } from '../command';

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

export const tariffCommand: Command = {
  name: 'tariff',
  summary: "Price a stay with the site's rate tables, line by line as on the receipt.",
  usage: 'tariff quote --entry <time> --exit <time> [--class car] [--lost-ticket] [--data-dir DIR] [--json]',
  json: true,
  options: {
    entry: { type: 'string', description: 'entry time: 2026-11-23T08:00 (site time) or with an offset' },
    exit: { type: 'string', description: 'exit time, the same way' },
    class: { type: 'string', description: 'vehicle class (default: car)' },
    'lost-ticket': { type: 'boolean', description: 'no entry record: charge the lost-ticket price' },
  },
  async run({ values, positionals, out }) {
    if (positionals[0] !== 'quote' || positionals.length > 1) throw new CliError('usage: lotkeeper tariff quote --entry <time> --exit <time>', 2);
    const lostTicket = values['lost-ticket'] === true;
    if (!values['exit'] || (!values['entry'] && !lostTicket)) throw new CliError('--entry and --exit are required (or --lost-ticket with --exit)', 2);
    const store = openStore(databaseFile(dataDirOption(values)), { now: Date.now(), readonly: true });
    try {
      const { site } = store.site.load();
      const entryAt = lostTicket ? null : parseTime(values['entry'] as string, site.timeZone, '--entry');
      const exitAt = parseTime(values['exit'] as string, site.timeZone, '--exit');
      // Said in the operator's own terms: the domain's message gives UTC instants, not what was typed.
      if (entryAt !== null && exitAt < entryAt) throw new CliError(`--exit ${String(values['exit'])} is before --entry ${String(values['entry'])} (site time, ${site.timeZone})`);
      const quote = quoteStay(store.rateTables.all(), {
        entryAt,
        exitAt,
        vehicleClass: (values['class'] as string | undefined) ?? 'car',
        lostTicket,
        timeZone: site.timeZone,
        taxRateBp: site.taxRateBp,
        currency: site.currency,
      });
      out.result(quote, describe(quote, site.currency, site.locale));
      return 0;
    } finally {
      await store.close();
    }
  },
};
