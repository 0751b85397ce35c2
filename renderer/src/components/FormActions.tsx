import type { ReactNode } from 'react';
import { useI18n } from '../i18n';

/** A dialog form's buttons: the submit (Enter in any field does the same) and Cancel (or Esc). */
export function FormActions({ submit, busy, onCancel }: { submit: ReactNode; busy: boolean; onCancel(): void }): ReactNode {
  const { t } = useI18n();
  return (
    <div className="form-actions field-wide">
      <button type="submit" className="btn btn-primary" disabled={busy}>{submit}</button>
      <button type="button" className="btn" onClick={onCancel}>{t('action.cancel')}</button>
    </div>
  );
}
