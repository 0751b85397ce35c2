import { useState, type FormEvent, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { className } from '../../app/names';
import { useCallAction } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField, TextField } from '../../components/Field';
import { PlateBadge } from '../../components/PlateBadge';
import { PlateField } from '../../components/PlateField';
import { fieldErrors } from '../../components/errors';
import { useI18n } from '../../i18n';
import type { DriverView } from './draft';

/** The driver's vehicles: each with a remove button, and a form that adds one (Enter adds; focus stays on the plate). */
export function VehiclesPanel({ driver, onChanged }: { driver: DriverView; onChanged(message: string): void }): ReactNode {
  const { client, layout } = useApp();
  const { t } = useI18n();
  const [plate, setPlate] = useState('');
  const [vehicleClass, setVehicleClass] = useState(layout.vehicleClasses[0]?.id ?? '');
  const [make, setMake] = useState('');
  const [colour, setColour] = useState('');
  const { busy, error, run } = useCallAction();
  const live = !driver.erased && driver.mergedInto === null;
  const add = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (busy) return;
    await run(async () => {
      await client.call('drivers.addVehicle', { driverId: driver.id, plate: plate.trim(), vehicleClass, make, colour });
      onChanged(t('vehicles.added', { plate: plate.trim() }));
      setPlate('');
      setMake('');
      setColour('');
    });
  };
  const remove = (vehicleId: number, shown: string): Promise<void> =>
    run(async () => {
      await client.call('drivers.removeVehicle', { driverId: driver.id, vehicleId });
      onChanged(t('vehicles.removed', { plate: shown }));
    });
  const errors = fieldErrors(error);
  return (
    <section className="driver-section" aria-labelledby="vehicles-title" data-testid="driver-vehicles">
      <h3 id="vehicles-title">{t('vehicles.title')}</h3>
      {driver.vehicles.length === 0 ? <p className="muted">{t('vehicles.none')}</p> : null}
      <ul className="vehicle-list">
        {driver.vehicles.map((v) => (
          <li key={v.id} data-vehicle={v.plateKey}>
            <PlateBadge plate={v.plateRaw} size="sm" /> <span>{className(layout, v.vehicleClass)}</span> <span className="muted">{[v.make, v.colour].filter(Boolean).join(', ')}</span>
            {live ? <button type="button" className="btn btn-small btn-quiet" disabled={busy} aria-label={t('vehicles.removeOf', { plate: v.plateRaw })} onClick={() => void remove(v.id, v.plateRaw)}>{t('action.remove')}</button> : null}
          </li>
        ))}
      </ul>
      {live ? (
        <form className="vehicle-form" onSubmit={add} noValidate data-testid="add-vehicle">
          <PlateField name="vehicle-plate" value={plate} onChange={(e) => setPlate(e.target.value)} error={errors.plate} />
          <SelectField name="vehicle-class" label={t('field.vehicleClass')} value={vehicleClass} onChange={(e) => setVehicleClass(e.target.value)} options={layout.vehicleClasses.map((c) => ({ value: c.id, label: className(layout, c.id) }))} />
          <TextField name="vehicle-make" label={t('vehicles.make')} value={make} onChange={(e) => setMake(e.target.value)} autoComplete="off" />
          <TextField name="vehicle-colour" label={t('vehicles.colour')} value={colour} onChange={(e) => setColour(e.target.value)} autoComplete="off" />
          <button type="submit" className="btn" disabled={busy}>{t('vehicles.add')}</button>
        </form>
      ) : null}
      <ErrorNotice error={error} labels={{ plate: t('field.plate') }} />
    </section>
  );
}
