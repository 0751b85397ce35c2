import { useState, type FormEvent, type ReactNode } from 'react';
import type { LaneSchedule, LaneView } from '../../api/lane-types';
import { useApp } from '../../app/context';
import { useCallAction, useLoad } from '../../app/hooks';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField, TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { formatHours, parseHours } from '../../lib/hours';
import { defaultReason } from '../../lib/lane-model';
import { ReasonAndSend, reasonChoiceProblem, reasonChoiceText, type ReasonChoice } from './ReasonPicker';

type ScheduledMode = LaneSchedule['mode'];
interface Row {
  readonly mode: ScheduledMode;
  /** One line of windows, as for permits: "mon-fri 22:00-24:00; sat-sun 00:00-06:00". */
  readonly hours: string;
  readonly note: string;
}

const MODES: readonly ScheduledMode[] = ['closed', 'free-flow', 'attendant-confirms-every-car'];
const NEW_ROW: Row = { mode: 'closed', hours: 'mon-sun 00:00-06:00', note: '' };

/** Each row's windows become one schedule each; null where a row's hours cannot be read. */
function schedulesOf(rows: readonly Row[]): LaneSchedule[] | null {
  const windows = rows.map((row) => parseHours(row.hours));
  if (windows.some((w) => w === null || w.length === 0)) return null;
  return rows.flatMap((row, i) => windows[i]!.map((window) => ({ mode: row.mode, window, note: row.note.trim() })));
}

function RowFields({ row, index, set, remove, tried }: { row: Row; index: number; set(change: Partial<Row>): void; remove(): void; tried: boolean }): ReactNode {
  const { t } = useI18n();
  const bad = tried && !parseHours(row.hours)?.length;
  return (
    <li className="schedule-row" data-row={index}>
      <SelectField name={`mode-${index}`} label={t('mode.label')} value={row.mode} onChange={(e) => set({ mode: e.target.value as ScheduledMode })} options={MODES.map((m) => ({ value: m, label: t(`mode.${m}`) }))} />
      <TextField name={`hours-${index}`} label={t('access.hours')} value={row.hours} onChange={(e) => set({ hours: e.target.value })} error={bad ? t('access.hoursInvalid') : undefined} />
      <TextField name={`note-${index}`} label={t('access.note')} value={row.note} onChange={(e) => set({ note: e.target.value })} />
      <button type="button" className="btn btn-small" onClick={remove}>
        {t('action.remove')}
      </button>
    </li>
  );
}

/** The windows in which a lane runs closed, free-flow or confirming every car, whatever its own mode (supervisor). */
function ScheduleForm({ lane, loaded, onDone }: { lane: LaneView; loaded: readonly LaneSchedule[]; onDone(lane: LaneView): void }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const [rows, setRows] = useState<Row[]>(() => loaded.map((s) => ({ mode: s.mode, hours: formatHours([s.window]), note: s.note ?? '' })));
  const [choice, setChoice] = useState<ReasonChoice>({ code: defaultReason('setMode', lane), note: '' });
  const [tried, setTried] = useState(false);
  const { busy, error, run } = useCallAction();
  const set = (index: number, change: Partial<Row>): void => setRows((rs) => rs.map((r, i) => (i === index ? { ...r, ...change } : r)));

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setTried(true);
    const schedules = schedulesOf(rows);
    if (busy || !schedules || reasonChoiceProblem(choice, t)) return;
    await run(async () => {
      const answer = await client.call('lanes.saveSchedules', { laneId: lane.laneId, schedules, reason: reasonChoiceText(choice, t) });
      onDone(answer.lane);
    });
  };
  return (
    <form className="lane-action" onSubmit={submit} noValidate data-testid="lane-schedule-form">
      <p className="muted">{t('schedule.hint')}</p>
      {rows.length === 0 ? <p>{t('schedule.none')}</p> : null}
      <ol className="schedule-rows">
        {rows.map((row, i) => (
          <RowFields key={i} row={row} index={i} tried={tried} set={(change) => set(i, change)} remove={() => setRows((rs) => rs.filter((_, j) => j !== i))} />
        ))}
      </ol>
      <button type="button" className="btn btn-small" onClick={() => setRows((rs) => [...rs, NEW_ROW])}>
        {t('schedule.add')}
      </button>
      <ReasonAndSend choice={choice} onChoice={setChoice} tried={tried} error={error} labels={{ schedules: t('schedule.title'), reason: t('field.reason') }} busy={busy} />
    </form>
  );
}

export function ScheduleDialog({ lane, onDone, onClose }: { lane: LaneView; onDone(lane: LaneView): void; onClose(): void }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const schedules = useLoad(async () => (await client.call('lanes.schedules', { laneId: lane.laneId })).schedules, [lane.laneId]);
  return (
    <Dialog title={t('laneAction.dialogTitle', { action: t('schedule.title'), lane: lane.name })} onClose={onClose} wide>
      <ErrorNotice error={schedules.error} />
      {schedules.data ? <ScheduleForm lane={lane} loaded={schedules.data} onDone={onDone} /> : <p className="muted">{t('common.loading')}</p>}
    </Dialog>
  );
}
