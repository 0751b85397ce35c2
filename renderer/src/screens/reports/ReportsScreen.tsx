import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import './reports.css';
import type { CallOutput } from '../../api';
import { useApp } from '../../app/context';
import { useCallAction, useLoad } from '../../app/hooks';
import { WallDateTimeField } from '../../components/DateTimeField';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField } from '../../components/Field';
import { useI18n, type MessageKey } from '../../i18n';
import { formatLocalWall } from '../../lib/local-datetime';
import { AnomaliesPanel } from './AnomaliesPanel';
import { ForecastPanel } from './ForecastPanel';
import { exportBlob, lastWeek, REPORT_NAMES, type ReportName } from './model';
import { MoneyView, OccupancyView, ReaderView, TrafficView } from './ReportViews';

/** A select does not submit its form on Enter by itself; here Enter shows the report from any field. */
const submitOnEnter = (e: KeyboardEvent<HTMLSelectElement>) => {
  if (e.key !== 'Enter') return;
  e.preventDefault();
  e.currentTarget.form?.requestSubmit();
};

type Shown =
  | { name: 'occupancy'; report: CallOutput<'reports.occupancy'> }
  | { name: 'traffic'; report: CallOutput<'reports.traffic'> }
  | { name: 'money'; report: CallOutput<'reports.money'> }
  | { name: 'reader'; report: CallOutput<'reports.reader'> };

async function load(client: ReturnType<typeof useApp>['client'], name: ReportName, range: { from: string; to: string }): Promise<Shown> {
  switch (name) {
    case 'occupancy':
      return { name, report: await client.call('reports.occupancy', range) };
    case 'traffic':
      return { name, report: await client.call('reports.traffic', range) };
    case 'money':
      return { name, report: await client.call('reports.money', range) };
    case 'reader':
      return { name, report: await client.call('reports.reader', range) };
  }
}

/**
 * Supervisor (Shift+F8): a report over local dates in the site's zone, charts with their tables, CSV and PDF
 * exports; the coming week's forecast; anomalies to acknowledge. Enter in the form shows the report and focus goes
 * to its heading; an export says what it saved.
 */
export function ReportsScreen(): ReactNode {
  const { client, route } = useApp();
  const { t, fmt } = useI18n();
  const [range, setRange] = useState(() => lastWeek(Date.now(), fmt.timeZone));
  const [name, setName] = useState<ReportName>('occupancy');
  const [shown, setShown] = useState<Shown | null>(null);
  const [saved, setSaved] = useState('');
  const { busy, error, run } = useCallAction();
  const forecast = useLoad(() => client.call('reports.forecast', {}), []);
  const first = useRef<HTMLSelectElement>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => first.current?.focus(), [route.focus]);
  // A report over years still computing when the supervisor leaves is stopped in the core, not left to finish.
  useEffect(() => () => void client.call('reports.cancel', {}).catch(() => undefined), [client]);

  const show = (e: FormEvent) => {
    e.preventDefault();
    setSaved('');
    void run(async () => {
      setShown(await load(client, name, range));
      requestAnimationFrame(() => resultHeading.current?.focus());
    });
  };
  const exportAs = (format: 'csv' | 'pdf') =>
    run(async () => {
      const file = await client.call('reports.export', { ...range, report: name, format });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(exportBlob(file.content, file.mimeType));
      link.download = file.fileName;
      link.click();
      URL.revokeObjectURL(link.href);
      setSaved(t('reports.exported', { file: file.fileName }));
    });

  return (
    <div className="reports">
      <div className="screen-head">
        <h1>{t('reports.title')}</h1>
      </div>
      <form className="panel report-form" onSubmit={show} data-testid="report-form">
        <SelectField ref={first} label={t('reports.report')} value={name} onChange={(e) => setName(e.target.value as ReportName)} onKeyDown={submitOnEnter} options={REPORT_NAMES.map((n) => ({ value: n, label: t(`reports.name.${n}` as MessageKey) }))} />
        <WallDateTimeField kind="date" label={t('reports.from')} name="report-from" value={range.from} onChange={(day) => setRange((r) => ({ ...r, from: day }))} />
        <WallDateTimeField kind="date" label={t('reports.to')} name="report-to" value={range.to} onChange={(day) => setRange((r) => ({ ...r, to: day }))} />
        <button type="submit" className="btn btn-primary" disabled={busy}>{t('reports.show')}</button>
        <button type="button" className="btn" disabled={busy} onClick={() => void exportAs('csv')}>{t('reports.exportCsv')}</button>
        <button type="button" className="btn" disabled={busy} onClick={() => void exportAs('pdf')}>{t('reports.exportPdf')}</button>
      </form>
      <p role="status" className="report-saved">{saved}</p>
      <ErrorNotice error={error} />
      <div className="reports-grid">
        <section className="panel report-result" aria-labelledby="report-title" data-testid="report-result">
          <h2 id="report-title" ref={resultHeading} tabIndex={-1}>
            {shown ? `${t(`reports.name.${shown.name}` as MessageKey)}: ${t('reports.range', { from: formatLocalWall(shown.report.range.from, fmt.locale), to: formatLocalWall(shown.report.range.to, fmt.locale), zone: shown.report.range.timeZone })}` : t('reports.title')}
          </h2>
          {shown?.report.range.notes.map((note) => <p key={note} className="hint">{note}</p>)}
          {shown ? <ReportBody shown={shown} /> : null}
        </section>
        {/* Busy while the forecast loads: the screen is not settled until it is there (or has failed). */}
        <div className="reports-side" aria-busy={forecast.loading}>
          <AnomaliesPanel />
          {forecast.data ? <ForecastPanel forecast={forecast.data} /> : <ErrorNotice error={forecast.error} />}
        </div>
      </div>
    </div>
  );
}

function ReportBody({ shown }: { shown: Shown }): ReactNode {
  switch (shown.name) {
    case 'occupancy':
      return <OccupancyView report={shown.report} />;
    case 'traffic':
      return <TrafficView report={shown.report} />;
    case 'money':
      return <MoneyView report={shown.report} />;
    case 'reader':
      return <ReaderView report={shown.report} />;
  }
}
