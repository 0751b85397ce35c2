import type { ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCoalesced, useKioskEvent, useLoad } from '../../app/hooks';
import { useI18n } from '../../i18n';
import { minutesUntilFull } from '../../lib/fill';

/**
 * When each zone is expected to fill today, from the demand forecast: "full in about 40 min", or that it is not
 * expected to fill. Asked again as the lot changes (at most once a minute: the forecast moves by the hour).
 */
export function FillForecast({ now }: { now: number }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const fill = useLoad(() => client.call('reports.fillToday', {}), []);
  const reload = useCoalesced(fill.reload, 60_000);
  useKioskEvent('lot.changed', reload);
  const filling = (fill.data?.zones ?? []).flatMap((z) => {
    const minutes = minutesUntilFull(z.fullFromToday, now);
    return minutes === null ? [] : [{ zone: z.name, minutes }];
  });
  return (
    <div className="kpi kpi-fill" data-testid="kpi-fill">
      <span className="kpi-label">{t('dashboard.fill')}</span>
      <span className="kpi-value kpi-text">
        {!fill.data
          ? '–'
          : filling.length === 0
            ? t('dashboard.fillNone')
            : filling.map((f) => <span key={f.zone} className="fill-zone">{f.minutes === 0 ? t('dashboard.fillNow', { zone: f.zone }) : t('dashboard.fillAt', { zone: f.zone, minutes: f.minutes })}</span>)}
      </span>
    </div>
  );
}
