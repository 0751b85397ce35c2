import type { ReactNode } from 'react';
import { useI18n } from '../../i18n';
import { PLATE_REGION_ORDER, type PlateRegion } from './draft';

/**
 * Which countries' plates the site's cameras see: one box per region the reader knows. The reader ranks and
 * corrects reads by these regions' formats, so a site ticks only the plates it expects.
 */
export function PlateRegionsField({ value, onChange, error }: { value: readonly PlateRegion[]; onChange(regions: PlateRegion[]): void; error: string | undefined }): ReactNode {
  const { t } = useI18n();
  const toggle = (region: PlateRegion, on: boolean): void => onChange(PLATE_REGION_ORDER.filter((r) => (r === region ? on : value.includes(r))));
  return (
    <fieldset className={`field field-wide plate-regions${error ? ' field-invalid' : ''}`} aria-describedby="plate-regions-note">
      <legend>{t('settings.plateRegions')}</legend>
      <div className="plate-region-boxes">
        {PLATE_REGION_ORDER.map((region) => (
          <label key={region} className="plate-region">
            <input type="checkbox" checked={value.includes(region)} onChange={(e) => toggle(region, e.target.checked)} />
            {t(`settings.plateRegion.${region}`)}
          </label>
        ))}
      </div>
      {error ? <span className="field-error" role="alert">{error}</span> : <span className="field-hint" id="plate-regions-note">{t('settings.plateRegionsHint')}</span>}
    </fieldset>
  );
}
