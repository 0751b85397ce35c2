import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { SerialPortView } from '../../api/lane-types';
import { useApp } from '../../app/context';
import { useCallAction } from '../../app/hooks';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { FormActions } from '../../components/FormActions';
import { SelectField, TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { reasonProblem } from '../../lib/reason';
import { ReasonField } from '../../components/ReasonField';
import { problemTexts } from './draft';
import { PRINTER_BAUD_RATES, PRINTER_TRANSPORTS, printerSettingsOf, unlistedPort, type PrinterDraft } from './printer-draft';

/**
 * Adds or changes one receipt printer (where it serves, how it is connected), with a reason (audited); the kiosk
 * checks each field, stores it and re-opens the printer at once. A serial port the PC does not list is said beside
 * the field (and by the kiosk after saving), not refused: the printer may simply be unplugged now.
 */
export function PrinterDialog({ start, isNew, ports, onDone, onClose }: { start: PrinterDraft; isNew: boolean; ports: readonly SerialPortView[] | undefined; onDone(message: string, warnings: readonly string[]): void; onClose(): void }): ReactNode {
  const { client, layout } = useApp();
  const { t } = useI18n();
  const portsId = useId();
  const [draft, setDraft] = useState<PrinterDraft>(start);
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string | undefined>>({});
  const { busy, error, run, clearError } = useCallAction();
  const set = (change: Partial<PrinterDraft>): void => setDraft((d) => ({ ...d, ...change }));

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const built = printerSettingsOf(draft);
    const all = { ...('problems' in built ? problemTexts(built.problems, t) : {}), reason: reasonProblem(reason, t) };
    setLocal(all);
    clearError();
    if (!('printer' in built) || all.reason || busy) return;
    await run(async () => {
      const { printer, warnings } = await client.call('printers.save', { printer: built.printer, isNew, reason: reason.trim() });
      onDone(t('printers.saved', { id: printer.id }), warnings);
    });
  };

  const server = fieldErrors(error);
  const errorOf = (field: string): string | undefined => local[field] ?? server[`printer.connection.${field}`];
  const labels = { 'printer.id': t('devices.id'), 'printer.laneId': t('printers.serves'), 'printer.connection.host': t('printers.host'), 'printer.connection.port': t('printers.port'), 'printer.connection.path': t('printers.path'), 'printer.connection.baudRate': t('printers.baudRate'), reason: t('field.reason') };
  // Transports offered: network and serial; the simulated printer only to keep the demo site's as it is.
  const transports = PRINTER_TRANSPORTS.filter((x) => x !== 'simulated' || start.transport === 'simulated');
  const notListed = unlistedPort(draft, ports);
  return (
    <Dialog title={isNew ? t('printers.newTitle') : t('printers.editTitle', { id: draft.id })} onClose={onClose} wide>
      <form className="form-grid device-form" onSubmit={save} noValidate data-testid="printer-editor">
        <TextField
          name="id"
          label={t('devices.id')}
          value={draft.id}
          onChange={(e) => set({ id: e.target.value.trim().toLowerCase() })}
          readOnly={!isNew}
          error={local.id ?? server['printer.id']}
          autoComplete="off"
          spellCheck={false}
          data-autofocus={isNew ? true : undefined}
        />
        <SelectField
          name="laneId"
          label={t('printers.serves')}
          value={draft.laneId}
          onChange={(e) => set({ laneId: e.target.value })}
          error={server['printer.laneId']}
          options={[{ value: '', label: t('printers.booth') }, ...layout.lanes.filter((l) => l.direction === 'exit').map((l) => ({ value: l.id, label: l.name }))]}
          data-autofocus={isNew ? undefined : true}
        />
        <SelectField name="transport" label={t('printers.transport')} value={draft.transport} onChange={(e) => set({ transport: e.target.value as PrinterDraft['transport'] })} options={transports.map((x) => ({ value: x, label: t(`printers.transport.${x}`) }))} />
        {draft.transport === 'tcp' ? (
          <>
            <TextField name="host" label={t('printers.host')} value={draft.host} onChange={(e) => set({ host: e.target.value })} error={errorOf('host')} hint={t('printers.hostHint')} autoComplete="off" spellCheck={false} />
            <TextField name="port" inputMode="numeric" label={t('printers.port')} value={draft.port} onChange={(e) => set({ port: e.target.value })} error={errorOf('port')} hint={t('printers.portHint')} autoComplete="off" />
          </>
        ) : draft.transport === 'serial' ? (
          <>
            <TextField name="path" label={t('printers.path')} value={draft.path} onChange={(e) => set({ path: e.target.value })} error={errorOf('path')} hint={notListed ? <span className="field-warn">{t('printers.pathNotListed', { path: notListed })}</span> : t('printers.pathHint')} list={portsId} autoComplete="off" spellCheck={false} />
            <datalist id={portsId}>
              {(ports ?? []).map((p) => (
                <option key={p.path} value={p.path}>{[p.manufacturer, p.serialNumber].filter(Boolean).join(' · ')}</option>
              ))}
            </datalist>
            <SelectField name="baudRate" label={t('printers.baudRate')} value={draft.baudRate} onChange={(e) => set({ baudRate: e.target.value })} error={errorOf('baudRate')} options={PRINTER_BAUD_RATES.map((b) => ({ value: b, label: b }))} />
          </>
        ) : (
          <p className="muted field-wide">{t('printers.simulatedHint')}</p>
        )}
        <ReasonField value={reason} onChange={setReason} error={local.reason ?? server.reason} presets="devices" />
        <div className="field-wide">
          <ErrorNotice error={Object.keys(server).length ? null : error} labels={labels} reserve />
        </div>
        <FormActions submit={<>{t('devices.save')} <kbd>Enter</kbd></>} busy={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
