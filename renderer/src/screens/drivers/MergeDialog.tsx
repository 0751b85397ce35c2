import { useState, type FormEvent, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCallAction, useLoad } from '../../app/hooks';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { ReasonField } from '../../components/ReasonField';
import { useI18n } from '../../i18n';
import { driverSearchOf } from '../../lib/driver-search';
import { reasonProblem } from '../../lib/reason';
import type { DriverView } from './draft';

/**
 * A supervisor merges another record of the same person into this one: find it (name, phone, email or plate), pick
 * it, give the reason. The kiosk checks both versions as read here, so a change at another console meanwhile is
 * refused rather than merged over.
 */
export function MergeDialog({ driver, onClose, onMerged }: { driver: DriverView; onClose(): void; onMerged(driver: DriverView, fromId: number): void }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const [typed, setTyped] = useState('');
  const [picked, setPicked] = useState<DriverView | null>(null);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const { busy, error, run } = useCallAction();
  const found = useLoad(async () => (typed.trim() === '' ? [] : (await client.call('drivers.search', driverSearchOf(typed, 10))).drivers.filter((d) => d.id !== driver.id && !d.erased && d.mergedInto === null)), [typed]);
  const merge = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const bad = reasonProblem(reason, t);
    setProblem(bad);
    if (bad || busy || !picked) return;
    await run(async () => {
      const { driver: merged } = await client.call('drivers.merge', { fromId: picked.id, fromVersion: picked.version, intoId: driver.id, intoVersion: driver.version, reason: reason.trim() });
      onMerged(merged, picked.id);
    });
  };
  return (
    <Dialog title={t('driverMerge.title', { name: driver.name ?? String(driver.id) })} onClose={onClose}>
      <form onSubmit={merge} noValidate className="form-grid" data-testid="merge-driver">
        <p className="field-wide muted">{t('driverMerge.explain')}</p>
        <TextField name="merge-search" label={t('driverMerge.find')} value={typed} wide autoFocus onChange={(e) => { setTyped(e.target.value); setPicked(null); }} />
        <fieldset className="candidates field-wide" aria-label={t('driverMerge.pick')}>
          <legend>{t('driverMerge.pick')}</legend>
          {(found.data ?? []).map((d) => (
            <label key={d.id} className={`candidate${picked?.id === d.id ? ' candidate-picked' : ''}`} data-driver={d.id}>
              <input type="radio" name="merge-from" value={d.id} checked={picked?.id === d.id} onChange={() => setPicked(d)} />
              <b>{d.name ?? t('drivers.erasedName', { id: d.id })}</b>
              <span className="candidate-meta">{t('driver.profile', { id: d.id })} · {[d.phone, d.email, ...d.vehicles.map((v) => v.plateKey)].filter(Boolean).join(' · ')}</span>
            </label>
          ))}
          {typed.trim() !== '' && found.data?.length === 0 ? <p className="muted">{t('driverMerge.none')}</p> : null}
        </fieldset>
        <ReasonField value={reason} onChange={setReason} error={problem} presets="driver" />
        <ErrorNotice error={error ?? found.error} labels={{ reason: t('field.reason') }} />
        <FormActions submit={picked ? t('driverMerge.confirm', { from: picked.id, into: driver.id }) : t('driverMerge.pickFirst')} busy={busy || !picked} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
