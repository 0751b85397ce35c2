import { useMemo, type ReactNode } from 'react';
import type { CallOutput } from '../../api';
import { Chart } from '../../components/Chart';
import { useI18n } from '../../i18n';
import { busiestPerDay } from './model';
import { DataTable } from './ReportViews';

type Zone = CallOutput<'reports.forecast'>['zones'][number];

/** The coming week per zone: cars inside expected hour by hour, shaded across its 80% interval. */
export function ForecastPanel({ forecast }: { forecast: CallOutput<'reports.forecast'> }): ReactNode {
  const { t } = useI18n();
  return (
    <section className="panel" aria-labelledby="forecast-title" data-testid="forecast">
      <h2 id="forecast-title">{t('reports.forecast')}</h2>
      <p className="hint">{t('reports.forecastHint', { weeks: forecast.weeksOfHistory })}</p>
      {forecast.zones.map((zone) => (
        <ZoneForecast key={zone.zoneId} zone={zone} />
      ))}
    </section>
  );
}

function ZoneForecast({ zone }: { zone: Zone }): ReactNode {
  const { t, fmt } = useI18n();
  const labels = useMemo(() => {
    const hourOfWeek = new Intl.DateTimeFormat(fmt.locale, { weekday: 'short', hour: '2-digit', timeZone: fmt.timeZone });
    return zone.hours.map((h) => hourOfWeek.format(h.at));
  }, [zone.hours, fmt]);
  const series = useMemo(
    () => [
      { label: t('reports.forecastLow'), values: zone.hours.map((h) => h.occupancy.low), color: '#8fb3e6' },
      { label: t('reports.forecastMean'), values: zone.hours.map((h) => h.occupancy.mean), color: '#1f5fbf' },
      { label: t('reports.forecastHigh'), values: zone.hours.map((h) => h.occupancy.high), color: '#8fb3e6' },
    ],
    [zone.hours, t],
  );
  const band = useMemo(() => [0, 2] as const, []);
  const days = busiestPerDay(zone.hours, fmt.timeZone);
  const round = (x: number) => fmt.number(Math.round(x));
  return (
    <Chart
      title={`${zone.name} (${t('reports.capacity')} ${fmt.number(zone.capacity)})`}
      testId={`forecast-${zone.zoneId}`}
      labels={labels}
      series={series}
      band={band}
      tableLabel={t('reports.asTable')}
      table={
        <DataTable
          columns={[{ label: t('reports.date') }, { label: t('reports.forecastDayPeak') }, { label: t('reports.forecastMean'), num: true }, { label: t('reports.forecastLow'), num: true }, { label: t('reports.forecastHigh'), num: true }]}
          rows={days.map((d) => [d.date, fmt.time(d.at), round(d.mean), round(d.low), round(d.high)])}
        />
      }
    />
  );
}
