import { useEffect, useState, type ReactNode } from 'react';
import { useI18n } from '../../i18n';
import type { RateTable } from './draft';
import { IntInput, MoneyInput } from './inputs';
import type { Change } from './TariffForm';

/** Open-ended when blank. */
function UpToInput({ label, value, onChange }: { label: string; value: number | null; onChange(v: number | null): void }): ReactNode {
  const { t } = useI18n();
  const [text, setText] = useState(value === null ? '' : String(value));
  useEffect(() => {
    if ((text.trim() === '' ? null : Number(text)) !== value) setText(value === null ? '' : String(value));
  }, [value]);
  const ok = text.trim() === '' || /^\d+$/.test(text.trim());
  return (
    <div className={`field field-compact${ok ? '' : ' field-invalid'}`}>
      <input aria-label={label} className="input-int num" inputMode="numeric" value={text} placeholder={t('tariff.openEnded')}
        onChange={(e) => {
          setText(e.target.value);
          const v = e.target.value.trim();
          if (v === '') onChange(null);
          else if (/^\d+$/.test(v)) onChange(Number(v));
        }} />
      <span className="field-error">{ok ? '' : t('validation.number')}</span>
    </div>
  );
}

/** Ranges of chargeable stay, each charged per started period. */
export function TiersEditor({ tiers, change }: { tiers: RateTable['tiers']; change: Change }): ReactNode {
  const { t } = useI18n();
  const last = tiers.at(-1);
  const add = (): void =>
    change(['tiers'], [...tiers, { fromMinutes: last?.toMinutes ?? 0, toMinutes: null, periodMinutes: 60, priceMinor: 0 }]);
  return (
    <details className="tariff-section" open={tiers.length > 0}>
      <summary>{t('tariff.tiers', { count: tiers.length })}</summary>
      <p className="muted">{t('tariff.tiersHelp')}</p>
      {tiers.length ? (
        <table className="table table-edit">
          <thead>
            <tr>
              <th scope="col">{t('tariff.fromMinutes')}</th>
              <th scope="col">{t('tariff.toMinutes')}</th>
              <th scope="col">{t('tariff.periodMinutes')}</th>
              <th scope="col">{t('tariff.price')}</th>
              <th scope="col"><span className="visually-hidden">{t('users.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {tiers.map((tier, i) => {
              const row = (n: string): string => t('tariff.rowField', { row: i + 1, field: n });
              return (
                <tr key={i}>
                  <td><IntInput compact label={row(t('tariff.fromMinutes'))} path={['tiers', i, 'fromMinutes']} value={tier.fromMinutes} onChange={(v) => change(['tiers', i, 'fromMinutes'], v)} /></td>
                  <td><UpToInput label={row(t('tariff.toMinutes'))} value={tier.toMinutes} onChange={(v) => change(['tiers', i, 'toMinutes'], v)} /></td>
                  <td><IntInput compact min={1} label={row(t('tariff.periodMinutes'))} path={['tiers', i, 'periodMinutes']} value={tier.periodMinutes} onChange={(v) => change(['tiers', i, 'periodMinutes'], v)} /></td>
                  <td><MoneyInput compact label={row(t('tariff.price'))} path={['tiers', i, 'priceMinor']} value={tier.priceMinor} onChange={(v) => change(['tiers', i, 'priceMinor'], v)} /></td>
                  <td>
                    <button type="button" className="btn btn-small" onClick={() => change(['tiers'], tiers.filter((_, j) => j !== i))}>
                      {t('action.remove')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <button type="button" className="btn btn-small" onClick={add}>{t('tariff.addTier')}</button>
    </details>
  );
}
