import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { LaneView } from '../../api/lane-types';
import { useApp } from '../../app/context';
import { PlateBadge } from '../../components/PlateBadge';
import { PlateField } from '../../components/PlateField';
import { UnrecordedCarLine } from '../../components/UnrecordedCars';
import { useI18n } from '../../i18n';
import { previewPlateKey } from '../../lib/plate';
import { Decision, rulesDeny } from '../../components/Decision';
import type { PendingAction } from './LaneActionDialog';

type Ask = (pending: Omit<PendingAction, 'lane'>) => void;

/** Choosing a candidate: its session, or the car kept in memory whose entry is not recorded yet. */
function choice(candidate: LaneView['candidates'][number]): Omit<PendingAction, 'lane'> {
  return candidate.sessionId !== null ? { action: 'choose', sessionId: candidate.sessionId } : { action: 'choose', unrecordedRef: candidate.unrecorded?.ref };
}

/** Exit candidates, numbered for the 1-5 keys. */
function Candidates({ lane, ask }: { lane: LaneView; ask: Ask }): ReactNode {
  const { t, fmt } = useI18n();
  if (lane.candidates.length === 0) return null;
  return (
    <ol className="queue-candidates" aria-label={t('queue.candidates')}>
      {lane.candidates.slice(0, 5).map((c, i) => (
        <li key={c.sessionId ?? `unrecorded-${c.unrecorded?.ref}`}>
          <button type="button" className="candidate-pick" data-session={c.sessionId ?? undefined} onClick={() => ask(choice(c))}>
            <kbd>{i + 1}</kbd>{' '}
            {c.unrecorded ? (
              <UnrecordedCarLine car={c.unrecorded} />
            ) : (
              <>
                <PlateBadge plate={c.plateKey} size="sm" /> <span className="num">{t('queue.candidate', { score: fmt.percent(c.score), time: fmt.dateTime(c.entryAt) })}</span>
              </>
            )}
          </button>
        </li>
      ))}
    </ol>
  );
}

function KeyHelp({ candidates, refused }: { candidates: number; refused: boolean }): ReactNode {
  const { t } = useI18n();
  return (
    <p className="queue-keys">
      <kbd>Enter</kbd> {t(refused ? 'queue.keyRefused' : 'queue.keyConfirm')} · <kbd>D</kbd> {t('queue.keyDeny')} · <kbd>O</kbd> {t('queue.keyOpen')} · <kbd>Z</kbd> {t('queue.keyZoom')}
      {candidates > 0 ? (
        <>
          {' · '}
          <kbd>1</kbd>–<kbd>{Math.min(5, candidates)}</kbd> {t('queue.keyChoose')}
        </>
      ) : null}
    </p>
  );
}

/**
 * One waiting car. With the card focused: Enter confirms the read, 1-5 choose a candidate, D denies, O opens by
 * hand, Z (or Space) shows the camera picture large, and any other letter or digit starts typing the correct plate
 * (Tab reaches the field for plates that start with one of those keys). The correction field owns its keys: the card's
 * shortcuts act only when the card itself has focus. In the field, Enter corrects and Esc goes back to the card.
 *
 * A car the rules refuse (deny list), even one the lane holds to be confirmed, is never one key from being let in:
 * Enter says so instead of confirming, and letting it in takes O, the open-by-hand dialog with its reason (audited).
 */
export function QueueItem({ lane, now, ask, zoom }: { lane: LaneView; now: number; ask: Ask; zoom(): void }): ReactNode {
  const { navigate } = useApp();
  const { t, fmt } = useI18n();
  const plateRef = useRef<HTMLInputElement>(null);
  const [plate, setPlate] = useState('');
  const [plateError, setPlateError] = useState<string | undefined>();
  const read = lane.plate?.key ?? null;
  const refused = rulesDeny(lane.decision);
  const [refusedNotice, setRefusedNotice] = useState(false);

  const onCardKey = (e: KeyboardEvent<HTMLElement>): void => {
    if (e.target !== e.currentTarget || e.altKey || e.ctrlKey || e.metaKey) return;
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    const candidate = /^[1-5]$/.test(key) ? lane.candidates[Number(key) - 1] : undefined;
    if (key === 'Enter' && refused) setRefusedNotice(true);
    else if (key === 'Enter' && read) ask({ action: 'confirm' });
    else if (key === 'z' || key === ' ') zoom();
    else if (candidate) ask(choice(candidate));
    else if (key === 'd') ask({ action: 'deny' });
    else if (key === 'o') ask({ action: 'open' });
    else if (/^[a-z0-9]$/.test(key)) {
      setPlate(e.key.toUpperCase());
      plateRef.current?.focus();
    } else return;
    e.preventDefault();
  };
  const onPlateKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setPlate('');
      setPlateError(undefined);
      plateRef.current?.closest<HTMLElement>('.queue-item')?.focus();
    }
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const preview = previewPlateKey(plate);
    setPlateError(preview.ok ? undefined : t(plate.trim() ? 'validation.plateShape' : 'validation.plateRequired'));
    if (preview.ok) ask({ action: 'correct', plate: plate.trim() });
  };

  return (
    <li className="queue-item" tabIndex={0} onKeyDown={onCardKey} data-lane={lane.laneId} data-testid="queue-item">
      <div className="queue-head">
        <b>{lane.name}</b>
        <span className="num muted">{t('queue.waiting', { seconds: Math.max(0, Math.round((now - lane.since) / 1000)) })}</span>
      </div>
      <div className="queue-read">
        {read ? <PlateBadge plate={read} size="lg" /> : <span className="muted">{t('lanes.noRead')}</span>}
        {lane.plate ? <span className="num">{t('lanes.confidence', { value: fmt.percent(lane.plate.confidence) })}</span> : null}
      </div>
      {lane.phase === 'decided' ? <Decision decision={lane.decision} amountDue={lane.amountDue} /> : <p className="decision">{t('queue.readingLong')}</p>}
      {refusedNotice ? <p className="notice notice-error" role="alert" data-testid="refused-notice">{t('queue.deniedNoConfirm')}</p> : null}
      {lane.unrecorded && lane.phase === 'decided' ? <UnrecordedCarLine car={lane.unrecorded} /> : null}
      <Candidates lane={lane} ask={ask} />
      <PlateField
        ref={plateRef}
        name="correct-plate"
        label={t('queue.plateLabel')}
        value={plate}
        onChange={(e) => setPlate(e.target.value)}
        onKeyDown={onPlateKey}
        error={plateError}
        hint={t('queue.plateHint')}
      />
      {lane.decision?.outcome === 'pay' && lane.sessionId !== null ? (
        <button type="button" className="btn btn-small" onClick={() => navigate({ screen: 'exit', sessionId: lane.sessionId ?? undefined })}>
          {t('queue.payAtBooth')}
        </button>
      ) : null}
      <KeyHelp candidates={lane.candidates.length} refused={refused} />
    </li>
  );
}
