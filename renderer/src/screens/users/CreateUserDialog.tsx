import { useState, type FormEvent, type ReactNode } from 'react';
import type { Role, User } from '../../api';
import { useApp } from '../../app/context';
import { useCallAction } from '../../app/hooks';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { SelectField, TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { secretProblem } from './secret';
import { FormActions } from '../../components/FormActions';

export function CreateUserDialog({ onClose, onCreated }: { onClose(): void; onCreated(u: User): void }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const [f, setF] = useState({ username: '', displayName: '', role: 'attendant' as Role, secretKind: 'pin' as 'pin' | 'password', secret: '' });
  const [local, setLocal] = useState<Record<string, string>>({});
  const { busy, error, run } = useCallAction();
  const set = <K extends keyof typeof f>(k: K, v: (typeof f)[K]): void => setF((x) => ({ ...x, [k]: v }));

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const v: Record<string, string> = {};
    if (!/^[a-z0-9._-]{2,32}$/i.test(f.username.trim())) v.username = t('validation.username');
    if (!f.displayName.trim()) v.displayName = t('validation.displayName');
    const sp = secretProblem(f.secretKind, f.secret, t);
    if (sp) v.secret = sp;
    setLocal(v);
    if (Object.keys(v).length) return;
    await run(async () => {
      const { user } = await client.call('users.create', { ...f, username: f.username.trim(), displayName: f.displayName.trim() });
      onCreated(user);
    });
  };
  const server = fieldErrors(error);
  return (
    <Dialog title={t('users.create')} onClose={onClose}>
      <form className="form-grid" onSubmit={submit} noValidate data-testid="create-user-form">
        <TextField name="username" label={t('field.username')} value={f.username} onChange={(e) => set('username', e.target.value)} error={local.username ?? server.username} autoComplete="off" spellCheck={false} />
        <TextField name="displayName" label={t('field.displayName')} value={f.displayName} onChange={(e) => set('displayName', e.target.value)} error={local.displayName ?? server.displayName} autoComplete="off" />
        <SelectField name="role" label={t('field.role')} value={f.role} onChange={(e) => set('role', e.target.value as Role)} error={server.role}
          options={(['attendant', 'supervisor', 'admin'] as const).map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        <SelectField name="secretKind" label={t('field.secretKind')} value={f.secretKind} onChange={(e) => set('secretKind', e.target.value as 'pin' | 'password')}
          options={[{ value: 'pin', label: t('users.kindPin') }, { value: 'password', label: t('users.kindPassword') }]} />
        <TextField name="secret" type="password" autoComplete="new-password" label={t(f.secretKind === 'pin' ? 'field.pin' : 'field.password')} value={f.secret}
          inputMode={f.secretKind === 'pin' ? 'numeric' : undefined} onChange={(e) => set('secret', e.target.value)} error={local.secret ?? server.secret} wide />
        <FormActions submit={t('users.createSubmit')} busy={busy} onCancel={onClose} />
      </form>
      <ErrorNotice error={Object.keys(server).length ? null : error} />
    </Dialog>
  );
}
