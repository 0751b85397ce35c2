import type { ReactNode } from 'react';
import { SelectField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { PLATE_HOME_COUNTRY_ORDER, PLATE_REGION_ORDER, type PlateHomeCountry, type PlateRegion } from './draft';

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

/** The country most of the site's cars come from: its layouts settle a doubtful character before a visitor's do. */
export function PlateHomeCountryField({ value, onChange, error }: { value: PlateHomeCountry | ''; onChange(country: PlateHomeCountry | ''): void; error: string | undefined }): ReactNode {
  const { t } = useI18n();
  const options = [{ value: '', label: t('settings.plateHomeCountry.none') }, ...PLATE_HOME_COUNTRY_ORDER.map((country) => ({ value: country, label: t(`settings.plateHomeCountry.${country}`) }))];
  return (
    <SelectField label={t('settings.plateHomeCountry')} hint={t('settings.plateHomeCountryHint')} options={options} value={value} error={error} wide
      onChange={(e) => onChange(e.target.value as PlateHomeCountry | '')} />
  );
}
