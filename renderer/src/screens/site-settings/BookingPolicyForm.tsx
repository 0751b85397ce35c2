import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCallAction, useLoad } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { Field, TextField } from '../../components/Field';
import { useI18n, type MessageKey } from '../../i18n';
import { reasonProblem } from '../../lib/reason';
import { ReasonAndSave } from './ReasonAndSave';
import { SectionForm } from './SectionForm';
import { policyDraftOf, policyOf, type PolicyDraft } from './site-draft';

/** Each typed field, its label, and the policy field the kiosk names when it refuses a value. */
const FIELDS: readonly { draft: Exclude<keyof PolicyDraft, 'payOnArrival'>; label: MessageKey; policy: string; amount?: true }[] = [
  { draft: 'freeCancelHours', label: 'settings.freeCancelHours', policy: 'freeCancelHours' },
  { draft: 'cancelFee', label: 'settings.cancelFee', policy: 'cancelFeeMinor', amount: true },
  { draft: 'noShowGraceMinutes', label: 'settings.noShowGraceMinutes', policy: 'noShowGraceMinutes' },
  { draft: 'noShowFee', label: 'settings.noShowFee', policy: 'noShowFeeMinor', amount: true },
  { draft: 'arriveEarlyMinutes', label: 'settings.arriveEarlyMinutes', policy: 'arriveEarlyMinutes' },
  { draft: 'headofficeAllotmentPercent', label: 'settings.headofficeAllotment', policy: 'headofficeAllotmentBp' },
];

/** The booking and cancellation policy (bookings.savePolicy: supervisor and up in the kiosk), with a reason. */
export function BookingPolicyForm(): ReactNode {
  const { client } = useApp();
  const { t, fmt } = useI18n();
  const loaded = useLoad(() => client.call('bookings.policy', {}), []);
  const [draft, setDraft] = useState<PolicyDraft | null>(null);
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useCallAction();
  useEffect(() => {
    if (loaded.data) setDraft(policyDraftOf(loaded.data, fmt.digits));
  }, [loaded.data, fmt.digits]);

  if (!draft) return <section className="site-form"><ErrorNotice error={loaded.error} /></section>;
  const change = (patch: Partial<PolicyDraft>): void => {
    setSaved(false);
    setDraft({ ...draft, ...patch });
  };
  const server = fieldErrors(error);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const policy = policyOf(draft, fmt.digits);
    const problems: Record<string, string> = {};
    if ('badField' in policy) problems[policy.badField] = t(FIELDS.find((f) => f.draft === policy.badField)?.amount ? 'validation.amount' : 'validation.number');
    const reasonText = reasonProblem(reason, t);
    if (reasonText) problems['reason'] = reasonText;
    setLocal(problems);
    if ('badField' in policy || reasonText) return;
    await run(async () => {
      const result = await client.call('bookings.savePolicy', { policy, reason: reason.trim() });
      setDraft(policyDraftOf(result, fmt.digits));
      setReason('');
      setSaved(true);
    });
  };
  return (
    <SectionForm testId="booking-policy" title={t('settings.bookings')} onSubmit={(e) => void submit(e)}>
      <Field label={t('settings.payOnArrival')}>
        {(a) => <input {...a} type="checkbox" checked={draft.payOnArrival} onChange={(e) => change({ payOnArrival: e.target.checked })} />}
      </Field>
      {FIELDS.map((field) => (
        <TextField key={field.draft} label={t(field.label)} inputMode={field.amount ? 'decimal' : 'numeric'} className="input-int num" value={draft[field.draft]}
          onChange={(e) => change({ [field.draft]: e.target.value })} error={local[field.draft] ?? server[`policy.${field.policy}`]} />
      ))}
      <ReasonAndSave label={t('settings.policyReason')} reason={reason} onReason={setReason} reasonError={local['reason'] ?? server['reason']} busy={busy}
        save={t('settings.savePolicy')} error={error} fieldErrors={server} saved={saved ? { testId: 'policy-saved', text: t('settings.policySaved') } : null} />
    </SectionForm>
  );
}
