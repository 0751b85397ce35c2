import { useState, type FormEvent, type ReactNode } from 'react';
import type { LaneMode, LaneView } from '../../api/lane-types';
import { useApp } from '../../app/context';
import { useCallAction } from '../../app/hooks';
import { Dialog } from '../../components/Dialog';
import { SelectField, TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { confidenceOf, defaultReason, LANE_MODES } from '../../lib/lane-model';
import { ReaderFigures } from './ReaderFigures';
import { ReasonAndSend, reasonChoiceProblem, reasonChoiceText, type ReasonChoice } from './ReasonPicker';

/**
 * A supervisor sets how a lane runs (normal, confirm every car, free-flow, closed) and how sure a read must be for
 * the lane to act on it alone, with a reason; the reader's recent figures are beside the threshold they inform.
 */
export function ModeDialog({ lane, onDone, onClose }: { lane: LaneView; onDone(lane: LaneView): void; onClose(): void }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const [mode, setMode] = useState<LaneMode>(lane.mode);
  const [percent, setPercent] = useState(String(Math.round(lane.minConfidence * 100)));
  const [choice, setChoice] = useState<ReasonChoice>({ code: defaultReason('setMode', lane), note: '' });
  const [tried, setTried] = useState(false);
  const { busy, error, run } = useCallAction();

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setTried(true);
    const minConfidence = confidenceOf(percent);
    if (busy || reasonChoiceProblem(choice, t) || minConfidence === null) return;
    await run(async () => {
      const answer = await client.call('lanes.setMode', { laneId: lane.laneId, mode, minConfidence, reason: reasonChoiceText(choice, t) });
      onDone(answer.lane);
    });
  };
  return (
    <Dialog title={t('laneAction.dialogTitle', { action: t('laneAction.setMode'), lane: lane.name })} onClose={onClose}>
      <form className="lane-action" onSubmit={submit} noValidate data-testid="lane-mode-form">
        <SelectField
          name="mode"
          label={t('mode.label')}
          value={mode}
          onChange={(e) => setMode(e.target.value as LaneMode)}
          options={LANE_MODES.map((m) => ({ value: m, label: t(`mode.${m}`) }))}
          data-autofocus
        />
        <TextField
          name="minConfidence"
          inputMode="numeric"
          label={t('mode.minConfidence')}
          value={percent}
          onChange={(e) => setPercent(e.target.value.trim())}
          error={tried && confidenceOf(percent) === null ? t('mode.minConfidenceInvalid') : undefined}
          hint={t('mode.minConfidenceHint')}
        />
        <ReaderFigures laneId={lane.laneId} threshold={confidenceOf(percent)} />
        <ReasonAndSend choice={choice} onChoice={setChoice} tried={tried} error={error} labels={{ reason: t('field.reason'), minConfidence: t('mode.minConfidence') }} busy={busy} />
      </form>
    </Dialog>
  );
}
