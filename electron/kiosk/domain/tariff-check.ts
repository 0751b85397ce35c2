/**
 * checkRateTables: what is wrong with a set of rate tables, for the tariff editor and for head office's sync to
 * refuse before a lane ever quotes from them. Per table it applies the schema's own rules (a table built without
 * parsing still gets them); across tables, per vehicle class, it looks at how the versions follow each other.
 */
import { formatPath, isoInstant, type TariffProblemCode, tableIssues } from './tariff-rules';
import type { RateTable } from './tariff-schema';

export interface TariffProblem {
  readonly code: TariffProblemCode;
  readonly tableId: string;
  readonly message: string;
}

export function checkRateTables(tables: readonly RateTable[]): TariffProblem[] {
  return [
    ...tables.flatMap(problemsInside),
    ...duplicateVersions(tables),
    ...[...groupByClass(tables).values()].flatMap(versionSequenceProblems),
    ...mixedCurrencies(tables),
  ];
}

function problemsInside(table: RateTable): TariffProblem[] {
  return tableIssues(table).map((issue) => ({
    code: issue.code,
    tableId: table.id,
    message: `${describe(table)}: ${formatPath(issue.path)}: ${issue.message}`,
  }));
}

function duplicateVersions(tables: readonly RateTable[]): TariffProblem[] {
  const problems: TariffProblem[] = [];
  const seen = new Set<string>();
  for (const table of tables) {
    const key = JSON.stringify([table.id, table.version]);
    if (!seen.has(key)) {
      seen.add(key);
      continue;
    }
    const message = `${describe(table)} appears more than once: each (id, version) must be unique`;
    problems.push({ code: 'duplicate_version', tableId: table.id, message });
  }
  return problems;
}

function groupByClass(tables: readonly RateTable[]): Map<string, RateTable[]> {
  const byClass = new Map<string, RateTable[]>();
  for (const table of tables) {
    const group = byClass.get(table.vehicleClass) ?? [];
    group.push(table);
    byClass.set(table.vehicleClass, group);
  }
  return byClass;
}

/** One class's tables in date order must cover time without overlaps or holes, from the first effectiveFrom on. */
function versionSequenceProblems(tables: readonly RateTable[]): TariffProblem[] {
  const problems: TariffProblem[] = [];
  const ordered = [...tables].sort(
    (a, b) => a.effectiveFrom - b.effectiveFrom || a.version - b.version || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  ordered.forEach((table, index) => {
    for (const earlier of ordered.slice(0, index)) {
      if (endOf(earlier) > table.effectiveFrom && endOf(table) > earlier.effectiveFrom) {
        const message =
          `${describe(table)} (from ${isoInstant(table.effectiveFrom)}) overlaps ${describe(earlier)} ` +
          `(until ${until(earlier)}) for vehicle class "${table.vehicleClass}"`;
        problems.push({ code: 'version_overlap', tableId: table.id, message });
      }
    }
    const coveredUntil = Math.max(...ordered.slice(0, index).map(endOf));
    if (index > 0 && coveredUntil < table.effectiveFrom) {
      const message =
        `no table for vehicle class "${table.vehicleClass}" from ${isoInstant(coveredUntil)} ` +
        `until ${describe(table)} starts at ${isoInstant(table.effectiveFrom)}`;
      problems.push({ code: 'version_gap', tableId: table.id, message });
    }
  });
  return problems;
}

function mixedCurrencies(tables: readonly RateTable[]): TariffProblem[] {
  const first = tables[0];
  if (!first) return [];
  return tables
    .filter((table) => table.currency !== first.currency)
    .map((table) => ({
      code: 'mixed_currency' as const,
      tableId: table.id,
      message:
        `${describe(table)} charges in ${table.currency} but ${describe(first)} in ${first.currency}: ` +
        'a site has one currency',
    }));
}

function endOf(table: RateTable): number {
  return table.effectiveTo ?? Infinity;
}

function until(table: RateTable): string {
  return table.effectiveTo === null ? 'replaced' : isoInstant(table.effectiveTo);
}

function describe(table: RateTable): string {
  return `rate table ${table.id} v${table.version}`;
}
