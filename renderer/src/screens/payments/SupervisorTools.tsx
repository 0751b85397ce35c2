import { useState, type FormEvent, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCallAction, useLoad } from '../../app/hooks';
import { ErrorNotice, SuccessNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { SelectField, TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { reasonProblem } from '../../lib/reason';

const POLICIES = ['hold', 'let-out-record-debt'] as const;
const BELOW_CARD_MINIMUM = ['cash_or_wallet', 'waive'] as const;

/** The site's offline policy, QR link lifetime and what a stay under the card minimum pays (audited with a reason). */
export function PaymentSettingsForm(): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const current = useLoad(async () => (await client.call('payments.settings', {})).settings, []);
  const [policy, setPolicy] = useState<(typeof POLICIES)[number] | null>(null);
  const [ttl, setTtl] = useState<string | null>(null);
  const [belowMinimum, setBelowMinimum] = useState<(typeof BELOW_CARD_MINIMUM)[number] | null>(null);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useCallAction();
  const s = current.data;
  if (!s) return <ErrorNotice error={current.error} />;
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const p = reasonProblem(reason, t);
    setProblem(p);
    if (p) return;
    await run(async () => {
      const minutes = Number(ttl ?? s.qrLinkTtlS / 60);
      await client.call('payments.saveSettings', { settings: { offlinePolicy: policy ?? s.offlinePolicy, qrLinkTtlS: Math.round(minutes * 60), belowCardMinimum: belowMinimum ?? s.belowCardMinimum }, reason: reason.trim() });
      setSaved(true);
      setReason('');
      void current.reload();
    });
  };
  const server = fieldErrors(error);
  return (
    <details className="card">
      <summary>{t('payments.settings')}</summary>
      <form className="form-grid" onSubmit={submit} noValidate data-testid="payment-settings">
        <SelectField label={t('payments.offlinePolicy')} value={policy ?? s.offlinePolicy} onChange={(e) => setPolicy(e.target.value as (typeof POLICIES)[number])} options={POLICIES.map((p) => ({ value: p, label: t(`payments.policy.${p}`) }))} />
        <SelectField label={t('payments.belowCardMinimum')} value={belowMinimum ?? s.belowCardMinimum} onChange={(e) => setBelowMinimum(e.target.value as (typeof BELOW_CARD_MINIMUM)[number])}
          options={BELOW_CARD_MINIMUM.map((p) => ({ value: p, label: t(`payments.belowCardMinimum.${p}`) }))} />
        <TextField name="qr-ttl" label={t('payments.qrTtl')} inputMode="numeric" value={ttl ?? String(s.qrLinkTtlS / 60)} onChange={(e) => setTtl(e.target.value)} error={server['settings.qrLinkTtlS']} />
        <TextField name="settings-reason" label={t('field.reason')} value={reason} onChange={(e) => setReason(e.target.value)} error={problem ?? server.reason} autoComplete="off" wide />
        <div className="form-actions field-wide"><button type="submit" className="btn" disabled={busy}>{t('payments.saveSettings')}</button></div>
        <div className="field-wide">
          {saved ? <SuccessNotice>{t('payments.settingsSaved')}</SuccessNotice> : null}
          <ErrorNotice error={Object.keys(server).length ? null : error} />
        </div>
      </form>
    </details>
  );
}
