import type { ReactNode } from 'react';
import type { AuditEntry } from '../api';
import { useI18n } from '../i18n';

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

/**
 * Audit entries, one row each. The whole log (`of="log"`) shows each entry's place in the log and its subject;
 * a session's own trail (`of="session"`) leaves both out, since every subject there is that session.
 */
export function AuditTable({ entries, of, testId }: { entries: readonly AuditEntry[]; of: 'log' | 'session'; testId: string }): ReactNode {
  const { t, fmt } = useI18n();
  const log = of === 'log';
  return (
    <table className="table table-compact" data-testid={testId}>
      <thead>
        <tr>
          {log ? <th scope="col" className="num">#</th> : null}
          <th scope="col">{t('audit.at')}</th>
          <th scope="col">{t('audit.actor')}</th>
          <th scope="col">{t('audit.action')}</th>
          {log ? <th scope="col">{t('audit.subject')}</th> : null}
          <th scope="col">{t('audit.detail')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.seq}>
            {log ? <td className="num">{e.seq}</td> : null}
            <td className="tnum">{fmt.dateTimeSeconds(e.at)}</td>
            <td>{e.actor}</td>
            <td><code>{e.action}</code></td>
            {log ? <td className="nowrap">{e.subject ?? ''}</td> : null}
            <td className="detail-json" title={detailText(e.detail)}>{detailSummary(e.detail)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
