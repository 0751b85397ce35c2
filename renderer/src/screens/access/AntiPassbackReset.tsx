import { useState, type FormEvent, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCallAction } from '../../app/hooks';
import { ErrorNotice, SuccessNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { PlateField } from '../../components/PlateField';
import { useI18n } from '../../i18n';
import { previewPlateKey } from '../../lib/plate';
import { reasonProblem } from '../../lib/reason';
import { ReasonField } from '../../components/ReasonField';

/** A supervisor forgets a plate's in/out state, for a car the lanes wrongly think is inside (or outside). */
export function AntiPassbackReset(): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const [plate, setPlate] = useState('');
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string | undefined>>({});
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useCallAction();

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const problems = { plate: previewPlateKey(plate).ok ? undefined : t('validation.plateShape'), reason: reasonProblem(reason, t) };
    setLocal(problems);
    setDone(null);
    if (problems.plate || problems.reason || busy) return;
    await run(async () => {
      await client.call('lanes.resetAntiPassback', { plate: plate.trim(), reason: reason.trim() });
      setDone(previewPlateKey(plate).key);
      setPlate('');
      setReason('');
    });
  };
  const server = fieldErrors(error);
  return (
    <form className="card" onSubmit={submit} noValidate data-testid="anti-passback">
      <h2>{t('access.apbTitle')}</h2>
      <p className="muted">{t('access.apbHint')}</p>
      <PlateField name="apb-plate" value={plate} onChange={(e) => setPlate(e.target.value)} error={local.plate ?? server.plate} />
      <ReasonField value={reason} onChange={setReason} error={local.reason ?? server.reason} presets="access" />
      <div className="form-actions">
        <button type="submit" className="btn" disabled={busy}>
          {t('access.apbDo')}
        </button>
      </div>
      {done ? <SuccessNotice>{t('access.apbDone', { plate: done })}</SuccessNotice> : <ErrorNotice error={Object.keys(server).length ? null : error} />}
    </form>
  );
}
