import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import { errorLines, type FieldLabels } from './errors';

/** The error box under a form or a list. Always takes its space when `reserve` so a form does not jump. */
export function ErrorNotice({ error, labels, reserve }: { error: unknown; labels?: FieldLabels; reserve?: boolean }): ReactNode {
  const { t } = useI18n();
  const lines = errorLines(error, t, labels);
  if (lines.length === 0) return reserve ? <div className="notice notice-reserve" aria-hidden="true" /> : null;
  return (
    <div className="notice notice-error" role="alert">
      <span className="notice-tag">{t('status.error')}</span>
      <ul>
        {lines.map((l, i) => (
          <li key={i}>{l}</li>
        ))}
      </ul>
    </div>
  );
}

export function SuccessNotice({ children }: { children: ReactNode }): ReactNode {
  const { t } = useI18n();
  return (
    <div className="notice notice-ok" role="status">
      <span className="notice-tag">{t('status.done')}</span>
      <div>{children}</div>
    </div>
  );
}
