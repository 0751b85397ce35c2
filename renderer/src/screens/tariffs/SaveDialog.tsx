import { useState, type FormEvent, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCallAction } from '../../app/hooks';
import { WallDateTimeField } from '../../components/DateTimeField';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { epochToZonedInput } from '../../i18n/format';
import { reasonProblem } from '../../lib/reason';
import { nextMinute, toSave, type RateTable } from './draft';
import { FormActions } from '../../components/FormActions';

/** Saving makes a new version that takes effect at a time of the supervisor's choosing; the reason is audited. */
export function SaveDialog({ draft, saved, onClose, onSaved, onError }: {
  draft: RateTable;
  saved: readonly RateTable[];
  onClose(): void;
  onSaved(t: RateTable): void;
  onError(e: unknown): void;
}): ReactNode {
  const { client } = useApp();
  const { t, fmt } = useI18n();
  const [from, setFrom] = useState(() => epochToZonedInput(nextMinute(Date.now()), fmt.timeZone));
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const { busy, error, run } = useCallAction();
  const version = Math.max(0, ...saved.filter((x) => x.id === draft.id).map((x) => x.version)) + 1;

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const table = toSave(draft, saved, from, fmt.timeZone);
    const v: Record<string, string> = {};
    if (table === 'effectiveFrom') v.from = t('validation.dateTime');
    if (table === 'effectiveFromOrder') v.from = t('tariff.fromOrder');
    const badReason = reasonProblem(reason, t);
    if (badReason) v.reason = badReason;
    setLocal(v);
    if (Object.keys(v).length || typeof table === 'string') return;
    await run(async () => {
      onSaved((await client.call('tariffs.save', { table, reason: reason.trim() })).table);
    }, onError);
  };
  return (
    <Dialog title={t('tariff.saveTitle', { name: draft.name, version })} onClose={onClose}>
      <form className="form-grid" onSubmit={submit} noValidate data-testid="tariff-save-form">
        <WallDateTimeField label={t('tariff.effectiveFrom', { zone: fmt.timeZone })} name="effective-from" value={from} onChange={setFrom} error={local.from} wide />
        <TextField label={t('field.reason')} value={reason} onChange={(e) => setReason(e.target.value)} error={local.reason ?? fieldErrors(error).reason} wide data-autofocus />
        <FormActions submit={t('tariff.saveSubmit', { version })} busy={busy} onCancel={onClose} />
      </form>
      <ErrorNotice error={fieldErrors(error).reason ? null : error} labels={{ table: t('tariff.draftLabel') }} />
    </Dialog>
  );
}
