import type { ReactNode } from 'react';
import type { AuditEntry } from '../../api';
import { useI18n } from '../../i18n';
import { AuditTable } from '../../components/AuditTable';

export function AuditTrail({ entries }: { entries: readonly AuditEntry[] }): ReactNode {
  const { t } = useI18n();
  return (
    <section className="audit-trail" aria-labelledby="trail-title">
      <h3 id="trail-title">{t('session.auditTrail')}</h3>
      {entries.length === 0 ? <p className="muted">{t('audit.none')}</p> : <AuditTable entries={entries} of="session" testId="session-audit" />}
    </section>
  );
}
