import type { ReactNode } from 'react';
import type { SpaceType } from '../../api';
import { useApp } from '../../app/context';
import { zoneName } from '../../app/names';
import { WallDateTimeField } from '../../components/DateTimeField';
import { SelectField } from '../../components/Field';
import { useI18n } from '../../i18n';

export const SPACE_TYPES: readonly SpaceType[] = ['regular', 'accessible', 'ev', 'motorcycle', 'vip', 'reserved'];

/** A booking's window as datetime-local values read in the site's zone (the fields say so in their hint). */
export function WindowFields({ startsAt, endsAt, onChange, errors }: { startsAt: string; endsAt: string; onChange(change: { startsAt?: string; endsAt?: string }): void; errors: Record<string, string | undefined> }): ReactNode {
  const { t, fmt } = useI18n();
  return (
    <>
      <WallDateTimeField name="book-starts" label={t('book.startsAt')} value={startsAt} onChange={(at) => onChange({ startsAt: at })} error={errors.startsAt} note={fmt.timeZone} />
      <WallDateTimeField name="book-ends" label={t('book.endsAt')} value={endsAt} onChange={(at) => onChange({ endsAt: at })} error={errors.endsAt} note={fmt.timeZone} />
    </>
  );
}

/** Zone and space type selects; `any` adds the "any zone / any type" choice (searching), else one is required (a booking). */
export function PlaceSelects({ zoneId, spaceType, onChange, any }: { zoneId: string; spaceType: string; onChange(change: { zoneId?: string; spaceType?: string }): void; any: boolean }): ReactNode {
  const { layout } = useApp();
  const { t } = useI18n();
  const zones = layout.zones.map((z) => ({ value: z.id, label: zoneName(layout, z.id) }));
  const types = SPACE_TYPES.map((s) => ({ value: s, label: t(`spaceType.${s}`) }));
  return (
    <>
      <SelectField name="book-zone" label={t('field.zone')} value={zoneId} onChange={(e) => onChange({ zoneId: e.target.value })} options={any ? [{ value: '', label: t('book.anyZone') }, ...zones] : zones} />
      <SelectField name="book-type" label={t('field.spaceType')} value={spaceType} onChange={(e) => onChange({ spaceType: e.target.value })} options={any ? [{ value: '', label: t('book.anyType') }, ...types] : types} />
    </>
  );
}
