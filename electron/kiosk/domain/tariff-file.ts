/**
 * A tariff file as an operator writes it before publishing: one rate table, or a list of them, as JSON. Reading it
 * reports every problem by path ("[1].tiers[0].fromMinutes"), so `lotkeeper tariff check` can list them all at
 * once; the tables are usable only when there are none.
 */
import { CURRENCY_CODE } from './money';
import { checkRateTables } from './tariff-check';
import { type FieldProblem, type RateTable, safeParseRateTable } from './tariff-schema';

export interface TariffFile {
  /** Empty unless problems is empty: a file is used whole or not at all. */
  readonly tables: RateTable[];
  readonly problems: FieldProblem[];
}

/** Reads the file's text; `currency` is the site's, when known: a table in another one is a problem. */
export function readTariffFile(text: string, currency: string | null): TariffFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { tables: [], problems: [{ path: '', message: `is not JSON: ${(error as Error).message}` }] };
  }
  const entries = Array.isArray(value) ? value.map((item, index) => ({ item, at: `[${index}]` })) : [{ item: value, at: '' }];
  if (entries.length === 0) return { tables: [], problems: [{ path: '', message: 'lists no rate tables' }] };
  const problems: FieldProblem[] = [];
  const parsed: { table: RateTable; at: string }[] = [];
  for (const { item, at } of entries) {
    const result = safeParseRateTable(item);
    problems.push(...result.problems.map((problem) => ({ path: joinPath(at, problem.path), message: problem.message })));
    // Said even when other fields are wrong: a table in the wrong currency is wrong whatever else is fixed.
    const itemCurrency = typeof item === 'object' && item !== null && 'currency' in item ? item.currency : undefined;
    if (currency !== null && typeof itemCurrency === 'string' && CURRENCY_CODE.test(itemCurrency) && itemCurrency !== currency) {
      problems.push({ path: joinPath(at, 'currency'), message: `is ${itemCurrency}, but the site charges in ${currency}` });
    }
    if (result.table) parsed.push({ table: result.table, at });
  }
  for (const problem of checkRateTables(parsed.map(({ table }) => table))) {
    problems.push({ path: entryNamed(parsed, problem.tableId, problem.message), message: problem.message });
  }
  return problems.length === 0 ? { tables: parsed.map(({ table }) => table), problems } : { tables: [], problems };
}

/** The entry a problem across tables is about: of those with its id, the version its message names first. */
function entryNamed(parsed: readonly { table: RateTable; at: string }[], tableId: string, message: string): string {
  const position = ({ table }: { table: RateTable }) => {
    const found = message.indexOf(`rate table ${table.id} v${table.version} `);
    return found === -1 ? Infinity : found;
  };
  const candidates = parsed.filter(({ table }) => table.id === tableId).sort((a, b) => position(a) - position(b));
  return candidates[0]?.at ?? '';
}

function joinPath(at: string, path: string): string {
  if (at === '') return path;
  return path === '' || path.startsWith('[') ? `${at}${path}` : `${at}.${path}`;
}
