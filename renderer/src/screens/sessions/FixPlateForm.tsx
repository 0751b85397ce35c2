import { useState, type FormEvent, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCallAction } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { PlateField } from '../../components/PlateField';
import { useI18n } from '../../i18n';
import { previewPlateKey } from '../../lib/plate';
import { inlineEscape } from '../../lib/inline-escape';
import { reasonProblem } from '../../lib/reason';
import { ReasonField } from '../../components/ReasonField';

/**
 * Fixes a misread plate on a session (the car went through under the wrong plate). The kiosk keeps the fix as a
 * correction of the lane's reader and audits it; a plate already inside is refused there, with the session named.
 */
export function FixPlateForm({ sessionId, onCancel, onDone }: { sessionId: number; onCancel(): void; onDone(): void }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const [plate, setPlate] = useState('');
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string | undefined>>({});
  const { busy, error, run } = useCallAction();
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const problems = { plate: previewPlateKey(plate).ok ? undefined : t('validation.plateShape'), reason: reasonProblem(reason, t) };
    setLocal(problems);
    if (problems.plate || problems.reason || busy) return;
    await run(async () => {
      await client.call('sessions.fixPlate', { sessionId, plate: plate.trim(), reason: reason.trim() });
      onDone();
    });
  };
  const server = fieldErrors(error);
  return (
    <form className="inline-form fix-plate-form" onSubmit={submit} noValidate data-testid="fix-plate-form"
      onKeyDown={inlineEscape(plate.trim() !== '' || reason.trim() !== '', () => window.confirm(t('session.dropTyped')), onCancel)}>
      <p className="muted field-wide">{t('session.fixPlateHint')}</p>
      <PlateField name="fixed-plate" label={t('session.fixedPlate')} value={plate} onChange={(e) => setPlate(e.target.value)} error={local.plate ?? server.plate} autoFocus data-autofocus />
      <ReasonField value={reason} onChange={setReason} error={local.reason ?? server.reason} presets="plateFix" />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>{t('session.confirmFixPlate')}</button>
        <button type="button" className="btn" onClick={onCancel}>{t('action.cancel')}</button>
      </div>
      <ErrorNotice error={Object.keys(server).length ? null : error} labels={{ plate: t('field.plate'), reason: t('field.reason') }} />
    </form>
  );
}
