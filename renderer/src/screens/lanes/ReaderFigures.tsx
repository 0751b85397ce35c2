import type { ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useLoad } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n';

const DAYS = 7;

/**
 * What the lane's reader got wrong lately, beside the threshold it decides on: a supervisor raising or lowering
 * "how sure" sees how many reads people fixed, and how many of those the lane had trusted.
 */
export function ReaderFigures({ laneId }: { laneId: string }): ReactNode {
  const { client } = useApp();
  const { t, fmt } = useI18n();
  const report = useLoad(() => client.call('lanes.readerReport', { days: DAYS }), []);
  const lane = report.data?.lanes.find((l) => l.laneId === laneId);
  return (
    <section className="reader-figures" aria-labelledby={`reader-${laneId}`} data-testid="reader-figures">
      <h3 id={`reader-${laneId}`}>{t('reader.title', { days: DAYS })}</h3>
      <ErrorNotice error={report.error} />
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
