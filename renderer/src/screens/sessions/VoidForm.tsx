import { useState, type FormEvent, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { TextField } from '../../components/Field';
import { useI18n } from '../../i18n';

/** Supervisor only (the kiosk checks): voiding needs a reason, which goes to the audit log. */
export function VoidForm({ sessionId, onCancel, onDone }: { sessionId: number; onCancel(): void; onDone(): void }): ReactNode {
  const { client, reportError } = useApp();
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [local, setLocal] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (reason.trim().length < 3) {
      setLocal(t('validation.reason'));
      return;
    }
    setLocal(undefined);
    setBusy(true);
    try {
      await client.call('sessions.void', { sessionId, reason: reason.trim() });
      onDone();
    } catch (err) {
      reportError(err);
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form void-form" onSubmit={submit} data-testid="void-form">
      <TextField
        label={t('field.reason')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={local ?? fieldErrors(error).reason}
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
