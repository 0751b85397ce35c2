import type { ReactNode } from 'react';
import type { LaneAction, LaneView } from '../../api/lane-types';
import { HealthBadge } from '../../components/StatusBadge';
import { PlateBadge } from '../../components/PlateBadge';
import { useCallAction } from '../../app/hooks';
import { useApp } from '../../app/context';
import { useI18n } from '../../i18n';
import { Decision } from '../../components/Decision';
import { LaneControls } from './LaneControls';
import { LanePicture } from './LanePicture';

const PHASE_GLYPH: Record<LaneView['phase'], string> = {
  idle: '○',
  vehicle_present: '●',
  reading: '◔',
  decided: '◆',
  barrier_opening: '▲',
  vehicle_passed: '✓',
  closed: '■',
};

/** Mode as a badge: the normal mode says so quietly, any other stands out; a schedule's mode says it is one. */
function ModeBadge({ lane }: { lane: LaneView }): ReactNode {
  const { t } = useI18n();
  return (
    <span className={`badge mode-${lane.mode}`} data-testid="lane-mode" data-mode={lane.mode}>
      {t(`mode.${lane.mode}`)}
      {lane.scheduled ? ` · ${t('mode.scheduled')}` : ''}
    </span>
  );
}

function Phase({ lane }: { lane: LaneView }): ReactNode {
  const { t, fmt } = useI18n();
  return (
    <p className={`lane-phase phase-${lane.phase}`} data-testid="lane-phase" data-phase={lane.phase}>
      <span aria-hidden="true">{PHASE_GLYPH[lane.phase]}</span> {t(`phase.${lane.phase}`)}
      <span className="lane-since num">{t('lanes.since', { time: fmt.time(lane.since) })}</span>
    </p>
  );
}

/**
 * The plate as the lane holds it (voted, maybe confirmed) and the reader's latest raw read with its alternatives.
 * With no car held, the last read is shown dimmed: it is what the camera saw last, not a car at the barrier.
 */
function Read({ lane }: { lane: LaneView }): ReactNode {
  const { t, fmt } = useI18n();
  const read = lane.lastRead;
  const plate = lane.plate?.key ?? read?.text;
  if (!plate) return <p className="lane-read muted">{t('lanes.noRead')}</p>;
  const confidence = lane.plate?.confidence ?? read?.confidence ?? 0;
  return (
    <div className={`lane-read${lane.plate ? '' : ' lane-read-last'}`} data-testid="lane-read" data-plate={plate}>
      <PlateBadge plate={plate} size="lg" />
      <span className={`lane-confidence num${confidence < lane.minConfidence ? ' low' : ''}`}>{t('lanes.confidence', { value: fmt.percent(confidence) })}</span>
      {lane.plate?.confirmedBy ? <span className="chip">{t('lanes.confirmedBy', { user: lane.plate.confirmedBy })}</span> : null}
      {lane.plate && !lane.plate.voteAgreed ? <span className="chip">{t('lanes.disagreed')}</span> : null}
      {read && read.alternatives.length > 0 ? <span className="lane-alternatives">{t('lanes.alternatives', { plates: read.alternatives.join(', ') })}</span> : null}
    </div>
  );
}

function Device({ label, device }: { label: string; device: LaneView['relay'] }): ReactNode {
  const { t } = useI18n();
  return (
    <span className="lane-device" title={device?.detail}>
      {label} {device ? <HealthBadge healthy={device.healthy} /> : <span className="muted">{t('lanes.noDevice')}</span>}
    </span>
  );
}

/** Newest first, in red with a warning sign, with a button to say they were dealt with; no room taken when none. */
function Alarms({ lane }: { lane: LaneView }): ReactNode {
  const { fmt, t } = useI18n();
  const { client } = useApp();
  const { busy, run } = useCallAction();
  const newestFirst = [...lane.alarms].sort((a, b) => b.at - a.at);
  if (newestFirst.length === 0) return null;
  const acknowledge = () => run(async () => void (await client.call('lanes.ackAlarms', { laneId: lane.laneId })));
  return (
    <div className="lane-alarm-box">
      <ol className="lane-alarms" data-testid="lane-alarms">
        {newestFirst.map((alarm, i) => (
          <li key={`${alarm.at}-${i}`} className="alarm" title={alarm.text}>
            <span aria-hidden="true">⚠</span> <time className="num">{fmt.time(alarm.at)}</time> {alarm.text}
          </li>
        ))}
      </ol>
      <button type="button" className="btn btn-quiet btn-small" disabled={busy} onClick={acknowledge} data-testid="lane-ack-alarms">
        {t('lanes.ackAlarms')}
      </button>
    </div>
  );
}

/** One lane at a glance, readable from a step back: what it is doing, what it saw, what it decided, its devices. */
export function LaneTile(props: { lane: LaneView; refusal: string | null; onAction(action: LaneAction): void; onMode(): void; onSchedule(): void }): ReactNode {
  const { lane, refusal } = props;
  const { t } = useI18n();
  const titleId = `lane-${lane.laneId}-name`;
  return (
    <article className={`lane-tile${lane.alarms.length ? ' lane-alarmed' : ''}`} data-lane={lane.laneId} data-testid="lane-tile" aria-labelledby={titleId}>
      <header className="lane-head">
        <h2 id={titleId}>{lane.name}</h2>
        <span className="chip">{t(`lanes.${lane.direction}`)}</span>
        <ModeBadge lane={lane} />
        <span className={`lane-device barrier-${lane.barrier}`} data-testid="lane-barrier" data-barrier={lane.barrier}>
          {t('lanes.barrier')} <b>{t(`barrier.${lane.barrier}`)}</b>
        </span>
        <Device label={t('lanes.relay')} device={lane.relay} />
        <Device label={t('lanes.camera')} device={lane.camera} />
      </header>
      <LanePicture lane={lane} />
      <div className="lane-now">
        <Phase lane={lane} />
        <Read lane={lane} />
      </div>
      <div className="lane-facts">
        <Decision decision={lane.decision} amountDue={lane.amountDue} />
        <p className="lane-display" title={lane.display} aria-label={`${t('lanes.display')}: ${lane.display}`} data-testid="lane-display">
          {lane.display}
        </p>
        <Alarms lane={lane} />
        {refusal ? (
          <p className="lane-refused" role="alert" data-testid="lane-refused">
            <b>{t('lanes.refused')}:</b> {refusal}
          </p>
        ) : null}
      </div>
      <LaneControls {...props} />
    </article>
  );
}
