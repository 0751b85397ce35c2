import type { ReactNode } from 'react';
import { useApp } from '../../app/context';
import { zoneName } from '../../app/names';
import { WallDateTimeField } from '../../components/DateTimeField';
import { SelectField, TextField } from '../../components/Field';
import { useI18n, type T } from '../../i18n';
import type { Draft, DraftProblems } from './draft';

export interface FieldsProps {
  readonly draft: Draft;
  set(change: Partial<Draft>): void;
  /** Field name -> message already in words (the draft's own checks, then the kiosk's). */
  readonly errors: Readonly<Record<string, string | undefined>>;
}

export function problemTexts(problems: DraftProblems, t: T): Record<string, string> {
  return Object.fromEntries(Object.entries(problems).map(([field, key]) => [field, t(key)]));
}

function ZonePicker({ draft, set }: Omit<FieldsProps, 'errors'>): ReactNode {
  const { layout } = useApp();
  const { t } = useI18n();
  const toggle = (id: string): void => set({ zones: draft.zones.includes(id) ? draft.zones.filter((z) => z !== id) : [...draft.zones, id] });
  return (
    <fieldset className="field field-wide access-zones">
      <legend>{t('access.zones')}</legend>
      {layout.zones.map((zone) => (
        <label key={zone.id}>
          <input type="checkbox" checked={draft.zones.includes(zone.id)} onChange={() => toggle(zone.id)} /> {zoneName(layout, zone.id)}
        </label>
      ))}
      <span className="field-hint">{t('access.zonesHint')}</span>
    </fieldset>
  );
}

export function PermitFields({ draft, set, errors }: FieldsProps): ReactNode {
  const { t } = useI18n();
  return (
    <>
      <TextField name="holder" label={t('access.holder')} value={draft.holder} onChange={(e) => set({ holder: e.target.value })} error={errors.holder} wide />
      <SelectField
        name="permitKind"
        label={t('access.permitKind')}
        value={draft.permitKind}
        onChange={(e) => set({ permitKind: e.target.value as Draft['permitKind'] })}
        options={(['monthly', 'contract'] as const).map((k) => ({ value: k, label: t(`access.permitKind.${k}`) }))}
      />
      <WallDateTimeField kind="date" name="validFrom" label={t('access.validFrom')} value={draft.validFrom} onChange={(day) => set({ validFrom: day })} error={errors.validFrom} />
      <WallDateTimeField kind="date" name="validUntil" label={t('access.validUntil')} value={draft.validUntil} onChange={(day) => set({ validUntil: day })} error={errors.validUntil} />
      <TextField name="maxInside" inputMode="numeric" label={t('access.maxInside')} value={draft.maxInside} onChange={(e) => set({ maxInside: e.target.value.trim() })} error={errors.maxInside} />
      <ZonePicker draft={draft} set={set} />
      <TextField name="hours" label={t('access.hours')} value={draft.hours} onChange={(e) => set({ hours: e.target.value })} error={errors.hours} hint={t('access.hoursHint')} wide />
      <TextField name="note" label={t('access.note')} value={draft.note} onChange={(e) => set({ note: e.target.value })} error={errors.note} wide />
    </>
  );
}

export function ListFields({ draft, set, errors }: FieldsProps): ReactNode {
  const { t } = useI18n();
  return (
    <>
      <WallDateTimeField name="expiresAt" label={t('access.expiresAt')} value={draft.expiresAt} onChange={(at) => set({ expiresAt: at })} error={errors.expiresAt} note={t('access.expiresHint')} />
      {draft.kind === 'deny' ? (
        <SelectField
          name="onMatch"
          label={t('access.onMatch')}
          value={draft.onMatch}
          onChange={(e) => set({ onMatch: e.target.value as Draft['onMatch'] })}
          options={(['refuse', 'review'] as const).map((m) => ({ value: m, label: t(`access.onMatch.${m}`) }))}
        />
      ) : null}
      <TextField name="note" label={t('access.note')} value={draft.note} onChange={(e) => set({ note: e.target.value })} error={errors.note} wide />
    </>
  );
}

export function ReservationFields({ draft, set, errors }: FieldsProps): ReactNode {
  const { layout } = useApp();
  const { t } = useI18n();
  return (
    <>
      <SelectField
        name="zoneId"
        label={t('access.zone')}
        value={draft.zoneId}
        onChange={(e) => set({ zoneId: e.target.value })}
        options={[{ value: '', label: t('access.allZones') }, ...layout.zones.map((z) => ({ value: z.id, label: zoneName(layout, z.id) }))]}
      />
      <WallDateTimeField name="arriveFrom" label={t('access.arriveFrom')} value={draft.arriveFrom} onChange={(at) => set({ arriveFrom: at })} error={errors.arriveFrom} />
      <WallDateTimeField name="arriveUntil" label={t('access.arriveUntil')} value={draft.arriveUntil} onChange={(at) => set({ arriveUntil: at })} error={errors.arriveUntil} />
    </>
  );
}
