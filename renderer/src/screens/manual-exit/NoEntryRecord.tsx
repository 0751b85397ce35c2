import { useState, type FormEvent, type ReactNode } from 'react';
import type { Session } from '../../api';
import { useApp } from '../../app/context';
import { zoneName } from '../../app/names';
import { useCallAction } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { SelectField, TextField } from '../../components/Field';
import { useI18n } from '../../i18n';

/**
 * A car at the exit that no stay matches: the kiosk prices it from the plate's entry record when a car inside reads
 * as that plate, else opens a stay at the lost-ticket charge (audited with the reason). The stay it answers is then
 * paid and let out in the exit panel like any other.
 */
export function NoEntryRecord({ plate, onPriced }: { plate: string; onPriced(session: Session): void }): ReactNode {
  const { client, layout } = useApp();
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [zoneId, setZoneId] = useState(layout.zones[0]?.id ?? '');
  const [vehicleClass, setVehicleClass] = useState(layout.vehicleClasses[0]?.id ?? '');
  const [reason, setReason] = useState('');
  const [priced, setPriced] = useState<string | null>(null);
  const { busy, error, run } = useCallAction();
  if (priced) return <p className="notice" role="status" data-testid="no-entry-priced">{priced}</p>;
  if (!open) return <button type="button" className="btn" onClick={() => setOpen(true)} data-testid="no-entry-open">{t('pay.noEntry')}</button>;

  const submit = (e: FormEvent): Promise<void> => {
    e.preventDefault();
    return run(async () => {
      const { quote, pricedFrom } = await client.call('payments.noEntryRecord', { plate: plate.trim(), zoneId, vehicleClass, reason: reason.trim() });
      const { session } = await client.call('sessions.get', { id: quote.sessionId });
      setPriced(t(`pay.noEntry.${pricedFrom}`, { plate: quote.plateKey }));
      onPriced(session);
    });
  };
  const server = fieldErrors(error);
  return (
    <form className="form-grid" onSubmit={(e) => void submit(e)} noValidate data-testid="no-entry-form">
      <p className="muted field-wide">{t('pay.noEntryHelp')}</p>
      <SelectField name="zone" label={t('field.zone')} value={zoneId} onChange={(e) => setZoneId(e.target.value)} error={server.zoneId}
        options={layout.zones.map((z) => ({ value: z.id, label: zoneName(layout, z.id) }))} />
      <SelectField name="vehicleClass" label={t('field.vehicleClass')} value={vehicleClass} onChange={(e) => setVehicleClass(e.target.value)} error={server.vehicleClass}
        options={layout.vehicleClasses.map((c) => ({ value: c.id, label: c.name }))} />
      <TextField name="noEntryReason" label={t('pay.noEntryReason')} value={reason} onChange={(e) => setReason(e.target.value)} error={server.reason} wide />
      <div className="form-actions field-wide">
        <button type="submit" className="btn btn-primary" disabled={busy}>{t('pay.noEntryOpen')}</button>
      </div>
      <ErrorNotice error={Object.keys(server).length ? null : error} />
    </form>
  );
}
