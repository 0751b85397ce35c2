/**
 * The nightly reconciliation's work: per site-local day, the site's count and checksum of its acknowledged changes
 * against head office's; the changes of each differing day are sent again (head office stores the keys it lacks),
 * then those days are compared once more. Both sides count only seq <= the acknowledged seq, so changes arriving
 * meanwhile make no false difference.
 */
import { dayChecksum } from '../../../native/headoffice';
import type { HeadOffice } from '../../../native/headoffice';
import { LIMITS } from '../../../native/headoffice';
import type { OutboxRepo } from '../store/outbox-repo';
import type { LocalDayRange } from './days';

export interface ReconcileDeps {
  readonly headOffice: HeadOffice;
  readonly outbox: OutboxRepo;
  readonly batchSize: number;
}

export interface ReconcileResult {
  readonly daysChecked: number;
  readonly daysMismatched: number;
  readonly changesResent: number;
  readonly outcome: 'matched' | 'repaired' | 'failed';
  readonly detail: { day: string; site: number; repaired: boolean }[];
}

type Totals = (d: LocalDayRange) => { count: number; checksum: string };

export async function compareAndRepair(deps: ReconcileDeps, days: readonly LocalDayRange[], maxSeq: number): Promise<ReconcileResult> {
  const local: Totals = (d) => {
    const keys = deps.outbox.keysCreatedBetween(d.from, d.to, maxSeq);
    return { count: keys.length, checksum: dayChecksum(keys) };
  };
  const differing = await differingDays(deps.headOffice, days, local, maxSeq);
  let resent = 0;
  for (const d of differing) resent += await resendDay(deps, d, maxSeq);
  const still = differing.length > 0 ? await differingDays(deps.headOffice, differing, local, maxSeq) : [];
  return {
    daysChecked: days.length,
    daysMismatched: differing.length,
    changesResent: resent,
    outcome: differing.length === 0 ? 'matched' : still.length === 0 ? 'repaired' : 'failed',
    detail: differing.map((d) => ({ day: d.day, site: local(d).count, repaired: !still.includes(d) })),
  };
}

async function resendDay(deps: ReconcileDeps, d: LocalDayRange, maxSeq: number): Promise<number> {
  const rows = deps.outbox.createdBetween(d.from, d.to, maxSeq);
  let stored = 0;
  for (let i = 0; i < rows.length; i += deps.batchSize) {
    const batch = rows.slice(i, i + deps.batchSize).map((r) => ({ seq: r.seq, key: r.key, kind: r.kind, day: d.day, createdAt: r.created_at, payloadJson: r.payload }));
    stored += (await deps.headOffice.resend(batch)).stored;
  }
  return stored;
}

async function differingDays(headOffice: HeadOffice, days: readonly LocalDayRange[], local: Totals, maxSeq: number): Promise<LocalDayRange[]> {
  const differing: LocalDayRange[] = [];
  for (let i = 0; i < days.length; i += LIMITS.maxDays) {
    const chunk = days.slice(i, i + LIMITS.maxDays);
    const theirs = new Map((await headOffice.dayTotals(chunk.map((d) => d.day), maxSeq)).map((t) => [t.day, t]));
    for (const d of chunk) {
      const mine = local(d);
      const them = theirs.get(d.day);
      if (!them || them.count !== mine.count || them.checksum !== mine.checksum) differing.push(d);
    }
  }
  return differing;
}
