import { useMemo, type ReactNode } from 'react';
import type { CallOutput } from '../../api';
import { Chart } from '../../components/Chart';
import { TableHead, type Column } from '../../components/TableHead';
import { useI18n } from '../../i18n';
import { heatLevel } from './model';

type Occupancy = CallOutput<'reports.occupancy'>;
type Traffic = CallOutput<'reports.traffic'>;
type Money = CallOutput<'reports.money'>;
type Reader = CallOutput<'reports.reader'>;

const COLORS = ['#1f5fbf', '#c0392b', '#2e8b57', '#8e44ad', '#d35400', '#555'];

/** A plain table from columns and rows of cells; figures right-aligned. */
export function DataTable({ columns, rows, testId }: { columns: readonly Column[]; rows: readonly (readonly ReactNode[])[]; testId?: string }): ReactNode {
  return (
    <table className="table report-table" data-testid={testId}>
      <TableHead columns={columns} />
      <tbody>
        {rows.map((cells, r) => (
          <tr key={r}>
            {cells.map((cell, c) => (
              <td key={c} className={columns[c]?.num ? 'num' : undefined}>
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function OccupancyView({ report }: { report: Occupancy }): ReactNode {
  const { t, fmt, duration } = useI18n();
  const { stays } = report;
  const binLabels = useMemo(() => stays.bins.map((b) => duration(b.fromMinutes)), [stays.bins, duration]);
  const binSeries = useMemo(() => [{ label: t('reports.staysCount'), values: stays.bins.map((b) => b.stays), color: COLORS[0]!, bars: true }], [stays.bins, t]);
  const minutes = (m: number | null) => (m === null ? '–' : duration(Math.round(m)));
  return (
    <>
      <DataTable
        testId="report-zones"
        columns={[{ label: t('reports.zone') }, { label: t('reports.capacity'), num: true }, { label: t('reports.peak'), num: true }, { label: t('reports.peakAt') }, { label: t('reports.average'), num: true }, { label: t('reports.hoursFull'), num: true }]}
        rows={report.zones.map((z) => [z.name, fmt.number(z.capacity), fmt.number(z.peak), z.peakAt === null ? '–' : fmt.dateTime(z.peakAt), fmt.number(Math.round(z.average * 10) / 10), fmt.number(z.hoursFull)])}
      />
      {report.zones.map((z) => (
        <HeatMap key={z.zoneId} zone={z} />
      ))}
      <Chart
        title={t('reports.stays')}
        testId="chart-stays"
        labels={binLabels}
        series={binSeries}
        tableLabel={t('reports.asTable')}
        table={<DataTable columns={[{ label: t('reports.staysFrom') }, { label: t('reports.staysCount'), num: true }]} rows={stays.bins.map((b, i) => [binLabels[i], fmt.number(b.stays)])} />}
      />
      <p>{t('reports.staysSummary', { total: fmt.number(stays.total), median: minutes(stays.medianMinutes), p90: minutes(stays.p90Minutes), overOneDay: fmt.number(stays.overOneDay) })}</p>
    </>
  );
}

/** Hour of day across, days down: a table whose cells are shaded by how full the zone was (the numbers stay readable). */
function HeatMap({ zone }: { zone: Occupancy['zones'][number] }): ReactNode {
  const { t, fmt } = useI18n();
  const hours = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));
  return (
    <div className="heat-wrap">
      <table className="heat" data-testid={`heat-${zone.zoneId}`}>
        <caption>{t('reports.heat', { zone: zone.name })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('reports.heatDay')}</th>
            {hours.map((h) => (
              <th key={h} scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {zone.heat.map((day) => (
            <tr key={day.date}>
              <th scope="row">{day.date.slice(5)}</th>
              {day.hours.map((v, h) => (
                <td key={h} className={`heat-${heatLevel(v, zone.capacity) ?? 'none'}`}>
                  {v === null ? '' : fmt.number(Math.round(v))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function TrafficView({ report }: { report: Traffic }): ReactNode {
  const { t, fmt } = useI18n();
  const labels = useMemo(() => report.byDay.map((d) => d.date.slice(5)), [report.byDay]);
  const series = useMemo(
    () => [
      { label: t('reports.entries'), values: report.byDay.map((d) => d.entries), color: COLORS[0]! },
      { label: t('reports.exits'), values: report.byDay.map((d) => d.exits), color: COLORS[1]! },
    ],
    [report.byDay, t],
  );
  const laneName = (id: string) => report.lanes.find((l) => l.laneId === id)?.name ?? (id || '–');
  return (
    <>
      <Chart
        title={t('reports.byDay')}
        testId="chart-traffic"
        labels={labels}
        series={series}
        tableLabel={t('reports.asTable')}
        table={<DataTable columns={[{ label: t('reports.date') }, { label: t('reports.entries'), num: true }, { label: t('reports.exits'), num: true }]} rows={report.byDay.map((d) => [d.date, fmt.number(d.entries), fmt.number(d.exits)])} />}
      />
      <DataTable testId="report-lanes" columns={[{ label: t('reports.lane') }, { label: t('reports.how') }, { label: t('reports.vehicles'), num: true }]} rows={report.lanes.map((l) => [l.name, l.direction, fmt.number(l.vehicles)])} />
      <h3>{t('reports.openings')}</h3>
      <DataTable
        columns={[{ label: t('reports.lane') }, { label: t('reports.how') }, { label: t('reports.reason') }, { label: t('reports.by') }, { label: t('reports.vehicles'), num: true }]}
        rows={report.openings.slice(0, 40).map((o) => [laneName(o.laneId), o.how, o.reason || '–', o.actor, fmt.number(o.vehicles)])}
      />
    </>
  );
}

export function MoneyView({ report }: { report: Money }): ReactNode {
  const { t, fmt } = useI18n();
  const money = (minor: number) => fmt.money(minor, report.currency);
  const labels = useMemo(() => report.byDay.map((d) => d.date.slice(5)), [report.byDay]);
  const series = useMemo(
    () => [
      { label: t('reports.taken'), values: report.byDay.map((d) => d.takenMinor / 100), color: COLORS[2]!, bars: true },
      { label: t('reports.refunded'), values: report.byDay.map((d) => d.refundedMinor / 100), color: COLORS[1]! },
    ],
    [report.byDay, t],
  );
  return (
    <>
      <DataTable
        testId="report-money-totals"
        columns={[{ label: t('reports.taken'), num: true }, { label: t('reports.refunded'), num: true }, { label: t('reports.net'), num: true }, { label: t('reports.payments'), num: true }]}
        rows={[[money(report.takenMinor), money(report.refundedMinor), money(report.netMinor), fmt.number(report.payments)]]}
      />
      <Chart
        title={t('reports.revenueByDay')}
        testId="chart-money"
        labels={labels}
        series={series}
        tableLabel={t('reports.asTable')}
        table={<DataTable columns={[{ label: t('reports.date') }, { label: t('reports.taken'), num: true }, { label: t('reports.refunded'), num: true }, { label: t('reports.payments'), num: true }]} rows={report.byDay.map((d) => [d.date, money(d.takenMinor), money(d.refundedMinor), fmt.number(d.payments)])} />}
      />
      <DataTable columns={[{ label: t('reports.method') }, { label: t('reports.taken'), num: true }, { label: t('reports.refunded'), num: true }, { label: t('reports.payments'), num: true }]} rows={report.byMethod.map((m) => [m.method, money(m.takenMinor), money(m.refundedMinor), fmt.number(m.payments)])} />
      {report.card.successRate !== null ? <p>{t('reports.cardSuccess', { rate: fmt.percent(report.card.successRate), attempts: fmt.number(report.card.attempts) })}</p> : null}
      <p>{t('reports.debts', { count: fmt.number(report.debts.openCount), amount: money(report.debts.openMinor) })}</p>
      <h3>{t('reports.shifts')}</h3>
      <DataTable
        columns={[{ label: t('reports.attendant') }, { label: t('reports.date') }, { label: t('reports.taken'), num: true }, { label: t('reports.variance'), num: true }]}
        rows={report.shifts.map((s) => [s.attendant, fmt.dateTime(s.openedAt), money(s.cashSalesMinor), s.varianceMinor === null ? '–' : money(s.varianceMinor)])}
      />
    </>
  );
}

export function ReaderView({ report }: { report: Reader }): ReactNode {
  const { t, fmt } = useI18n();
  const labels = useMemo(() => report.confidenceByDay.map((d) => d.date.slice(5)), [report.confidenceByDay]);
  const series = useMemo(() => report.lanes.map((l, i) => ({ label: l.name, values: report.confidenceByDay.map((d) => d.lanes[l.laneId] ?? null), color: COLORS[i % COLORS.length]! })), [report]);
  const confidence = (c: number | null | undefined) => (c === null || c === undefined ? '–' : c.toFixed(2));
  return (
    <>
      <DataTable
        testId="report-reader"
        columns={[{ label: t('reports.lane') }, { label: t('reports.reads'), num: true }, { label: t('reports.trusted'), num: true }, { label: t('reports.confirmed'), num: true }, { label: t('reports.corrected'), num: true }, { label: t('reports.correctedLater'), num: true }, { label: t('reports.confidence'), num: true }]}
        rows={report.lanes.map((l) => [l.name, fmt.number(l.reads), fmt.number(l.trusted), fmt.number(l.confirmed), fmt.number(l.correctedAtLane), fmt.number(l.correctedLater), confidence(l.meanConfidence)])}
      />
      <Chart
        title={t('reports.confidenceByDay')}
        testId="chart-reader"
        labels={labels}
        series={series}
        tableLabel={t('reports.asTable')}
        table={<DataTable columns={[{ label: t('reports.date') }, ...report.lanes.map((l) => ({ label: l.name, num: true }))]} rows={report.confidenceByDay.map((d) => [d.date, ...report.lanes.map((l) => confidence(d.lanes[l.laneId]))])} />}
      />
    </>
  );
}
