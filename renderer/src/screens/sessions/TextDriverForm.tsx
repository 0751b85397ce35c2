import { useState, type FormEvent, type ReactNode } from 'react';
import type { CallOutput } from '../../api';
import { useApp } from '../../app/context';
import { useCallAction } from '../../app/hooks';
import { WallDateTimeField } from '../../components/DateTimeField';
import { ErrorNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { useI18n } from '../../i18n';
import { epochToZonedInput, zonedInputToEpoch } from '../../i18n/format';

export type TextKind = 'receipt' | 'reminder';
export type QueuedText = CallOutput<'sms.sendReceipt'>['message'];

/** The kiosk's own rule (contract e164), checked here too so a typo is caught before the round trip. */
const INTERNATIONAL = /^\+[1-9]\d{6,14}$/;
const DEFAULT_LEAD_MINUTES = 15;

/**
 * Texts the driver at their request: the receipt of a paid stay, or a reminder before the stay ends (the time
 * the driver means to be back, or the end of the grace period after paying). The kiosk queues it, honours
 * opt-outs, quiet hours and the per-number limit, and never sends one twice.
 */
export function TextDriverForm({ sessionId, kind, endsAt, onCancel, onQueued }: {
  sessionId: number;
  kind: TextKind;
  /** The default end of the stay for a reminder (epoch ms), when the kiosk knows one. */
  endsAt: number | null;
  onCancel(): void;
  onQueued(message: QueuedText): void;
}): ReactNode {
  const { client } = useApp();
  const { t, fmt } = useI18n();
  const [to, setTo] = useState('');
  const [ends, setEnds] = useState(endsAt ? epochToZonedInput(endsAt, fmt.timeZone) : '');
  const [local, setLocal] = useState<Record<string, string | undefined>>({});
  const { busy, error, run } = useCallAction();

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const number = to.replace(/[\s()-]/g, '');
    const endsAtMs = kind === 'reminder' ? zonedInputToEpoch(ends, fmt.timeZone) : null;
    const problems = {
      to: INTERNATIONAL.test(number) ? undefined : t('text.numberShape'),
      endsAt: kind === 'reminder' && endsAtMs === null ? t('text.endsAtMissing') : undefined,
    };
    setLocal(problems);
    if (problems.to || problems.endsAt || busy) return;
    await run(async () => {
      const { message } = kind === 'receipt'
        ? await client.call('sms.sendReceipt', { sessionId, to: number })
        : await client.call('sms.remindStayEnd', { sessionId, to: number, endsAt: endsAtMs!, leadMinutes: DEFAULT_LEAD_MINUTES });
      onQueued(message);
    });
  };
  const server = fieldErrors(error);
  return (
    <form className="inline-form text-driver-form" onSubmit={submit} noValidate data-testid="text-driver-form">
      <p className="muted field-wide">{t(kind === 'receipt' ? 'text.receiptHint' : 'text.reminderHint', { minutes: DEFAULT_LEAD_MINUTES })}</p>
      <TextField name="driver-phone" label={t('text.number')} type="tel" inputMode="tel" autoComplete="off" value={to} onChange={(e) => setTo(e.target.value)} error={local.to ?? server.to} hint={t('text.numberHint')} autoFocus data-autofocus />
      {kind === 'reminder' ? (
        <WallDateTimeField name="stay-ends" label={t('text.endsAt')} value={ends} onChange={setEnds} error={local.endsAt ?? server.endsAt} />
      ) : null}
      <FormActions submit={t(kind === 'receipt' ? 'text.sendReceipt' : 'text.sendReminder')} busy={busy} onCancel={onCancel} />
      <ErrorNotice error={Object.keys(server).length ? null : error} labels={{ to: t('text.number'), endsAt: t('text.endsAt') }} />
    </form>
  );
}
