import type { ReactNode } from 'react';
import type { LaneAction, LaneView } from '../../api/lane-types';
import { useApp } from '../../app/context';
import { useI18n } from '../../i18n';
import { SUPERVISOR_ACTIONS } from '../../lib/lane-model';

/** The barrier and lane buttons that make sense now; what the role may not do is not offered (the core refuses it anyway). */
function actionsFor(lane: LaneView, supervisor: boolean): LaneAction[] {
  const closed = lane.phase === 'closed';
  const actions: LaneAction[] = closed ? ['open_lane'] : ['open', 'close_barrier', 'hold_open', 'close_lane'];
  return actions.filter((a) => supervisor || !SUPERVISOR_ACTIONS.has(a));
}

export function LaneControls({ lane, onAction, onMode, onSchedule }: { lane: LaneView; onAction(action: LaneAction): void; onMode(): void; onSchedule(): void }): ReactNode {
  const { can } = useApp();
  const { t } = useI18n();
  const supervisor = can('supervisor');
  return (
    <div className="lane-controls" role="group" aria-label={t('laneAction.controls')}>
      {actionsFor(lane, supervisor).map((action) => (
        <button key={action} type="button" className={`btn btn-small${action === 'open' ? ' btn-primary' : ''}`} data-action={action} onClick={() => onAction(action)}>
          {t(`laneAction.${action}`)}
        </button>
      ))}
      {supervisor ? (
        <>
          <button type="button" className="btn btn-small" data-action="setMode" onClick={onMode}>
            {t('mode.button')}
          </button>
          <button type="button" className="btn btn-small" data-action="schedule" onClick={onSchedule}>
            {t('schedule.button')}
          </button>
        </>
      ) : null}
    </div>
  );
}
