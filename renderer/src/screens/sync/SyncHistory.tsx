import type { ReactNode } from 'react';
import type { CallOutput } from '../../api';
import { useI18n } from '../../i18n';

type Report = CallOutput<'sync.report'>;

const conflictCount = (conflicts: unknown): number => (Array.isArray(conflicts) ? conflicts.length : 0);

/** The nightly reconciliations (newest first) and the config pulls with what was kept as the site's. */
export function SyncHistory({ report }: { report: Report }): ReactNode {
  const { t, fmt } = useI18n();
  return (
    <>
      <section className="panel" data-testid="sync-nightly">
        <h2>{t('sync.nightlyReport')}</h2>
        {report.reconciliations.length === 0 ? (
          <p className="muted">{t('sync.noRuns')}</p>
        ) : (
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col">{t('sync.started')}</th>
                <th scope="col">{t('sync.days')}</th>
                <th scope="col" className="num">{t('sync.mismatched')}</th>
                <th scope="col" className="num">{t('sync.resent')}</th>
                <th scope="col">{t('sync.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {report.reconciliations.map((r) => (
                <tr key={r.id} data-outcome={r.outcome}>
                  <td className="tnum">{fmt.dateTime(r.startedAt)}</td>
                  <td>{r.firstDay} – {r.lastDay}</td>
                  <td className="num">{r.daysMismatched}</td>
                  <td className="num">{fmt.number(r.changesResent)}</td>
                  <td title={r.error ?? undefined}>{t(`sync.outcome.${r.outcome}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" data-testid="sync-pulls">
        <h2>{t('sync.pulls')}</h2>
        {report.pulls.length === 0 ? (
          <p className="muted">{t('sync.noPulls')}</p>
        ) : (
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col" className="num">{t('sync.version')}</th>
                <th scope="col">{t('sync.started')}</th>
                <th scope="col" className="num">{t('sync.applied')}</th>
                <th scope="col" className="num">{t('sync.conflicts')}</th>
              </tr>
            </thead>
            <tbody>
              {report.pulls.map((p) => (
                <tr key={p.version}>
                  <td className="num">{p.version}</td>
                  <td className="tnum">{fmt.dateTime(p.appliedAt)}</td>
                  <td className="num">{p.applied}</td>
                  <td className="num" title={JSON.stringify(p.conflicts)}>{conflictCount(p.conflicts)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
