import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { isCallFailure } from '../../api';
import { useApp } from '../../app/context';
import { className } from '../../app/names';
import { useCallAction } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField, TextField } from '../../components/Field';
import { PlateField } from '../../components/PlateField';
import { fieldErrors } from '../../components/errors';
import { useI18n } from '../../i18n';
import { EMPTY_DRIVER, draftOf, fieldsOf, type DriverDraft, type DriverView } from './draft';

/** Name, phone, email, notes and SMS consent: the fields a new and a stored driver share. */
function PersonFields({ draft, set, errors }: { draft: DriverDraft; set(change: Partial<DriverDraft>): void; errors: Record<string, string> }): ReactNode {
  const { t } = useI18n();
  return (
    <>
      <TextField name="driver-name" label={t('driver.name')} value={draft.name} onChange={(e) => set({ name: e.target.value })} error={errors.name} autoComplete="off" />
      <TextField name="driver-phone" label={t('driver.phone')} value={draft.phone} onChange={(e) => set({ phone: e.target.value })} error={errors.phone} hint={t('driver.phoneHint')} autoComplete="off" inputMode="tel" />
      <TextField name="driver-email" label={t('driver.email')} value={draft.email} onChange={(e) => set({ email: e.target.value })} error={errors.email} autoComplete="off" type="email" />
      <TextField name="driver-notes" label={t('driver.notes')} value={draft.notes} onChange={(e) => set({ notes: e.target.value })} error={errors.notes} autoComplete="off" />
      <label className="check field-wide">
        <input type="checkbox" name="driver-sms" checked={draft.smsConsent} onChange={(e) => set({ smsConsent: e.target.checked })} /> {t('driver.smsConsent')}
      </label>
    </>
  );
}

/** Registers a driver with their first vehicle and, if asked, a wallet. Enter in any field registers. */
export function NewDriverForm({ onCreated, onCancel }: { onCreated(driver: DriverView): void; onCancel(): void }): ReactNode {
  const { client, layout } = useApp();
  const { t } = useI18n();
  const [draft, setDraft] = useState<DriverDraft>(EMPTY_DRIVER);
  const [plate, setPlate] = useState('');
  const [vehicleClass, setVehicleClass] = useState(layout.vehicleClasses[0]?.id ?? '');
  const [withWallet, setWithWallet] = useState(false);
  const { busy, error, run } = useCallAction();
  const errors = fieldErrors(error);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => formRef.current?.querySelector('input')?.focus(), []);
  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (busy) return;
    await run(async () => {
      const vehicles = plate.trim() ? [{ plate: plate.trim(), vehicleClass, make: '', colour: '' }] : [];
      const { driver } = await client.call('drivers.create', { ...fieldsOf(draft), vehicles, withWallet });
      onCreated(driver);
    });
  };
  return (
    <form ref={formRef} className="card driver-form" onSubmit={save} noValidate data-testid="new-driver">
      <h2 className="field-wide">{t('drivers.new')}</h2>
      <PersonFields draft={draft} set={(c) => setDraft((d) => ({ ...d, ...c }))} errors={errors} />
      <PlateField name="driver-plate" label={t('driver.firstPlate')} value={plate} onChange={(e) => setPlate(e.target.value)} error={errors['vehicles.0.plate'] ?? errors.vehicles} />
      <SelectField name="driver-class" label={t('driver.firstClass')} value={vehicleClass} onChange={(e) => setVehicleClass(e.target.value)} options={layout.vehicleClasses.map((c) => ({ value: c.id, label: className(layout, c.id) }))} />
      <label className="check field-wide">
        <input type="checkbox" name="driver-wallet" checked={withWallet} onChange={(e) => setWithWallet(e.target.checked)} /> {t('driver.withWallet')}
      </label>
      <ErrorNotice error={error} labels={{ name: t('driver.name'), phone: t('driver.phone'), email: t('driver.email'), vehicles: t('driver.firstPlate') }} />
      <div className="form-actions field-wide">
        <button type="submit" className="btn btn-primary" disabled={busy}>{t('driver.register')} <kbd>Enter</kbd></button>
        <button type="button" className="btn btn-quiet" onClick={onCancel}>{t('action.cancel')}</button>
      </div>
    </form>
  );
}

/**
 * Edits a stored driver against the version it was read at. When someone else saved meanwhile the kiosk refuses
 * (conflict): the attendant's typing stays in the form, the notice says what happened, and "Reload" fetches theirs.
 */
export function EditDriverForm({ driver, onSaved, onReload }: { driver: DriverView; onSaved(driver: DriverView): void; onReload(): void }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const [draft, setDraft] = useState<DriverDraft>(() => draftOf(driver));
  const { busy, error, run } = useCallAction();
  const conflict = isCallFailure(error) && error.code === 'conflict' && /changed by someone else/.test(error.message);
  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (busy) return;
    await run(async () => {
      const saved = await client.call('drivers.update', { id: driver.id, version: driver.version, ...fieldsOf(draft) });
      onSaved(saved.driver);
    });
  };
  return (
    <form className="driver-form" onSubmit={save} noValidate data-testid="edit-driver" data-version={driver.version}>
      <PersonFields draft={draft} set={(c) => setDraft((d) => ({ ...d, ...c }))} errors={fieldErrors(error)} />
      {conflict ? (
        <div className="notice notice-error field-wide" role="alert" data-testid="driver-conflict">
          <span className="notice-tag">{t('status.error')}</span>
          <div>
            <p>{t('driver.conflict')}</p>
            <button type="button" className="btn btn-small" onClick={onReload}>{t('driver.reload')}</button>
          </div>
        </div>
      ) : (
        <ErrorNotice error={error} labels={{ name: t('driver.name'), phone: t('driver.phone'), email: t('driver.email') }} />
      )}
      <div className="form-actions field-wide">
        <button type="submit" className="btn btn-primary" disabled={busy}>{t('driver.save')} <kbd>Enter</kbd></button>
      </div>
    </form>
  );
}
