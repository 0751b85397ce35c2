import type { ReactNode } from 'react';
import type { CallOutput } from '../../api';
import { useApp } from '../../app/context';
import { useLoad } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n';

const DAYS = 7;

type ReaderCalibration = NonNullable<CallOutput<'lanes.readerReport'>['calibration']>;

type LaneFigures = CallOutput<'lanes.readerReport'>['lanes'][number];
type LaneHistory = NonNullable<LaneFigures['history']>;

/** A table's row (the calibration's or the lane's) for a threshold as typed (a whole percent); undefined outside 50-99%. */
export function thresholdRow<Row extends { threshold: number }>(table: { thresholds: readonly Row[] }, threshold: number): Row | undefined {
  return table.thresholds.find((row) => Math.round(row.threshold * 100) === Math.round(threshold * 100));
}

/** Below this many reads the lane's own figures are said to be early: a few cars move them by whole percents. */
export const FEW_READS = 100;

/** The calibration's "wrong of those trusted" as wrong per 1,000 cars, the lane's own figures' measure. */
export const wrongPerThousandOf = (row: ReaderCalibration['thresholds'][number]): number => row.trusted * row.wrongOfTrusted * 1000;

/**
 * What the threshold buys, side by side: from the reader's calibration (photos) and from the lane's own cars over
 * the period (its reads, and those of them people corrected later), each with what it rests on.
 */
function ThresholdTable({ calibration, lane, threshold, days }: { calibration: ReaderCalibration | null; lane: LaneFigures; threshold: number | null; days: number }): ReactNode {
  const { t, fmt } = useI18n();
  if (threshold === null) return null;
  const fromCalibration = calibration && thresholdRow(calibration, threshold);
  const history: LaneHistory | null = lane.history;
  const fromLane = history && thresholdRow(history, threshold);
  const perThousand = (n: number): string => fmt.number(Math.round(n));
  return (
    <table className="threshold-table" data-testid="threshold-table">
      <caption>{t('reader.tableAt', { threshold: fmt.percent(threshold) })}</caption>
      <thead>
        <tr><th scope="col">{t('reader.tableFrom')}</th><th scope="col">{t('reader.tableTrusted')}</th><th scope="col">{t('reader.tableWrong')}</th><th scope="col">{t('reader.tableRestsOn')}</th></tr>
      </thead>
      <tbody>
        {calibration ? (
          <tr data-source="calibration">
            <th scope="row">{t('reader.fromCalibration')}</th>
            <td className="num">{fromCalibration ? fmt.percent(fromCalibration.trusted) : '—'}</td>
            <td className="num">{fromCalibration ? perThousand(wrongPerThousandOf(fromCalibration)) : '—'}</td>
            <td>{calibration.fittedOn}</td>
          </tr>
        ) : null}
        <tr data-source="lane">
          <th scope="row">{t('reader.fromLane', { days })}</th>
          {history ? (
            <>
              <td className="num">{fromLane ? fmt.percent(fromLane.trusted) : '—'}</td>
              <td className="num">{fromLane ? t('reader.foundWrong', { n: perThousand(fromLane.wrongPerThousand) }) : '—'}</td>
              <td className={history.reads < FEW_READS ? 'warn' : undefined}>{t(history.reads < FEW_READS ? 'reader.fewReads' : 'reader.reads', { n: fmt.number(history.reads) })}</td>
            </>
          ) : (
            <td colSpan={3}>{t(lane.direction === 'exit' ? 'reader.noHistoryExit' : 'reader.noHistory')}</td>
          )}
        </tr>
      </tbody>
    </table>
  );
}

/** "0.85" in words: of 100 cars, how many the lane would let through on the read alone, and how many of those wrongly. */
function ThresholdMeaning({ calibration, threshold }: { calibration: ReaderCalibration; threshold: number | null }): ReactNode {
  const { t, fmt } = useI18n();
  const row = threshold === null ? undefined : thresholdRow(calibration, threshold);
  return (
    <p className="threshold-meaning" data-testid="threshold-meaning" aria-live="polite">
      {row
        ? t('reader.meaning', { threshold: fmt.percent(row.threshold), trusted: Math.round(row.trusted * 100), wrong: Math.round(row.wrongOfTrusted * 100) })
        : t('reader.meaningOutside')}
      <span className="muted"> {t('reader.meaningSource', { source: calibration.fittedOn })}</span>
    </p>
  );
}

/**
 * What the lane's reader got wrong lately, beside the threshold it decides on: a supervisor raising or lowering
 * "how sure" sees how many reads people fixed, and how many of those the lane had trusted; and, above them, what the
 * threshold being typed means: from the reader's calibration, and from the lane's own reads and their corrections.
 */
export function ReaderFigures({ laneId, threshold }: { laneId: string; threshold: number | null }): ReactNode {
  const { client } = useApp();
  const { t, fmt } = useI18n();
  const report = useLoad(() => client.call('lanes.readerReport', { days: DAYS }), []);
  const lane = report.data?.lanes.find((l) => l.laneId === laneId);
  return (
    <section className="reader-figures" aria-labelledby={`reader-${laneId}`} data-testid="reader-figures">
      <h3 id={`reader-${laneId}`}>{t('reader.title', { days: DAYS })}</h3>
      <ErrorNotice error={report.error} />
      {report.data?.calibration ? <ThresholdMeaning calibration={report.data.calibration} threshold={threshold} /> : null}
      {lane ? <ThresholdTable calibration={report.data?.calibration ?? null} lane={lane} threshold={threshold} days={DAYS} /> : null}
      {lane ? (
        <dl className="dl dl-compact">
          <div className="dl-item"><dt>{t('reader.readRight')}</dt><dd data-testid="reader-read-right">{lane.readRight === null ? t('reader.noReads') : fmt.percent(lane.readRight)}</dd></div>
          <div className="dl-item"><dt>{t('reader.decisions')}</dt><dd>{lane.readDecisions}</dd></div>
          <div className="dl-item"><dt>{t('reader.correctedAtLane')}</dt><dd data-testid="reader-corrected-at-lane">{lane.correctedAtLane}</dd></div>
          <div className="dl-item"><dt>{t('reader.fixedOnSession')}</dt><dd data-testid="reader-fixed-on-session">{lane.fixedOnSession}</dd></div>
          <div className="dl-item">
            <dt>{t('reader.despiteSure', { percent: fmt.percent(lane.minConfidence) })}</dt>
            <dd className={lane.correctedDespiteSureRead > 0 ? 'warn' : undefined} data-testid="reader-despite-sure">{lane.correctedDespiteSureRead}</dd>
          </div>
        </dl>
      ) : null}
    </section>
  );
}
