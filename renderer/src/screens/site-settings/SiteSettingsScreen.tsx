import { useEffect, useRef, useState, type FormEvent, type ReactNode, type Ref } from 'react';
import { useApp } from '../../app/context';
import { useCallAction, useLoad } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { Field, TextField } from '../../components/Field';
import { useI18n, type MessageKey } from '../../i18n';
import { reasonProblem } from '../../lib/reason';
import { BookingPolicyForm } from './BookingPolicyForm';
import { PlateHomeCountryField, PlateRegionsField } from './PlateRegionsField';
import { ReasonAndSave } from './ReasonAndSave';
import { draftOf, ROLES, settingsOf, type SettingsDraft } from './draft';
import { SiteForm } from './SiteForm';
import './site-settings.css';

/** What to type, for the fields that are not plain numbers. */
const FORMAT_HINTS: Readonly<Record<string, MessageKey>> = { smsQuietHours: 'settings.smsQuietHoursHint', smsRateLimit: 'settings.smsRateLimitHint' };

/** A few lines of text, one receipt line each. */
function LinesField({ label, hint, value, onChange, error, inputRef }: { label: string; hint: string; value: string; onChange(v: string): void; error: string | undefined; inputRef?: Ref<HTMLTextAreaElement> }): ReactNode {
  return (
    <Field label={label} error={error} hint={hint} wide>
      {(a) => <textarea {...a} ref={inputRef} rows={4} className="settings-lines" value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

/**
 * Admin (Shift+F12): what the site runs with after set-up. Saved whole with a reason (audited, sent to head office);
 * each setting says where it takes effect. Focus starts on the first field and comes back to it after a save.
 * Below: the site's own fields (name, time zone, locale, tax rate) and the booking policy, each saved on its own.
 */
export function SiteSettingsScreen(): ReactNode {
  const { client, route } = useApp();
  const { t } = useI18n();
  const first = useRef<HTMLTextAreaElement>(null);
  const loaded = useLoad(() => client.call('settings.get', {}), []);
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useCallAction();
  useEffect(() => {
    if (loaded.data) setDraft(draftOf(loaded.data.settings));
  }, [loaded.data]);
  useEffect(() => first.current?.focus(), [route.focus, draft === null]);

  if (!draft) return <section className="screen"><ErrorNotice error={loaded.error} /><p className="muted">{t('common.loading')}</p></section>;
  const change = (patch: Partial<SettingsDraft>): void => {
    setSaved(false);
    setDraft({ ...draft, ...patch });
  };
  const server = fieldErrors(error);
  const problem = (path: string): string | undefined => local[path] ?? server[`settings.${path}`];
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const settings = settingsOf(draft);
    const problems: Record<string, string> = {};
    if ('badField' in settings) problems[settings.badField] = t(FORMAT_HINTS[settings.badField] ?? 'validation.number');
    const reasonText = reasonProblem(reason, t);
    if (reasonText) problems['reason'] = reasonText;
    setLocal(problems);
    if ('badField' in settings || reasonText) return;
    await run(async () => {
      const result = await client.call('settings.save', { settings, reason: reason.trim() });
      setDraft(draftOf(result.settings));
      setReason('');
      setSaved(true);
      first.current?.focus();
    });
  };
  const updated = loaded.data?.updatedBy ? t('settings.updated', { by: loaded.data.updatedBy }) : t('settings.neverSaved');
  return (
    <div className="site-settings-screen">
      <section className="screen site-settings" data-testid="site-settings">
        <header className="screen-head">
          <h1>{t('settings.title')}</h1>
          <p className="muted">{updated}</p>
        </header>
        <form className="form-grid" onSubmit={submit} noValidate>
          <h2 className="field-wide">{t('settings.receipts')}</h2>
          <LinesField label={t('settings.receiptHeader')} hint={t('settings.linesHint')} value={draft.receiptHeader} inputRef={first}
            onChange={(v) => change({ receiptHeader: v })} error={problem('receiptHeader')} />
          <LinesField label={t('settings.receiptFooter')} hint={t('settings.linesHint')} value={draft.receiptFooter}
            onChange={(v) => change({ receiptFooter: v })} error={problem('receiptFooter')} />
          <h2 className="field-wide">{t('settings.privacy')}</h2>
          <TextField label={t('settings.evidenceRetentionDays')} inputMode="numeric" className="input-int num" value={draft.evidenceRetentionDays}
            hint={t('settings.evidenceHint')} onChange={(e) => change({ evidenceRetentionDays: e.target.value })} error={problem('evidenceRetentionDays')} />
          <h2 className="field-wide">{t('settings.logout')}</h2>
          {ROLES.map((role) => (
            <TextField key={role} label={t('settings.idleLogout', { role: t(`role.${role}`) })} inputMode="numeric" className="input-int num"
              placeholder={t('settings.never')} value={draft.idleLogoutMinutes[role]} error={problem(`idleLogoutMinutes.${role}`)}
              onChange={(e) => change({ idleLogoutMinutes: { ...draft.idleLogoutMinutes, [role]: e.target.value } })} />
          ))}
          <TextField label={t('settings.maxLoginHours')} inputMode="numeric" className="input-int num" placeholder={t('settings.noLimit')}
            value={draft.maxLoginHours} onChange={(e) => change({ maxLoginHours: e.target.value })} error={problem('maxLoginHours')} />
          <h2 className="field-wide">{t('settings.sms')}</h2>
          <TextField label={t('settings.smsQuietHours')} placeholder="21:00-08:00" hint={t('settings.smsQuietHoursHint')} value={draft.smsQuietHours}
            onChange={(e) => change({ smsQuietHours: e.target.value })} error={problem('smsQuietHours')} />
          <TextField label={t('settings.smsRateLimit')} placeholder="3/60" hint={t('settings.smsRateLimitHint')} value={draft.smsRateLimit}
            onChange={(e) => change({ smsRateLimit: e.target.value })} error={problem('smsRateLimit')} />
          <h2 className="field-wide">{t('settings.payments')}</h2>
          <TextField label={t('settings.qrPayPageUrl')} placeholder="https://" hint={t('settings.qrPayPageUrlHint')} value={draft.qrPayPageUrl} wide
            onChange={(e) => change({ qrPayPageUrl: e.target.value })} error={problem('qrPayPageUrl')} />
          <h2 className="field-wide">{t('settings.plates')}</h2>
          <PlateRegionsField value={draft.plateRegions} onChange={(plateRegions) => change({ plateRegions })} error={problem('plateRegions')} />
          <PlateHomeCountryField value={draft.plateHomeCountry} onChange={(plateHomeCountry) => change({ plateHomeCountry })} error={problem('plateHomeCountry')} />
          <ReasonAndSave label={t('field.reason')} reason={reason} onReason={setReason} reasonError={local['reason'] ?? server['reason']} busy={busy}
            save={t('settings.save')} error={error} fieldErrors={server} saved={saved ? { testId: 'settings-saved', text: t('settings.saved') } : null} />
        </form>
      </section>
      <SiteForm />
      <BookingPolicyForm />
    </div>
  );
}
