import { audit, type Actor, type Core } from '../core';
import { invalid } from '../errors';
import { checkRateTables, quoteStay, type Quote, type QuoteRequest, type RateTable } from '../domain/tariff';

export class TariffService {
  constructor(private readonly core: Core) {}

  list(): RateTable[] {
    return this.core.store.rateTables.all();
  }

  /**
   * Saves a new version of a rate table (or a new table). Stored versions are never rewritten: a new version ends
   * the previous one at its own start. The whole resulting set must check clean (no overlap, no gap) or nothing is saved.
   */
  save(table: RateTable, reason: string, actor: Actor | null): RateTable {
    const { store, now } = this.core;
    const { site } = this.core.layout();
    if (table.currency !== site.currency) throw invalid(`rate table currency ${table.currency} is not the site's currency ${site.currency}`);
    const existing = store.rateTables.all();
    const previous = existing.filter((t) => t.id === table.id).at(-1);
    const expectedVersion = (previous?.version ?? 0) + 1;
    if (table.version !== expectedVersion) throw invalid(`rate table "${table.id}" must be saved as version ${expectedVersion}, not ${table.version}`);
    if (previous && table.effectiveFrom <= previous.effectiveFrom) {
      throw invalid(`version ${table.version} must take effect after version ${previous.version} (which starts ${new Date(previous.effectiveFrom).toISOString()})`);
    }
    const endsPrevious = previous && (previous.effectiveTo === null || previous.effectiveTo > table.effectiveFrom);
    const candidate = [...existing.filter((t) => t !== previous), ...(previous ? [{ ...previous, effectiveTo: endsPrevious ? table.effectiveFrom : previous.effectiveTo }] : []), table];
    const problems = checkRateTables(candidate);
    if (problems.length > 0) throw invalid(problems.map((p) => p.message).join('; '));
    store.change(() => {
      if (previous && endsPrevious) store.rateTables.endVersion(previous.id, previous.version, table.effectiveFrom);
      store.rateTables.insert(table, actor?.username ?? 'setup', now());
      audit(this.core, { actor: actor?.username ?? 'setup', action: 'tariff.save', subject: `tariff:${table.id}`, detail: { version: table.version, reason, before: previous ?? null, table } });
    });
    this.core.bus.emit('lot.changed', { reason: 'tariff', sessionId: null });
    return table;
  }

  /** With a draft, prices the stay as the draft alone would, whatever its effective dates: the editor's preview. */
  quote(request: Omit<QuoteRequest, 'timeZone' | 'taxRateBp'>, draft?: RateTable): Quote {
    const { site } = this.core.layout();
    const tables = draft ? [{ ...draft, effectiveFrom: 0, effectiveTo: null }] : this.list();
    return quoteStay(tables, { ...request, timeZone: site.timeZone, taxRateBp: site.taxRateBp, currency: site.currency });
  }
}
