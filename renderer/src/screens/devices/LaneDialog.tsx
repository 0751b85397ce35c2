import { useState, type FormEvent, type ReactNode } from 'react';
import { isCallFailure } from '../../api';
import type { DeviceConfig, DeviceKind, LaneMode, LaneSettings } from '../../api/lane-types';
import { useApp } from '../../app/context';
import { useCallAction } from '../../app/hooks';
import { className, laneName } from '../../app/names';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { SelectField, TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { LANE_MODES } from '../../lib/lane-model';
import { reasonProblem } from '../../lib/reason';
import { ReasonField } from '../../components/ReasonField';
import { laneDraftOf, laneSettingsOf, problemTexts, roiOf, ROI_SIDES, typedRoi, type LaneDraft } from './draft';
import { RoiPicture } from './RoiPicture';
import { SitePlates } from './SitePlates';
import { FormActions } from '../../components/FormActions';

/** A lane's wiring and how it runs: its devices (picked from the devices list), inputs, pulse, mode; with a reason. */
export function LaneDialog({ settings, devices, onDone, onClose }: { settings: LaneSettings; devices: readonly DeviceConfig[]; onDone(message: string): void; onClose(): void }): ReactNode {
  const { client, layout } = useApp();
  const { t } = useI18n();
  const [draft, setDraft] = useState<LaneDraft>(() => laneDraftOf(settings));
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string | undefined>>({});
  const { busy, error, run, clearError } = useCallAction();
  const set = (change: Partial<LaneDraft>): void => setDraft((d) => ({ ...d, ...change }));
  const name = laneName(layout, settings.laneId) ?? settings.laneId;
  // The typed percentages as drawn on the picture: while one is blank or not a number, the picture shows none.
  const typed = roiOf(draft.roi);
  const drawn = 'roi' in typed ? typed.roi : null;

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const built = laneSettingsOf(draft);
    const problems = 'problems' in built ? problemTexts(built.problems, t) : {};
    const all = { ...problems, reason: reasonProblem(reason, t) };
    setLocal(all);
    clearError();
    if (!('settings' in built) || all.reason || busy) return;
    await run(async () => {
      await client.call('lanes.saveSettings', { settings: built.settings, reason: reason.trim() });
      onDone(t('devices.laneSaved', { lane: name }));
    });
  };

  const pick = (field: 'relayBoard' | 'camera' | 'terminal', kind: DeviceKind, label: string): ReactNode => (
    <SelectField
      name={field}
      label={label}
      value={draft[field]}
      onChange={(e) => set({ [field]: e.target.value })}
      options={[{ value: '', label: t('devices.noneChosen') }, ...devices.filter((d) => d.kind === kind).map((d) => ({ value: d.id, label: d.id }))]}
      data-autofocus={field === 'relayBoard' ? true : undefined}
    />
  );
  const server = fieldErrors(error);
  const busyLane = isCallFailure(error) && error.code === 'conflict';
  return (
    <Dialog title={t('devices.laneTitle', { lane: name })} onClose={onClose} wide>
      <form className="form-grid device-form" onSubmit={save} noValidate data-testid="lane-settings-editor" data-lane={settings.laneId}>
        {pick('relayBoard', 'relay', t('devices.relayBoard'))}
        <TextField name="loopInput" inputMode="numeric" label={t('devices.loopInput')} value={draft.loopInput} onChange={(e) => set({ loopInput: e.target.value })} error={local.loopInput} hint={t('devices.inputHint')} autoComplete="off" />
        <TextField name="barrierInput" inputMode="numeric" label={t('devices.barrierInput')} value={draft.barrierInput} onChange={(e) => set({ barrierInput: e.target.value })} error={local.barrierInput} hint={t('devices.inputHint')} autoComplete="off" />
        <TextField name="pulseMs" inputMode="numeric" label={t('devices.pulseMs')} value={draft.pulseMs} onChange={(e) => set({ pulseMs: e.target.value })} error={local.pulseMs} autoComplete="off" />
        {pick('camera', 'camera', t('devices.camera'))}
        {pick('terminal', 'terminal', t('devices.terminal'))}
        <SelectField name="defaultVehicleClass" label={t('devices.defaultClass')} value={draft.defaultVehicleClass} onChange={(e) => set({ defaultVehicleClass: e.target.value })}
          options={[{ value: '', label: t('devices.defaultClassSite', { name: className(layout, layout.vehicleClasses[0]?.id ?? '') }) }, ...layout.vehicleClasses.map((c) => ({ value: c.id, label: c.name }))]} />
        <SelectField name="mode" label={t('devices.mode')} value={draft.mode} onChange={(e) => set({ mode: e.target.value as LaneMode })} options={LANE_MODES.map((m) => ({ value: m, label: t(`mode.${m}`) }))} />
        <TextField name="minConfidence" inputMode="numeric" label={t('mode.minConfidence')} value={draft.percent} onChange={(e) => set({ percent: e.target.value.trim() })} error={local.percent} hint={t('mode.minConfidenceHint')} autoComplete="off" />
        <fieldset className="field-wide lane-roi" data-testid="lane-roi">
          <legend>{t('devices.roi')}</legend>
          <RoiPicture laneId={settings.laneId} region={drawn} onChange={(roi) => set({ roi: typedRoi(roi) })} />
          {ROI_SIDES.map((side) => (
            <TextField key={side} name={`roi-${side}`} inputMode="decimal" label={t(`devices.roi.${side}`)} value={draft.roi[side]} autoComplete="off"
              onChange={(e) => set({ roi: { ...draft.roi, [side]: e.target.value } })} error={local[`roi.${side}`] ?? server[`settings.roi.${side}`]} />
          ))}
          <p className="field-hint">{t('devices.roiHint')}</p>
          <SitePlates />
        </fieldset>
        <ReasonField value={reason} onChange={setReason} error={local.reason ?? server.reason} presets="devices" />
        <div className="field-wide">
          {busyLane ? <p className="device-busy" role="status">{t('devices.laneBusy')}</p> : null}
          <ErrorNotice error={server.reason ? null : error} labels={{ 'settings.pulseMs': t('devices.pulseMs'), 'settings.loopInput': t('devices.loopInput'), 'settings.barrierInput': t('devices.barrierInput'), 'settings.roi': t('devices.roi'), reason: t('field.reason') }} reserve />
        </div>
        <FormActions submit={<>{t('devices.laneSave')} <kbd>Enter</kbd></>} busy={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
