import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCallAction, useLoad } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { Field, TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { formatMoney } from '../../i18n/format';
import { reasonProblem } from '../../lib/reason';
import { ReasonAndSave } from './ReasonAndSave';
import { SectionForm } from './SectionForm';
import { siteDraftOf, siteOf, type SiteDraft, type SiteView } from './site-draft';

/** What an amount looks like in a locale, or null for a locale the browser cannot format. */
function sampleAmount(locale: string, currency: string): string | null {
  try {
    return formatMoney(1250, currency, locale.trim());
  } catch {
    return null;
  }
}

/**
 * The site's name, time zone, how amounts and dates are written, and its tax rate (admin). The kiosk reloads them at
 * once; a new time zone while cars are inside is saved only once the admin has read what happens to their stays.
 */
export function SiteForm(): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const loaded = useLoad(() => client.call('settings.site', {}), []);
  const [view, setView] = useState<SiteView | null>(null);
  const [draft, setDraft] = useState<SiteDraft | null>(null);
  const [acknowledged, setAcknowledged] = useState(false);
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useCallAction();
  const zones = useMemo(() => Intl.supportedValuesOf('timeZone'), []);
  useEffect(() => {
    if (!loaded.data) return;
    setView(loaded.data);
    setDraft(siteDraftOf(loaded.data.site));
  }, [loaded.data]);

  if (!view || !draft) return <section className="site-form"><ErrorNotice error={loaded.error} /></section>;
  const change = (patch: Partial<SiteDraft>): void => {
    setSaved(false);
    setDraft({ ...draft, ...patch });
  };
  const zoneMoves = draft.timeZone.trim() !== view.site.timeZone && view.carsInside > 0;
  const server = fieldErrors(error);
  const problem = (field: string): string | undefined => local[field] ?? server[`site.${field}`];
  const sample = sampleAmount(draft.locale, view.site.currency);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const site = siteOf(draft);
    const problems: Record<string, string> = {};
    if ('badField' in site) problems['taxRateBp'] = t('settings.taxRateHint');
    if (zoneMoves && !acknowledged) problems['acknowledge'] = t('settings.acknowledgeNeeded');
    const reasonText = reasonProblem(reason, t);
    if (reasonText) problems['reason'] = reasonText;
    setLocal(problems);
    if ('badField' in site || Object.keys(problems).length > 0) return;
    await run(async () => {
      const result = await client.call('settings.saveSite', { site, reason: reason.trim(), carsInsideAcknowledged: acknowledged });
      setView(result);
      setDraft(siteDraftOf(result.site));
      setAcknowledged(false);
      setReason('');
      setSaved(true);
    });
  };
  return (
    <SectionForm testId="site-identity" title={t('settings.site')} onSubmit={(e) => void submit(e)}>
      <TextField label={t('settings.siteName')} value={draft.name} onChange={(e) => change({ name: e.target.value })} error={problem('name')} />
      <TextField label={t('settings.timeZone')} value={draft.timeZone} list="site-time-zones" autoComplete="off" hint={t('settings.timeZoneHint')}
        onChange={(e) => change({ timeZone: e.target.value })} error={problem('timeZone')} />
      <datalist id="site-time-zones">{zones.map((zone) => <option key={zone} value={zone} />)}</datalist>
      <TextField label={t('settings.locale')} value={draft.locale} autoComplete="off" error={problem('locale')}
        hint={sample ? t('settings.localeSample', { sample }) : t('settings.localeHint')} onChange={(e) => change({ locale: e.target.value })} />
      <TextField label={t('settings.taxRate')} inputMode="decimal" className="input-int num" value={draft.taxRatePercent} hint={t('settings.taxRateHint')}
        onChange={(e) => change({ taxRatePercent: e.target.value })} error={problem('taxRateBp')} />
      <div className="field readonly">
        <span className="label">{t('settings.currency')}</span>
        <span>{view.site.currency}</span>
        <span className="field-hint">{t('settings.currencyFixed')}</span>
      </div>
      {zoneMoves ? (
        <div className="field-wide notice notice-warn" role="alert" data-testid="zone-warning">
          <p>{t('settings.zoneWarning', { count: view.carsInside, zone: draft.timeZone.trim() })}</p>
          <Field label={t('settings.acknowledge')} error={local['acknowledge']} wide>
            {(a) => <input {...a} type="checkbox" checked={acknowledged} onChange={(e) => setAcknowledged(e.target.checked)} />}
          </Field>
        </div>
      ) : null}
      <ReasonAndSave label={t('settings.siteReason')} reason={reason} onReason={setReason} reasonError={local['reason'] ?? server['reason']} busy={busy}
        save={t('settings.saveSite')} error={error} fieldErrors={server} saved={saved ? { testId: 'site-saved', text: t('settings.siteSaved') } : null} />
    </SectionForm>
  );
}
