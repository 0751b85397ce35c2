import { useState, type FormEvent, type ReactNode } from 'react';
import type { DeviceConfig, DeviceKind, ModbusMapView } from '../../api/lane-types';
import { useApp } from '../../app/context';
import { useCallAction } from '../../app/hooks';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { errorLines, fieldErrors } from '../../components/errors';
import { Field, TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { ReasonField } from '../../components/ReasonField';
import { useI18n } from '../../i18n';
import { reasonProblem } from '../../lib/reason';
import { cameraDeviceOf, type CameraDraft } from './camera-draft';
import { CameraFields, cameraFieldPlaced } from './CameraFields';
import { configOf, problemTexts, relayDeviceOf, type RelayDraft } from './draft';
import { deviceFieldErrors, unplacedError } from './form-errors';
import { RelayFields, relayFieldPlaced } from './RelayFields';

/** What the editor opens on: a relay board's form, a camera's form, or any other device's config as JSON. */
export type DeviceStart =
  | { readonly form: 'relay'; readonly draft: RelayDraft; readonly isNew: boolean }
  | { readonly form: 'camera'; readonly draft: CameraDraft; readonly isNew: boolean }
  | { readonly form: 'json'; readonly device: DeviceConfig; readonly isNew: boolean };

/** The form's state: the start's draft as typed so far (JSON: the id and the text). */
type Typed = { form: 'relay'; draft: RelayDraft } | { form: 'camera'; draft: CameraDraft } | { form: 'json'; id: string; json: string };

function typedOf(start: DeviceStart): Typed {
  if (start.form === 'relay') return { form: 'relay', draft: start.draft };
  if (start.form === 'camera') return { form: 'camera', draft: start.draft };
  return { form: 'json', id: start.device.id, json: JSON.stringify(start.device.config, null, 2) };
}

function withId(typed: Typed, id: string): Typed {
  if (typed.form === 'relay') return { form: 'relay', draft: { ...typed.draft, id } };
  if (typed.form === 'camera') return { form: 'camera', draft: { ...typed.draft, id } };
  return { ...typed, id };
}

const kindOf = (start: DeviceStart): DeviceKind => (start.form === 'json' ? start.device.kind : start.form);

/**
 * Adds or changes one device, with a reason (audited), applied live by the kiosk. Relay boards on a serial port
 * and cameras have forms, whose fields show the driver's own schema's messages from the kiosk beside them; the
 * demo board and card readers are their config as JSON. Enter saves; Esc (or Cancel) asks before dropping what
 * was typed.
 */
export function DeviceDialog({ start, modbusMaps, onDone, onClose }: { start: DeviceStart; modbusMaps: readonly ModbusMapView[]; onDone(device: DeviceConfig): void; onClose(): void }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const [typed, setTyped] = useState<Typed>(() => typedOf(start));
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const { busy, error, run, clearError } = useCallAction();
  const kind = kindOf(start);

  const build = (): { device: DeviceConfig } | { problems: Record<string, string> } => {
    if (typed.form !== 'json') {
      const built = typed.form === 'relay' ? relayDeviceOf(typed.draft) : cameraDeviceOf(typed.draft);
      return 'device' in built ? built : { problems: problemTexts(built.problems, t) };
    }
    const parsed = configOf(typed.json);
    if ('problem' in parsed) return { problems: { json: t(parsed.problem, { message: parsed.message }) } };
    if (!typed.id.trim()) return { problems: { id: t('devices.required') } };
    return { device: { id: typed.id.trim(), kind, config: parsed.config } };
  };
  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const built = build();
    const problems = 'problems' in built ? built.problems : {};
    const badReason = reasonProblem(reason, t);
    setLocal(badReason ? { ...problems, reason: badReason } : problems);
    clearError();
    if (!('device' in built) || badReason || busy) return;
    await run(async () => {
      const { device } = await client.call('devices.save', { device: built.device, reason: reason.trim() });
      onDone(device);
    });
  };
  const closeAsking = (): void => {
    const changed = JSON.stringify(typed) !== JSON.stringify(typedOf(start)) || reason.trim() !== '';
    if (!changed || window.confirm(t('devices.dropTyped'))) onClose();
  };

  const server = fieldErrors(error);
  const labels = { 'device.id': t('devices.id'), reason: t('field.reason') };
  const currentId = typed.form === 'json' ? typed.id : typed.draft.id;
  const configAt = typed.form === 'relay' ? 'device.config.board' : 'device.config';
  const errorOf = deviceFieldErrors(local, error, configAt);
  const placed = (path: string): boolean =>
    path === 'device.id' || path === 'reason' || (path.startsWith(`${configAt}.`) && (typed.form === 'relay' ? relayFieldPlaced : cameraFieldPlaced)(path.slice(configAt.length + 1)));
  // The JSON box has no fields: the kiosk's message, naming the bad field, goes beside the box.
  const coreMessage = errorLines(error, t, labels).join(' ') || undefined;
  return (
    <Dialog title={start.isNew ? t(`devices.newTitle.${kind}`) : t('devices.editTitle', { kind: t(`devices.kind.${kind}`), id: currentId })} onClose={closeAsking} wide>
      <form className="form-grid device-form" onSubmit={save} noValidate data-testid="device-editor" data-kind={kind}>
        <TextField
          name="id"
          label={t('devices.id')}
          value={currentId}
          onChange={(e) => setTyped(withId(typed, e.target.value.trim().toLowerCase()))}
          readOnly={!start.isNew}
          error={local.id ?? server['device.id']}
          autoComplete="off"
          spellCheck={false}
          data-autofocus={start.isNew ? true : undefined}
        />
        {typed.form === 'relay' ? (
          <RelayFields draft={typed.draft} set={(change) => setTyped({ form: 'relay', draft: { ...typed.draft, ...change } })} errorOf={errorOf} focusFirst={!start.isNew} modbusMaps={modbusMaps} />
        ) : typed.form === 'camera' ? (
          <CameraFields draft={typed.draft} set={(change) => setTyped({ form: 'camera', draft: { ...typed.draft, ...change } })} errorOf={errorOf} wasDemo={start.form === 'camera' && start.draft.driver === 'demo'} focusFirst={!start.isNew} />
        ) : (
          <Field label={t('devices.json')} error={local.json ?? coreMessage} hint={t('devices.jsonHint')} wide>
            {(a) => <textarea {...a} name="config" className="device-json" rows={8} value={typed.json} onChange={(e) => setTyped({ ...typed, json: e.target.value })} spellCheck={false} data-autofocus={start.isNew ? undefined : true} />}
          </Field>
        )}
        <ReasonField value={reason} onChange={setReason} error={local.reason ?? server.reason} presets="devices" />
        <div className="field-wide">{typed.form === 'json' ? null : <ErrorNotice error={unplacedError(error, placed)} labels={labels} reserve />}</div>
        <FormActions submit={<>{t('devices.save')} <kbd>Enter</kbd></>} busy={busy} onCancel={closeAsking} />
      </form>
    </Dialog>
  );
}
