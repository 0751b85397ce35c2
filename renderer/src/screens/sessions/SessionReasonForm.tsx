import type { FormEvent, ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCallAction } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { inlineEscape } from '../../lib/inline-escape';
import { useReasonInput } from '../../lib/reason';

/** What each supervisor action on a stay calls, says and asks; its reason goes to the audit log. */
const ACTIONS = {
  void: { call: 'sessions.void', hint: 'session.voidHint', submit: 'session.confirmVoid', danger: true },
  reopen: { call: 'sessions.reopen', hint: 'session.reopenHint', submit: 'session.confirmReopen', danger: false },
} as const;

/** Supervisor only (the kiosk checks): voiding a stay, or reopening one closed by mistake, needs a reason. */
export function SessionReasonForm({ action, sessionId, onCancel, onDone }: { action: keyof typeof ACTIONS; sessionId: number; onCancel(): void; onDone(): void }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const reason = useReasonInput();
  const { busy, error, run } = useCallAction();
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!reason.check()) return;
    await run(async () => {
      await client.call(ACTIONS[action].call, { sessionId, reason: reason.value.trim() });
      onDone();
    });
  };
  return (
    <form className={`inline-form ${action}-form`} onSubmit={submit} data-testid={`${action}-form`}
      onKeyDown={inlineEscape(reason.value.trim() !== '', () => window.confirm(t('session.dropTyped')), onCancel)}>
      <TextField
        label={t('field.reason')}
        value={reason.value}
        onChange={(e) => reason.set(e.target.value)}
        error={reason.problem ?? fieldErrors(error).reason}
        hint={t(ACTIONS[action].hint)}
        data-autofocus
        autoFocus
        wide
      />
      <div className="form-actions">
        <button type="submit" className={ACTIONS[action].danger ? 'btn btn-danger' : 'btn btn-primary'} disabled={busy}>{t(ACTIONS[action].submit)}</button>
        <button type="button" className="btn" onClick={onCancel}>{t('action.cancel')}</button>
      </div>
      <ErrorNotice error={fieldErrors(error).reason ? null : error} labels={{ reason: t('field.reason') }} />
    </form>
  );
}
