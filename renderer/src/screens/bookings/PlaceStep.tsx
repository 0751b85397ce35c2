import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { CallOutput, SpaceType } from '../../api';
import { useApp } from '../../app/context';
import { className, zoneName } from '../../app/names';
import { useCallAction } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField } from '../../components/Field';
import { PlateField } from '../../components/PlateField';
import { useI18n } from '../../i18n';
import { zonedInputToEpoch } from '../../i18n/format';
import type { BookingDriver } from './DriverStep';
import { PlaceSelects, WindowFields } from './PlaceFields';
import { defaultWindow } from './window';

type Option = CallOutput<'bookings.search'>['options'][number];

export interface PlaceChoice {
  readonly plate: string;
  readonly vehicleClass: string;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly zoneId: string;
  readonly spaceType: SpaceType;
  readonly spaceId: number | null;
  readonly priceMinor: number;
  readonly currency: string;
}

/**
 * Step 2: the plate (one of the driver's vehicles, or typed), the window in the site's zone and optional filters;
 * Enter finds the places the site may still sell, quoted by the tariff. The places are a radio group: the arrow
 * keys move, Enter takes the picked one to the payment.
 */
export function PlaceStep({ driver, onChosen }: { driver: BookingDriver; onChosen(choice: PlaceChoice): void }): ReactNode {
  const { client, layout } = useApp();
  const { t, fmt } = useI18n();
  const first = driver.vehicles[0];
  const [plate, setPlate] = useState(first?.plateRaw ?? '');
  const [vehicleClass, setVehicleClass] = useState(first?.vehicleClass ?? layout.vehicleClasses[0]?.id ?? '');
  const [window, setWindow] = useState(() => defaultWindow(Date.now(), fmt.timeZone));
  const [filter, setFilter] = useState({ zoneId: '', spaceType: '' });
  const [found, setFound] = useState<(CallOutput<'bookings.search'> & { startsAt: number; endsAt: number }) | null>(null);
  const [picked, setPicked] = useState(0);
  const [local, setLocal] = useState<Record<string, string | undefined>>({});
  const { busy, error, run } = useCallAction();
  const formRef = useRef<HTMLFormElement>(null);
  const optionsRef = useRef<HTMLFieldSetElement>(null);
  useEffect(() => formRef.current?.querySelector<HTMLInputElement>('input[name="book-starts"]')?.focus(), []);
  useEffect(() => optionsRef.current?.querySelector<HTMLInputElement>('input:checked')?.focus(), [found]);

  const choosePlate = (typed: string): void => {
    setPlate(typed);
    const known = driver.vehicles.find((v) => v.plateRaw === typed);
    if (known) setVehicleClass(known.vehicleClass);
  };
  const search = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const startsAt = zonedInputToEpoch(window.startsAt, fmt.timeZone);
    const endsAt = zonedInputToEpoch(window.endsAt, fmt.timeZone);
    const problems = { startsAt: startsAt === null ? t('book.badTime') : undefined, endsAt: endsAt === null ? t('book.badTime') : undefined, plate: plate.trim() ? undefined : t('validation.plateRequired') };
    setLocal(problems);
    if (startsAt === null || endsAt === null || problems.plate || busy) return;
    await run(async () => {
      const answer = await client.call('bookings.search', { startsAt, endsAt, vehicleClass, ...(filter.zoneId ? { zoneId: filter.zoneId } : {}), ...(filter.spaceType ? { spaceType: filter.spaceType as SpaceType } : {}) });
      setPicked(0);
      setFound({ ...answer, startsAt, endsAt });
    });
  };
  const choose = (e: FormEvent): void => {
    e.preventDefault();
    const option: Option | undefined = found?.options[picked];
    if (!found || !option) return;
    onChosen({ plate: plate.trim(), vehicleClass, startsAt: found.startsAt, endsAt: found.endsAt, zoneId: option.zoneId, spaceType: option.spaceType, spaceId: option.nearestSpace?.id ?? null, priceMinor: found.priceMinor, currency: found.currency });
  };
  return (
    <section className="book-step" aria-labelledby="step-place" data-testid="book-place">
      <h3 id="step-place">{t('book.step.place')}</h3>
      <form ref={formRef} className="book-grid" onSubmit={search} noValidate>
        <PlateField name="book-plate" value={plate} onChange={(e) => choosePlate(e.target.value)} error={local.plate} list="driver-plates" />
        <datalist id="driver-plates">{driver.vehicles.map((v) => <option key={v.id} value={v.plateRaw} />)}</datalist>
        <SelectField name="book-class" label={t('field.vehicleClass')} value={vehicleClass} onChange={(e) => setVehicleClass(e.target.value)} options={layout.vehicleClasses.map((c) => ({ value: c.id, label: className(layout, c.id) }))} />
        <WindowFields {...window} onChange={(c) => setWindow((w) => ({ ...w, ...c }))} errors={local} />
        <PlaceSelects {...filter} onChange={(c) => setFilter((f) => ({ ...f, ...c }))} any />
        <div className="form-actions field-wide">
          <button type="submit" className="btn" disabled={busy}>{t('book.find')} <kbd>Enter</kbd></button>
        </div>
      </form>
      <ErrorNotice error={error} labels={{ startsAt: t('book.startsAt'), endsAt: t('book.endsAt'), plate: t('field.plate') }} />
      {found ? (
        <form onSubmit={choose} data-testid="book-options">
          <p className="book-price" role="status">{t('book.price', { amount: fmt.money(found.priceMinor, found.currency) })}</p>
          {found.options.length === 0 ? (
            <p className="notice notice-info">{t('book.noPlace')}</p>
          ) : (
            <>
              <fieldset ref={optionsRef} className="candidates">
                {found.options.map((o, i) => (
                  <label key={`${o.zoneId}:${o.spaceType}`} className={`candidate${picked === i ? ' candidate-picked' : ''}`} data-option={`${o.zoneId}:${o.spaceType}`}>
                    <input type="radio" name="book-option" checked={picked === i} onChange={() => setPicked(i)} />
                    <b>{t('book.option', { zone: zoneName(layout, o.zoneId), type: t(`spaceType.${o.spaceType}`), free: o.free })}</b>
                    {o.nearestSpace ? <span className="candidate-meta">{t('book.optionSpace', { label: o.nearestSpace.label })}</span> : null}
                  </label>
                ))}
              </fieldset>
              <button type="submit" className="btn btn-primary">{t('book.step.pay')} <kbd>Enter</kbd></button>
            </>
          )}
        </form>
      ) : null}
    </section>
  );
}
