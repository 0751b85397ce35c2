import type { ReactNode } from 'react';
import type { AuditEntry } from '../../api';
import { useI18n } from '../../i18n';

/** Full JSON of an audit entry's detail (for the tooltip and the filter). */
export function detailText(detail: unknown): string {
  if (detail === null || detail === undefined) return '';
  if (typeof detail === 'string') return detail;
  try {
    return JSON.stringify(detail);
  } catch {
    return String(detail);
  }
}

/** One readable line: `reason: Camera could not read · plate: AB12CDE`; nested values stay JSON. Nulls are left out. */
export function detailSummary(detail: unknown): string {
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) return detailText(detail);
  return Object.entries(detail as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : detailText(v)}`)
    .join(' · ');
}

export function AuditTrail({ entries }: { entries: readonly AuditEntry[] }): ReactNode {
  const { t, fmt } = useI18n();
  return (
    <section className="audit-trail" aria-labelledby="trail-title">
      <h3 id="trail-title">{t('session.auditTrail')}</h3>
      {entries.length === 0 ? (
        <p className="muted">{t('audit.none')}</p>
      ) : (
        <table className="table table-compact" data-testid="session-audit">
          <thead>
            <tr>
              <th scope="col">{t('audit.at')}</th>
              <th scope="col">{t('audit.actor')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.seq}>
                <td className="tnum">{fmt.dateTimeSeconds(e.at)}</td>
                <td>{e.actor}</td>
                <td><code>{e.action}</code></td>
                <td className="detail-json" title={detailText(e.detail)}>{detailSummary(e.detail)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
