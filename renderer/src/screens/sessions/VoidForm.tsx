import type { FormEvent, ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCallAction } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { inlineEscape } from '../../lib/inline-escape';
import { useReasonInput } from '../../lib/reason';

/** Supervisor only (the kiosk checks): voiding needs a reason, which goes to the audit log. */
export function VoidForm({ sessionId, onCancel, onDone }: { sessionId: number; onCancel(): void; onDone(): void }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const reason = useReasonInput();
  const { busy, error, run } = useCallAction();
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!reason.check()) return;
    await run(async () => {
      await client.call('sessions.void', { sessionId, reason: reason.value.trim() });
      onDone();
    });
  };
  return (
    <form className="inline-form void-form" onSubmit={submit} data-testid="void-form"
      onKeyDown={inlineEscape(reason.value.trim() !== '', () => window.confirm(t('session.dropTyped')), onCancel)}>
      <TextField
        label={t('field.reason')}
        value={reason.value}
        onChange={(e) => reason.set(e.target.value)}
        error={reason.problem ?? fieldErrors(error).reason}
        hint={t('session.voidHint')}
        data-autofocus
        autoFocus
        wide
      />
      <div className="form-actions">
        <button type="submit" className="btn btn-danger" disabled={busy}>{t('session.confirmVoid')}</button>
        <button type="button" className="btn" onClick={onCancel}>{t('action.cancel')}</button>
      </div>
      <ErrorNotice error={fieldErrors(error).reason ? null : error} labels={{ reason: t('field.reason') }} />
    </form>
  );
}
