import type { ReactNode } from 'react';
import type { AuditEntry } from '../../api';
import { Dialog } from '../../components/Dialog';
import { useI18n } from '../../i18n';
import { auditChanges, auditSentence, auditSubject } from '../../lib/audit-sentences';
import { fieldsOf, fieldValue } from '../../lib/readable';

/** Keys that hold a record's two versions: shown as the before/after table, not again in the list below it. */
const VERSION_KEYS = ['before', 'after', 'table', 'definition', 'schedules', 'policy', 'floor', 'from', 'to'];

/** One entry in full: the sentence, when, who, what changed field by field, and every other value recorded. */
export function AuditEntryDetail({ entry, onClose }: { entry: AuditEntry; onClose: () => void }): ReactNode {
  const i18n = useI18n();
  const { t, fmt } = i18n;
  const changes = auditChanges(entry);
  const detail = entry.detail !== null && typeof entry.detail === 'object' && !Array.isArray(entry.detail) ? (entry.detail as Record<string, unknown>) : {};
  const rest = Object.fromEntries(Object.entries(detail).filter(([k]) => k !== 'reason' && !(changes.length > 0 && VERSION_KEYS.includes(k))));
  const recorded = fieldsOf(rest).filter((f) => f.name !== '');
  return (
    <Dialog title={t('audit.entryTitle', { seq: entry.seq })} onClose={onClose} wide>
      <p className="audit-detail-sentence" data-testid="audit-detail-sentence">{auditSentence(entry, i18n)}</p>
      <dl className="audit-detail-facts">
        <dt>{t('audit.at')}</dt>
        <dd>{fmt.dateTimeSeconds(entry.at)}</dd>
        <dt>{t('audit.actor')}</dt>
        <dd>{entry.actor}</dd>
        {entry.subject ? (
          <>
            <dt>{t('audit.subject')}</dt>
            <dd>{auditSubject(entry)}</dd>
          </>
        ) : null}
        {typeof detail.reason === 'string' ? (
          <>
            <dt>{t('audit.reason')}</dt>
            <dd>{detail.reason}</dd>
          </>
        ) : null}
      </dl>
      {changes.length > 0 ? (
        <table className="table table-compact" data-testid="audit-changes">
          <caption>{t('audit.changes')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('audit.field')}</th>
              <th scope="col">{t('audit.before')}</th>
              <th scope="col">{t('audit.after')}</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={c.name}>
                <th scope="row">{c.name}</th>
                <td>{fieldValue(c.key, c.from, fmt)}</td>
                <td>{fieldValue(c.key, c.to, fmt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {recorded.length > 0 ? (
        <section aria-labelledby="audit-recorded">
          <h3 id="audit-recorded">{t('audit.record')}</h3>
          <dl className="audit-detail-facts">
            {recorded.map((f) => (
              <div key={f.name} className="audit-fact">
                <dt>{f.name}</dt>
                <dd>{fieldValue(f.key, f.value, fmt)}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
      <div className="form-actions">
        <button type="button" className="btn" onClick={onClose} data-autofocus>
          {t('audit.close')}
        </button>
      </div>
    </Dialog>
  );
}
