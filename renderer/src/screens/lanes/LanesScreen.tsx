import { useState, type ReactNode } from 'react';
import type { LaneView } from '../../api/lane-types';
import { useNow } from '../../app/hooks';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n';
import { AttendantQueue } from './AttendantQueue';
import { useLanes } from './hooks';
import { LaneActionDialog, type PendingAction } from './LaneActionDialog';
import { LanePicture } from './LanePicture';
import { LaneTile } from './LaneTile';
import { ModeDialog } from './ModeDialog';
import { ScheduleDialog } from './ScheduleDialog';
import { attendantQueue } from '../../lib/lane-model';
import './lanes.css';

/**
 * The lanes (F11): the attendant queue on the left, a tile per lane on the right. Its own screen rather than part
 * of the dashboard: a tile needs room for the camera picture and a plate readable from a step back, and the queue
 * needs the keyboard to itself; the dashboard is already full at 1366x768. The clock drives the waiting times and
 * the "still reading" entries; everything else comes from `lanes.changed`.
 */
export function LanesScreen(): ReactNode {
  const { t } = useI18n();
  const now = useNow(1000);
  const lanes = useLanes();
  const [pending, setPending] = useState<PendingAction | null>(null);
  const [modeOf, setModeOf] = useState<LaneView | null>(null);
  const [scheduleOf, setScheduleOf] = useState<LaneView | null>(null);
  const [zoomed, setZoomed] = useState<string | null>(null);
  /** Per lane, the last action the kiosk refused (another console handled the car first): shown on the lane's card. */
  const [refusals, setRefusals] = useState<ReadonlyMap<string, string>>(new Map());
  const refusal = (laneId: string, message: string | null): void =>
    setRefusals((now) => {
      const next = new Map(now);
      if (message === null) next.delete(laneId);
      else next.set(laneId, message);
      return next;
    });
  const ask = (action: PendingAction): void => {
    refusal(action.lane.laneId, null);
    setPending(action);
  };
  const refused = (message: string): void => {
    if (!pending) return;
    refusal(pending.lane.laneId, message);
    setPending(null);
    void lanes.refresh();
  };
  const zoomedLane = lanes.lanes.find((l) => l.laneId === zoomed);
  const done = (lane: LaneView): void => {
    lanes.update(lane);
    setPending(null);
    setModeOf(null);
    setScheduleOf(null);
  };
  return (
    <div className="lanes">
      <h1 className="visually-hidden">{t('lanes.title')}</h1>
      <ErrorNotice error={lanes.error} />
      <div className="lanes-grid">
        <AttendantQueue
          queue={attendantQueue(lanes.lanes, now)}
          now={now}
          dialogOpen={pending !== null || modeOf !== null || scheduleOf !== null || zoomed !== null}
          ask={ask}
          zoom={(lane) => setZoomed(lane.laneId)}
        />
        <div className="lane-tiles" data-testid="lane-tiles">
          {lanes.loaded && lanes.lanes.length === 0 ? <p className="muted">{t('lanes.none')}</p> : null}
          {lanes.lanes.map((lane) => (
            <LaneTile key={lane.laneId} lane={lane} refusal={refusals.get(lane.laneId) ?? null} onAction={(action) => ask({ lane, action })} onMode={() => setModeOf(lane)} onSchedule={() => setScheduleOf(lane)} />
          ))}
        </div>
      </div>
      {pending ? <LaneActionDialog pending={pending} onDone={done} onRefused={refused} onClose={() => setPending(null)} /> : null}
      {modeOf ? <ModeDialog lane={modeOf} onDone={done} onClose={() => setModeOf(null)} /> : null}
      {zoomedLane ? (
        <Dialog title={t('queue.zoomTitle', { lane: zoomedLane.name })} onClose={() => setZoomed(null)} wide>
          <LanePicture lane={zoomedLane} large />
        </Dialog>
      ) : null}
      {scheduleOf ? <ScheduleDialog lane={scheduleOf} onDone={done} onClose={() => setScheduleOf(null)} /> : null}
    </div>
  );
}
