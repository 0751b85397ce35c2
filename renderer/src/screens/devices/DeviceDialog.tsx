import { useState, type FormEvent, type ReactNode } from 'react';
import type { DeviceConfig, DeviceKind } from '../../api/lane-types';
import { useApp } from '../../app/context';
import { useCallAction } from '../../app/hooks';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { errorLines, fieldErrors } from '../../components/errors';
import { Field, SelectField, TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { reasonProblem } from '../../lib/reason';
import { ReasonField } from '../../components/ReasonField';
import { BOARD_PROFILES, configOf, DATA_BITS, PARITIES, PORT_BY, PROTOCOLS, problemTexts, relayDeviceOf, STOP_BITS, type RelayDraft } from './draft';
import { FormActions } from '../../components/FormActions';

/** What the editor opens on: a relay board's form, or any device's config as JSON. */
export type DeviceStart =
  | { readonly form: 'relay'; readonly draft: RelayDraft; readonly isNew: boolean }
  | { readonly form: 'json'; readonly device: DeviceConfig; readonly isNew: boolean };

function RelayFields({ draft, set, errors }: { draft: RelayDraft; set(change: Partial<RelayDraft>): void; errors: Readonly<Record<string, string | undefined>> }): ReactNode {
  const { t } = useI18n();
  const num = (key: 'channels' | 'inputs' | 'modbusAddress' | 'pulseMs' | 'timeoutMs' | 'baudRate'): ReactNode => (
    <TextField name={key} inputMode="numeric" label={t(`devices.${key}`)} value={draft[key]} onChange={(e) => set({ [key]: e.target.value })} error={errors[key]} autoComplete="off" />
  );
  return (
    <>
      <SelectField name="protocol" label={t('devices.protocol')} value={draft.protocol} onChange={(e) => set({ protocol: e.target.value as RelayDraft['protocol'] })}
        options={PROTOCOLS.map((p) => ({ value: p, label: t(`devices.protocol.${p}`) }))} />
      <SelectField name="portBy" label={t('devices.portBy')} value={draft.portBy} onChange={(e) => set({ portBy: e.target.value as RelayDraft['portBy'] })}
        options={PORT_BY.map((p) => ({ value: p, label: t(`devices.portBy.${p}`) }))} />
      {draft.portBy === 'path' ? (
        <TextField name="path" label={t('devices.portPath')} value={draft.path} onChange={(e) => set({ path: e.target.value })} error={errors.path} autoComplete="off" spellCheck={false} wide />
      ) : draft.portBy === 'serialNumber' ? (
        <TextField name="serialNumber" label={t('devices.serialNumber')} value={draft.serialNumber} onChange={(e) => set({ serialNumber: e.target.value })} error={errors.serialNumber} hint={t('devices.serialNumberHint')} autoComplete="off" spellCheck={false} wide />
      ) : (
        <>
          <TextField name="vendorId" label={t('devices.vendorId')} value={draft.vendorId} onChange={(e) => set({ vendorId: e.target.value })} autoComplete="off" spellCheck={false} />
          <TextField name="productId" label={t('devices.productId')} value={draft.productId} onChange={(e) => set({ productId: e.target.value })} autoComplete="off" spellCheck={false} />
        </>
      )}
      {num('baudRate')}
      <SelectField name="dataBits" label={t('devices.dataBits')} value={draft.dataBits} onChange={(e) => set({ dataBits: e.target.value as RelayDraft['dataBits'] })}
        options={DATA_BITS.map((b) => ({ value: b, label: b || t('devices.default') }))} />
      <SelectField name="parity" label={t('devices.parity')} value={draft.parity} onChange={(e) => set({ parity: e.target.value as RelayDraft['parity'] })}
        options={PARITIES.map((p) => ({ value: p, label: p ? t(`devices.parity.${p}`) : t('devices.default') }))} />
      <SelectField name="stopBits" label={t('devices.stopBits')} value={draft.stopBits} onChange={(e) => set({ stopBits: e.target.value as RelayDraft['stopBits'] })}
        options={STOP_BITS.map((b) => ({ value: b, label: b || t('devices.default') }))} />
      <p className="muted field-wide">{t('devices.serialHint')}</p>
      <SelectField name="profile" label={t('devices.profile')} value={draft.profile} onChange={(e) => set({ profile: e.target.value as RelayDraft['profile'] })}
        options={BOARD_PROFILES[draft.protocol].map((p) => ({ value: p, label: t(`devices.profile.${p || `default.${draft.protocol}`}`) }))} wide />
      {num('channels')}
      {num('inputs')}
      {draft.protocol === 'modbus' ? (
        <>
          {num('modbusAddress')}
          <Field label={t('devices.registerMap')} error={errors.registerMap} hint={t('devices.registerMapHint')} wide>
            {(a) => <textarea {...a} name="registerMap" className="device-json" rows={4} value={draft.registerMap} onChange={(e) => set({ registerMap: e.target.value })} spellCheck={false} />}
          </Field>
        </>
      ) : null}
      {num('pulseMs')}
      {num('timeoutMs')}
      <p className="muted field-wide">{t('devices.defaultHint')}</p>
    </>
  );
}

/**
 * Adds or changes one device, with a reason (audited), applied live by the kiosk. A relay board on a serial port
 * has a form; anything else is its config as JSON, checked by the device's own driver schema in the kiosk.
 */
export function DeviceDialog({ start, onDone, onClose }: { start: DeviceStart; onDone(message: string): void; onClose(): void }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const [relay, setRelay] = useState<RelayDraft | null>(start.form === 'relay' ? start.draft : null);
  const [id, setId] = useState(start.form === 'json' ? start.device.id : '');
  const [json, setJson] = useState(start.form === 'json' ? JSON.stringify(start.device.config, null, 2) : '');
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const { busy, error, run, clearError } = useCallAction();
  const kind: DeviceKind = start.form === 'relay' ? 'relay' : start.device.kind;

  const build = (): { device: DeviceConfig } | { problems: Record<string, string> } => {
    if (relay) {
      const built = relayDeviceOf(relay);
      return 'device' in built ? built : { problems: problemTexts(built.problems, t) };
    }
    const parsed = configOf(json);
    if ('problem' in parsed) return { problems: { json: t(parsed.problem, { message: parsed.message }) } };
    if (!id.trim()) return { problems: { id: t('devices.required') } };
    return { device: { id: id.trim(), kind, config: parsed.config } };
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
      onDone(t('devices.saved', { id: device.id }));
    });
  };

  const server = fieldErrors(error);
  const labels = { 'device.id': t('devices.id'), reason: t('field.reason') };
  // The kiosk names the bad field of a config in its message (no issue paths): beside the JSON, or under the form.
  const coreMessage = Object.keys(server).length ? undefined : errorLines(error, t, labels).join(' ') || undefined;
  const kindName = t(`devices.kind.${kind}`);
  const currentId = relay ? relay.id : id;
  return (
    <Dialog title={start.isNew ? t(`devices.newTitle.${kind}`) : t('devices.editTitle', { kind: kindName, id: currentId })} onClose={onClose} wide>
      <form className="form-grid device-form" onSubmit={save} noValidate data-testid="device-editor" data-kind={kind}>
        <TextField
          name="id"
          label={t('devices.id')}
          value={currentId}
          onChange={(e) => (relay ? setRelay({ ...relay, id: e.target.value.trim().toLowerCase() }) : setId(e.target.value.trim().toLowerCase()))}
          readOnly={!start.isNew}
          error={local.id ?? server['device.id']}
          autoComplete="off"
          spellCheck={false}
          data-autofocus={start.isNew ? true : undefined}
        />
        {relay ? (
          <RelayFields draft={relay} set={(change) => setRelay({ ...relay, ...change })} errors={local} />
        ) : (
          <Field label={t('devices.json')} error={local.json ?? coreMessage} hint={t('devices.jsonHint')} wide>
            {(a) => <textarea {...a} name="config" className="device-json" rows={8} value={json} onChange={(e) => setJson(e.target.value)} spellCheck={false} data-autofocus={start.isNew ? undefined : true} />}
          </Field>
        )}
        <ReasonField value={reason} onChange={setReason} error={local.reason ?? server.reason} presets="devices" />
        <div className="field-wide">{relay ? <ErrorNotice error={Object.keys(server).length ? null : error} labels={labels} reserve /> : null}</div>
        <FormActions submit={<>{t('devices.save')} <kbd>Enter</kbd></>} busy={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
