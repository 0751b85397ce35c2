import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { Session, SpaceType } from '../../api';
import { useApp } from '../../app/context';
import { useCallAction } from '../../app/hooks';
import { zoneName } from '../../app/names';
import { ErrorNotice, SuccessNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { SelectField } from '../../components/Field';
import { PlateBadge } from '../../components/PlateBadge';
import { PlateField } from '../../components/PlateField';
import { useI18n } from '../../i18n';
import { previewPlateKey } from '../../lib/plate';
import { reasonProblem } from '../../lib/reason';
import { ReasonField } from '../../components/ReasonField';

/**
 * Opens a session by hand (camera could not read, barrier lifted by hand...). After a success the plate and
 * reason clear and focus returns to the plate for the next car; zone, class and lane stay as they were.
 */
export function ManualEntryScreen(): ReactNode {
  const { client, layout, route, navigate } = useApp();
  const { t, fmt } = useI18n();
  const plateRef = useRef<HTMLInputElement>(null);
  const [plate, setPlate] = useState('');
  const [zoneId, setZoneId] = useState(layout.zones[0]?.id ?? '');
  const [vehicleClass, setVehicleClass] = useState(layout.vehicleClasses[0]?.id ?? '');
  const [spaceType, setSpaceType] = useState<SpaceType>('regular');
  const [laneId, setLaneId] = useState('');
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [done, setDone] = useState<Session | null>(null);
  const { busy, error, run, clearError } = useCallAction();

  useEffect(() => plateRef.current?.focus(), [route.focus]);
  const zone = layout.zones.find((z) => z.id === zoneId);
  const spaceTypes = useMemo(
    () => (Object.entries(zone?.spaces ?? {}) as [SpaceType, number][]).filter(([, n]) => n > 0).map(([k]) => k),
    [zone],
  );
  useEffect(() => {
    if (spaceTypes.length && !spaceTypes.includes(spaceType)) setSpaceType(spaceTypes[0] ?? 'regular');
  }, [spaceTypes, spaceType]);
  const lanes = layout.lanes.filter((l) => l.direction === 'entry');
  const preview = previewPlateKey(plate);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (busy) return;
    const v: Record<string, string> = {};
    if (!plate.trim()) v.plate = t('validation.plateRequired');
    else if (!preview.ok) v.plate = t('validation.plateShape');
    const badReason = reasonProblem(reason, t);
    if (badReason) v.reason = badReason;
    setLocal(v);
    clearError();
    if (Object.keys(v).length) {
      if (v.plate) plateRef.current?.focus();
      return;
    }
    await run(
      async () => {
        const { session } = await client.call('sessions.manualEntry', {
          plate: plate.trim(),
          laneId: laneId || null,
          zoneId,
          vehicleClass,
          spaceType,
          reason: reason.trim(),
        });
        setDone(session);
        setPlate('');
        setReason('');
        plateRef.current?.focus();
      },
      () => setDone(null),
    );
  };

  const server = fieldErrors(error);
  const labels = { plate: t('field.plate'), zoneId: t('field.zone'), vehicleClass: t('field.vehicleClass'), spaceType: t('field.spaceType'), laneId: t('field.lane'), reason: t('field.reason') };
  return (
    <div className="form-screen">
      <h1>{t('nav.entry')}</h1>
      <form className="card form-grid entry-grid" onSubmit={submit} noValidate data-testid="manual-entry-form">
        <PlateField
          ref={plateRef}
          name="plate"
          value={plate}
          onChange={(e) => setPlate(e.target.value)}
          error={local.plate ?? server.plate}
          hint={
            plate && preview.key ? (
              <>
                {t('entry.keyPreview')} <PlateBadge plate={preview.key} size="sm" />
              </>
            ) : (
              t('entry.plateHint')
            )
          }
          wide
        />
        <SelectField name="zone" label={t('field.zone')} value={zoneId} onChange={(e) => setZoneId(e.target.value)} error={server.zoneId}
          options={layout.zones.map((z) => ({ value: z.id, label: zoneName(layout, z.id) }))} />
        <SelectField name="vehicleClass" label={t('field.vehicleClass')} value={vehicleClass} onChange={(e) => setVehicleClass(e.target.value)} error={server.vehicleClass}
          options={layout.vehicleClasses.map((c) => ({ value: c.id, label: c.name }))} />
        <SelectField name="spaceType" label={t('field.spaceType')} value={spaceType} onChange={(e) => setSpaceType(e.target.value as SpaceType)} error={server.spaceType}
          options={spaceTypes.map((s) => ({ value: s, label: t(`spaceType.${s}`) }))} />
        <SelectField name="lane" label={t('field.lane')} value={laneId} onChange={(e) => setLaneId(e.target.value)} error={server.laneId}
          options={[{ value: '', label: t('entry.noLane') }, ...lanes.map((l) => ({ value: l.id, label: l.name }))]} />
        <ReasonField value={reason} onChange={setReason} error={local.reason ?? server.reason} presets="entry" />
        <div className="form-actions field-wide">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('entry.submit')} <kbd>Enter</kbd>
          </button>
        </div>
      </form>
      <div className="form-result">
        {done ? (
          <SuccessNotice>
            <span data-testid="entry-done">
              {t('entry.done', { zone: zoneName(layout, done.zoneId), time: fmt.time(done.entryAt) })}{' '}
              <PlateBadge plate={done.plateRaw} size="sm" />{' '}
              <button type="button" className="link" onClick={() => navigate({ screen: 'sessions', sessionId: done.id })}>
                {t('entry.openSession')}
              </button>
            </span>
          </SuccessNotice>
        ) : (
          <ErrorNotice error={Object.keys(server).length ? null : error} labels={labels} />
        )}
      </div>
    </div>
  );
}
