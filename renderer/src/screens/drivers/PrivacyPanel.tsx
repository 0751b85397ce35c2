import { useState, type FormEvent, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCallAction } from '../../app/hooks';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FormActions } from '../../components/FormActions';
import { ReasonField } from '../../components/ReasonField';
import { useI18n } from '../../i18n';
import { reasonProblem } from '../../lib/reason';
import { saveFile } from '../../lib/save-file';
import { exportFileName, type DriverView } from './draft';
import { MergeDialog } from './MergeDialog';

/** Confirms an erasure with its reason; the kiosk refuses while a booking is open and says so. */
function EraseDialog({ driver, onClose, onErased }: { driver: DriverView; onClose(): void; onErased(driver: DriverView): void }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const { busy, error, run } = useCallAction();
  const erase = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const bad = reasonProblem(reason, t);
    setProblem(bad);
    if (bad || busy) return;
    await run(async () => onErased((await client.call('drivers.erase', { id: driver.id, reason: reason.trim() })).driver));
  };
  return (
    <Dialog title={t('driverPrivacy.eraseTitle', { name: driver.name ?? String(driver.id) })} onClose={onClose}>
      <form onSubmit={erase} noValidate className="form-grid" data-testid="erase-driver">
        <p className="field-wide notice notice-warn">{t('driverPrivacy.eraseWarn')}</p>
        <ReasonField value={reason} onChange={setReason} error={problem} presets="driver" />
        <ErrorNotice error={error} labels={{ reason: t('field.reason') }} />
        <FormActions submit={t('driverPrivacy.eraseConfirm')} busy={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

/** Export (a subject access request), erasure and merging two records of one person, for a supervisor; others read who may do it. */
export function PrivacyPanel({ driver, onErased, onMerged }: { driver: DriverView; onErased(driver: DriverView): void; onMerged(driver: DriverView, fromId: number): void }): ReactNode {
  const { client, can } = useApp();
  const { t } = useI18n();
  const [erasing, setErasing] = useState(false);
  const [merging, setMerging] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const { busy, error, run } = useCallAction();
  if (!can('supervisor')) return <p className="muted driver-section">{t('driverPrivacy.supervisorOnly')}</p>;
  const exportData = (): Promise<void> =>
    run(async () => {
      const { data } = await client.call('drivers.export', { id: driver.id });
      const name = exportFileName(driver.id, Date.now());
      saveFile(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }), name);
      setSaved(name);
    });
  return (
    <section className="driver-section" aria-labelledby="privacy-title" data-testid="driver-privacy">
      <h3 id="privacy-title">{t('driverPrivacy.title')}</h3>
      <div className="form-actions">
        <button type="button" className="btn" disabled={busy} onClick={() => void exportData()}>{t('driverPrivacy.export')}</button>
        {driver.erased || driver.mergedInto !== null ? null : <button type="button" className="btn" onClick={() => setMerging(true)}>{t('driverMerge.open')}</button>}
        {driver.erased ? null : <button type="button" className="btn btn-danger" onClick={() => setErasing(true)}>{t('driverPrivacy.erase')}</button>}
      </div>
      {saved ? <p className="muted" role="status" data-testid="driver-exported">{t('driverPrivacy.exported', { file: saved })}</p> : null}
      <ErrorNotice error={error} />
      {merging ? <MergeDialog driver={driver} onClose={() => setMerging(false)} onMerged={(d, fromId) => { setMerging(false); onMerged(d, fromId); }} /> : null}
      {erasing ? <EraseDialog driver={driver} onClose={() => setErasing(false)} onErased={(d) => { setErasing(false); onErased(d); }} /> : null}
    </section>
  );
}
