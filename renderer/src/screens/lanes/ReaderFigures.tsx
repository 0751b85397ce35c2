import type { ReactNode } from 'react';
import type { CallOutput } from '../../api';
import { useApp } from '../../app/context';
import { useLoad } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n';

const DAYS = 7;

type ReaderCalibration = NonNullable<CallOutput<'lanes.readerReport'>['calibration']>;

/** The calibration's row for a threshold as typed (a whole percent), or undefined outside its 50-99% table. */
export function thresholdRow(calibration: ReaderCalibration, threshold: number): ReaderCalibration['thresholds'][number] | undefined {
  return calibration.thresholds.find((row) => Math.round(row.threshold * 100) === Math.round(threshold * 100));
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
 * threshold being typed means from the reader's calibration.
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
