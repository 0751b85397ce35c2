import { useState, type FormEvent, type ReactNode } from 'react';
import type { User } from '../../api';
import { useApp } from '../../app/context';
import { useCallAction } from '../../app/hooks';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { secretProblem } from './secret';
import { FormActions } from '../../components/FormActions';

/** Sets a new PIN/password; the kiosk also clears failed attempts if asked (we ask: a reset is a fresh start). */
export function ResetSecretDialog({ user, onClose, onDone }: { user: User; onClose(): void; onDone(): void }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const [secret, setSecret] = useState('');
  const [local, setLocal] = useState<string | undefined>();
  const { busy, error, run } = useCallAction();
  const pin = user.secretKind === 'pin';
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const p = secretProblem(user.secretKind, secret, t);
    setLocal(p ?? undefined);
    if (p) return;
    await run(async () => {
      await client.call('users.update', { id: user.id, secret, unlock: true });
      onDone();
    });
  };
  return (
    <Dialog title={t(pin ? 'users.resetPinOf' : 'users.resetPasswordOf', { name: user.username })} onClose={onClose}>
      <form className="form-grid" onSubmit={submit} noValidate>
        <TextField type="password" autoComplete="new-password" inputMode={pin ? 'numeric' : undefined} label={t(pin ? 'field.newPin' : 'field.newPassword')}
          value={secret} onChange={(e) => setSecret(e.target.value)} error={local ?? fieldErrors(error).secret} wide />
        <FormActions submit={t('users.resetSubmit')} busy={busy} onCancel={onClose} />
      </form>
      <ErrorNotice error={fieldErrors(error).secret ? null : error} />
    </Dialog>
  );
}
