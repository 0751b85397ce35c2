import { useCallback, useState, type ReactNode } from 'react';
import './tariffs.css';
import { isCallFailure } from '../../api';
import { useApp } from '../../app/context';
import { useLoad } from '../../app/hooks';
import { className } from '../../app/names';
import { ErrorNotice, SuccessNotice } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n';
import { blankTable, draftIssues, latestTables, setIn, type Path, type RateTable } from './draft';
import { IssuesContext } from './inputs';
import { QuotePreview } from './QuotePreview';
import { SaveDialog } from './SaveDialog';
import { TariffForm } from './TariffForm';
import { moveAmongButtons } from '../../lib/rows';

/**
 * Supervisor: rate tables. Pick a table, edit a draft with a live priced example beside it, save it as the next
 * version from a chosen time. Switching tables is blocked while the draft has unsaved changes.
 */
export function TariffsScreen(): ReactNode {
  const { client, layout, can } = useApp();
  const { t, fmt } = useI18n();
  const tables = useLoad(async () => (await client.call('tariffs.list', {})).tables, []);
  const [base, setBase] = useState<RateTable | null>(null);
  const [draft, setDraft] = useState<RateTable | null>(null);
  const [issues, setIssues] = useState<Map<string, string>>(new Map());
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<RateTable | null>(null);

  const all = tables.data ?? [];
  const latest = latestTables(all);
  const dirty = draft !== null && JSON.stringify(draft) !== JSON.stringify(base);
  const open = (table: RateTable): void => {
    setBase(table);
    setDraft(table);
    setIssues(new Map());
    setSaved(null);
  };
  const change = useCallback((path: Path, value: unknown) => setDraft((d) => (d ? setIn(d, path, value) : d)), []);
  const missing = layout.vehicleClasses.filter((vc) => !latest.some((x) => x.vehicleClass === vc.id));
  const onPreviewIssues = useCallback((m: Map<string, string>) => setIssues(m), []);

  return (
    <div className="tariffs">
      <div className="screen-head">
        <h1>{t('nav.tariffs')}</h1>
        {draft ? (
          <div className="form-actions">
            <span className={`pill ${dirty ? 'pill-conn-connecting' : 'pill-role'}`} data-testid="draft-state">
              {t(dirty ? 'tariff.unsaved' : 'tariff.noChanges')}
            </span>
            <button type="button" className="btn" disabled={!dirty} onClick={() => base && open(base)}>{t('tariff.discard')}</button>
            <button type="button" className="btn btn-primary" disabled={!dirty || !can('supervisor')} onClick={() => setSaving(true)}>{t('tariff.save')}</button>
          </div>
        ) : null}
      </div>
      <div className="table-tabs" role="tablist" aria-label={t('tariff.tables')} onKeyDown={moveAmongButtons}>
        {latest.map((x) => (
          <button key={x.id} type="button" role="tab" aria-selected={draft?.id === x.id} className={`tab${draft?.id === x.id ? ' tab-current' : ''}`}
            disabled={dirty && draft?.id !== x.id} title={dirty ? t('tariff.saveFirst') : undefined} data-table={x.id} onClick={() => open(x)}>
            <span className="tab-name">{x.name}</span>
            <span className="tab-meta">{className(layout, x.vehicleClass)} · v{x.version} · {t('tariff.since', { time: fmt.dateTime(x.effectiveFrom) })}</span>
          </button>
        ))}
        {missing.map((vc) => (
          <button key={vc.id} type="button" className="tab tab-new" disabled={dirty} onClick={() => {
            const blank = blankTable(vc.id, vc.name, layout.site.currency, Date.now());
            setBase(null);
            setDraft(blank);
            setSaved(null);
          }}>
            {t('tariff.newFor', { name: vc.name })}
          </button>
        ))}
      </div>
      <ErrorNotice error={tables.error} />
      {saved ? <SuccessNotice>{t('tariff.saved', { name: saved.name, version: saved.version, time: fmt.dateTime(saved.effectiveFrom) })}</SuccessNotice> : null}
      {draft ? (
        <IssuesContext.Provider value={issues}>
          <div className="tariff-grid">
            <div className="tariff-edit">
              <TariffForm table={draft} change={change} />
            </div>
            <QuotePreview draft={draft} onIssues={onPreviewIssues} />
          </div>
        </IssuesContext.Provider>
      ) : (
        <p className="muted">{latest.length ? t('tariff.pick') : tables.loading ? t('common.loading') : t('tariff.none')}</p>
      )}
      {saving && draft ? (
        <SaveDialog
          draft={draft}
          saved={all}
          onClose={() => setSaving(false)}
          onError={(e) => isCallFailure(e) && setIssues(draftIssues(e.issues))}
          onSaved={(x) => {
            setSaving(false);
            setSaved(x);
            setBase(x);
            setDraft(x);
            void tables.reload();
          }}
        />
      ) : null}
    </div>
  );
}
