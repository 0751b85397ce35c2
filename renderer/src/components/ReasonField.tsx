import { useId, type ReactNode } from 'react';
import { useI18n, type MessageKey } from '../i18n';
import { TextField } from './Field';

const PRESETS = {
  entry: ['reason.entry.unread', 'reason.entry.cameraDown', 'reason.entry.visitor'],
  exit: ['reason.exit.unread', 'reason.exit.paidAtBooth', 'reason.exit.barrier'],
  access: ['reason.access.holderAsked', 'reason.access.contract', 'reason.access.incident'],
  devices: ['reason.devices.installed', 'reason.devices.replaced', 'reason.devices.rewired'],
  plateFix: ['reason.plateFix.documents', 'reason.plateFix.evidence', 'reason.plateFix.exit'],
  booking: ['reason.booking.driverAsked', 'reason.booking.plansChanged', 'reason.booking.didNotCome'],
  driver: ['reason.driver.subjectRequest', 'reason.driver.duplicate'],
} as const satisfies Record<string, readonly MessageKey[]>;

/** Free text with the common reasons offered as suggestions (type, or pick with the arrow keys). */
export function ReasonField({ value, onChange, error, presets }: { value: string; onChange(v: string): void; error?: string | undefined; presets: keyof typeof PRESETS }): ReactNode {
  const { t } = useI18n();
  const listId = useId();
  return (
    <>
      <TextField name="reason" label={t('field.reason')} value={value} onChange={(e) => onChange(e.target.value)} error={error} list={listId} autoComplete="off" hint={t('field.reasonHint')} wide />
      <datalist id={listId}>
        {PRESETS[presets].map((k) => (
          <option key={k} value={t(k)} />
        ))}
      </datalist>
    </>
  );
}
