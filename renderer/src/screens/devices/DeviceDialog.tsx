import { useState, type FormEvent, type ReactNode } from 'react';
import type { DeviceConfig, DeviceKind, ModbusMapView } from '../../api/lane-types';
import { useApp } from '../../app/context';
import { useCallAction } from '../../app/hooks';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { ReasonField } from '../../components/ReasonField';
import { useI18n } from '../../i18n';
import { reasonProblem } from '../../lib/reason';
import { cameraDeviceOf, type CameraDraft } from './camera-draft';
import { CameraFields, cameraFieldPlaced } from './CameraFields';
import { problemTexts, relayDeviceOf, type DraftProblems, type RelayDraft } from './draft';
import { deviceFieldErrors, unplacedError } from './form-errors';
import { demoBoardDeviceOf, readerDeviceOf, type DemoBoardDraft, type ReaderDraft } from './reader-draft';
import { DemoBoardFields, demoBoardFieldPlaced, ReaderFields, readerFieldPlaced } from './ReaderFields';
import { RelayFields, relayFieldPlaced } from './RelayFields';

/** What the editor opens on: each kind of device has its form (a relay board on a serial port, the demo's board, a camera, a card reader). */
export type DeviceStart = (
  | { readonly form: 'relay'; readonly draft: RelayDraft }
  | { readonly form: 'demoBoard'; readonly draft: DemoBoardDraft }
  | { readonly form: 'camera'; readonly draft: CameraDraft }
  | { readonly form: 'reader'; readonly draft: ReaderDraft }
) & { readonly isNew: boolean };

/** The start with some of its draft's fields changed (each form's fields component sends only its own draft's). */
function withChange(typed: DeviceStart, change: object): DeviceStart {
  switch (typed.form) {
    case 'relay':
      return { ...typed, draft: { ...typed.draft, ...change } };
    case 'demoBoard':
      return { ...typed, draft: { ...typed.draft, ...change } };
    case 'camera':
      return { ...typed, draft: { ...typed.draft, ...change } };
    case 'reader':
      return { ...typed, draft: { ...typed.draft, ...change } };
  }
}

function deviceOf(typed: DeviceStart): { device: DeviceConfig } | { problems: DraftProblems } {
  switch (typed.form) {
    case 'relay':
      return relayDeviceOf(typed.draft);
    case 'demoBoard':
      return demoBoardDeviceOf(typed.draft);
    case 'camera':
      return cameraDeviceOf(typed.draft);
    case 'reader':
      return readerDeviceOf(typed.draft);
  }
}

const KIND: Readonly<Record<DeviceStart['form'], DeviceKind>> = { relay: 'relay', demoBoard: 'relay', camera: 'camera', reader: 'terminal' };
/** Which config paths each form shows beside a field (the rest go in the box under the form). */
const PLACED: Readonly<Record<DeviceStart['form'], (path: string) => boolean>> = { relay: relayFieldPlaced, demoBoard: demoBoardFieldPlaced, camera: cameraFieldPlaced, reader: readerFieldPlaced };

/**
 * Adds or changes one device, with a reason (audited), applied live by the kiosk. Each field shows the driver's
 * own schema's message from the kiosk beside it; what no field shows (a port another board uses, a reader's key
 * missing on this PC) goes in the box under the form. Enter saves; Esc (or Cancel) asks before dropping what was
 * typed.
 */
export function DeviceDialog({ start, modbusMaps, onWiring, onDone, onClose }: { start: DeviceStart; modbusMaps: readonly ModbusMapView[]; onWiring(laneId: string | null): void; onDone(device: DeviceConfig): void; onClose(): void }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const [typed, setTyped] = useState<DeviceStart>(start);
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const { busy, error, run, clearError } = useCallAction();
  const kind = KIND[start.form];

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const built = deviceOf(typed);
    const problems = 'problems' in built ? problemTexts(built.problems, t) : {};
    const badReason = reasonProblem(reason, t);
    setLocal(badReason ? { ...problems, reason: badReason } : problems);
    clearError();
    if (!('device' in built) || badReason || busy) return;
    await run(async () => {
      const { device } = await client.call('devices.save', { device: built.device, reason: reason.trim() });
      onDone(device);
    });
  };
  const leaveAsking = (then: () => void): void => {
    const changed = JSON.stringify(typed.draft) !== JSON.stringify(start.draft) || reason.trim() !== '';
    if (!changed || window.confirm(t('devices.dropTyped'))) then();
  };
  const closeAsking = (): void => leaveAsking(onClose);
  const set = (change: object): void => setTyped(withChange(typed, change));

  const server = fieldErrors(error);
  const labels = { 'device.id': t('devices.id'), reason: t('field.reason') };
  const currentId = typed.draft.id;
  const configAt = typed.form === 'relay' ? 'device.config.board' : 'device.config';
  const errorOf = deviceFieldErrors(local, error, configAt);
  const placed = (path: string): boolean => path === 'device.id' || path === 'reason' || (path.startsWith(`${configAt}.`) && PLACED[typed.form](path.slice(configAt.length + 1)));
  const focusFirst = !start.isNew;
  return (
    <Dialog title={start.isNew ? t(`devices.newTitle.${kind}`) : t('devices.editTitle', { kind: t(`devices.kind.${kind}`), id: currentId })} onClose={closeAsking} wide>
      <form className="form-grid device-form" onSubmit={save} noValidate data-testid="device-editor" data-kind={kind}>
        <TextField
          name="id"
          label={t('devices.id')}
          value={currentId}
          onChange={(e) => set({ id: e.target.value.trim().toLowerCase() })}
          readOnly={!start.isNew}
          error={local.id ?? server['device.id']}
          autoComplete="off"
          spellCheck={false}
          data-autofocus={start.isNew ? true : undefined}
        />
        {typed.form === 'relay' ? <RelayFields draft={typed.draft} set={set} errorOf={errorOf} focusFirst={focusFirst} modbusMaps={modbusMaps} /> : null}
        {typed.form === 'demoBoard' ? <DemoBoardFields draft={typed.draft} set={set} errorOf={errorOf} focusFirst={focusFirst} /> : null}
        {typed.form === 'camera' ? <CameraFields draft={typed.draft} set={set} errorOf={errorOf} wasDemo={start.form === 'camera' && start.draft.driver === 'demo'} focusFirst={focusFirst} /> : null}
        {typed.form === 'reader' ? <ReaderFields draft={typed.draft} set={set} errorOf={errorOf} onWiring={(laneId) => leaveAsking(() => onWiring(laneId))} focusFirst={focusFirst} /> : null}
        <ReasonField value={reason} onChange={setReason} error={local.reason ?? server.reason} presets="devices" />
        <div className="field-wide">
          <ErrorNotice error={unplacedError(error, placed)} labels={labels} reserve />
        </div>
        <FormActions submit={<>{t('devices.save')} <kbd>Enter</kbd></>} busy={busy} onCancel={closeAsking} />
      </form>
    </Dialog>
  );
}
