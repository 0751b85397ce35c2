import type { ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useLoad } from '../../app/hooks';
import { useI18n } from '../../i18n';

/**
 * Beside a lane's region of interest, what its reader takes for a plate: the site's plate regions and home country,
 * which are set for the whole site in Site settings.
 */
export function SitePlates(): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const settings = useLoad(async () => (await client.call('settings.get', {})).settings, []);
  if (!settings.data) return null;
  const { plateRegions, plateHomeCountry } = settings.data;
  const regions = plateRegions.map((region) => t(`settings.plateRegion.${region}`)).join('; ');
  const home = plateHomeCountry ? t(`settings.plateHomeCountry.${plateHomeCountry}`) : t('devices.plates.noHome');
  return <p className="field-hint" data-testid="lane-plates">{t('devices.plates', { regions, home })}</p>;
}
