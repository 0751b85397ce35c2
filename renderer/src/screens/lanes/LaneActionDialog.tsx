import { useState, type FormEvent, type ReactNode } from 'react';
import type { LaneAction, LaneView } from '../../api/lane-types';
import { useApp } from '../../app/context';
import { isCallFailure } from '../../api';
import { useCallAction } from '../../app/hooks';
import { Dialog } from '../../components/Dialog';
import { PlateBadge } from '../../components/PlateBadge';
import { useI18n } from '../../i18n';
import { defaultReason } from '../../lib/lane-model';
import { ReasonAndSend, reasonChoiceProblem, type ReasonChoice } from './ReasonPicker';

export interface PendingAction {
  readonly lane: LaneView;
  readonly action: LaneAction;
  /** correct: the plate the attendant typed. */
  readonly plate?: string;
  /** choose: the open session this car is. */
  readonly sessionId?: number;
  /** choose: a car let through on a full disk, its entry not recorded yet (no session id). */
  readonly unrecordedRef?: number;
}

/** What the action is about, large: the plate to correct to, or the session chosen. */
function Subject({ pending }: { pending: PendingAction }): ReactNode {
  const { t } = useI18n();
  const chosen = pending.lane.candidates.find((c) => (pending.sessionId !== undefined ? c.sessionId === pending.sessionId : c.unrecorded !== null && c.unrecorded.ref === pending.unrecordedRef));
  const plate = pending.plate ?? chosen?.plateKey ?? pending.lane.plate?.key;
  if (!plate || pending.action === 'close_barrier' || pending.action === 'close_lane' || pending.action === 'open_lane') return null;
  return (
    <p className="action-subject" data-testid="action-subject">
      {t('field.plate')} <PlateBadge plate={plate} size="lg" />
    </p>
  );
}

/** Sends one lane command with its reason code; Enter sends (the reason picker starts on this action's default). */
export function LaneActionDialog({ pending, onDone, onRefused, onClose }: { pending: PendingAction; onDone(lane: LaneView): void; onRefused(message: string): void; onClose(): void }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const { lane, action } = pending;
  const [choice, setChoice] = useState<ReasonChoice>({ code: defaultReason(action, lane), note: '' });
  const [tried, setTried] = useState(false);
  const { busy, error, run } = useCallAction();

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setTried(true);
    if (busy || reasonChoiceProblem(choice, t)) return;
    await run(async () => {
      const answer = await client.call('lanes.command', {
        laneId: lane.laneId,
        action,
        reasonCode: choice.code,
        note: choice.note.trim(),
        ...(pending.plate === undefined ? {} : { plate: pending.plate }),
        ...(pending.sessionId === undefined ? {} : { sessionId: pending.sessionId }),
        ...(pending.unrecordedRef === undefined ? {} : { unrecordedRef: pending.unrecordedRef }),
        // The car this console saw: if another console handled it first, the kiosk refuses and says who did.
        ...(lane.car === null ? {} : { car: lane.car }),
      });
      onDone(answer.lane);
      // Another console handled this car first (or it has gone): the lane card says so, the dialog has nothing left to do.
    }, (err) => {
      if (isCallFailure(err) && err.code === 'conflict') onRefused(err.message);
    });
  };
  const title = t('laneAction.dialogTitle', { action: t(`laneAction.${action}`), lane: lane.name });
  return (
    <Dialog title={title} onClose={onClose}>
      <form className="lane-action" onSubmit={submit} noValidate data-testid="lane-action-form" data-action={action}>
        <Subject pending={pending} />
        <ReasonAndSend choice={choice} onChoice={setChoice} tried={tried} error={error} labels={{ note: t('reasonCode.note'), plate: t('field.plate'), sessionId: t('queue.candidates') }} busy={busy} />
      </form>
    </Dialog>
  );
}
