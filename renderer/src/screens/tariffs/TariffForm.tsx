import type { ReactNode } from 'react';
import { useApp } from '../../app/context';
import { className } from '../../app/names';
import { useI18n } from '../../i18n';
import type { Path, RateTable } from './draft';
import { IntInput, MoneyInput, TextInput } from './inputs';
import { OffersEditor } from './OffersEditor';
import { TiersEditor } from './TiersEditor';

export type Change = (path: Path, value: unknown) => void;

/** A part of the table that may be absent (null): a checkbox in the legend adds or removes it. */
function OptionalFieldset({ title, on, onToggle, none, children }: { title: string; on: boolean; onToggle(on: boolean): void; none: string; children: ReactNode }): ReactNode {
  return (
    <fieldset className="period">
      <legend>
        <label>
          <input type="checkbox" checked={on} onChange={(e) => onToggle(e.target.checked)} />{' '}
          {title}
        </label>
      </legend>
      {on ? <div className="row-fields">{children}</div> : <p className="muted">{none}</p>}
    </fieldset>
  );
}

function PeriodFields({ which, table, change }: { which: 'firstPeriod' | 'furtherPeriod'; table: RateTable; change: Change }): ReactNode {
  const { t } = useI18n();
  const p = table[which];
  return (
    <OptionalFieldset title={t(`tariff.${which}`)} on={p !== null} none={t(`tariff.${which}None`)} onToggle={(on) => change([which], on ? { minutes: 60, priceMinor: 0 } : null)}>
      {p ? (
        <>
          <IntInput label={t('tariff.periodMinutes')} path={[which, 'minutes']} value={p.minutes} min={1} onChange={(v) => change([which, 'minutes'], v)} />
          <MoneyInput label={t('tariff.price')} path={[which, 'priceMinor']} value={p.priceMinor} onChange={(v) => change([which, 'priceMinor'], v)} />
        </>
      ) : null}
    </OptionalFieldset>
  );
}

/** "1st to 4th day €43 a day, 5-7 days €180, each further day €9": the first days together, then a lower day rate. */
function LongStayCapFields({ table, change }: { table: RateTable; change: Change }): ReactNode {
  const { t } = useI18n();
  const cap = table.longStayCap;
  const startingCap = { days: 7, capMinor: (table.dailyMaxMinor ?? 0) * 5, laterDailyMaxMinor: table.dailyMaxMinor ?? 0 };
  return (
    <OptionalFieldset title={t('tariff.longStayCap')} on={cap !== null} none={t('tariff.noLongStayCap')} onToggle={(on) => change(['longStayCap'], on ? startingCap : null)}>
      {cap ? (
        <>
          <IntInput label={t('tariff.longStayDays')} path={['longStayCap', 'days']} value={cap.days} min={2} onChange={(v) => change(['longStayCap', 'days'], v)} />
          <MoneyInput label={t('tariff.longStayCapPrice')} path={['longStayCap', 'capMinor']} value={cap.capMinor} onChange={(v) => change(['longStayCap', 'capMinor'], v)} />
          <MoneyInput label={t('tariff.laterDailyMax')} path={['longStayCap', 'laterDailyMaxMinor']} value={cap.laterDailyMaxMinor} onChange={(v) => change(['longStayCap', 'laterDailyMaxMinor'], v)} />
          <p className="muted">{t('tariff.longStayCapHelp')}</p>
        </>
      ) : null}
    </OptionalFieldset>
  );
}

/** Every part of a rate table, as fields; nested lists have their own editors. */
export function TariffForm({ table, change }: { table: RateTable; change: Change }): ReactNode {
  const { layout } = useApp();
  const { t } = useI18n();
  return (
    <div className="tariff-form" data-testid="tariff-form">
      <div className="row-fields">
        <TextInput label={t('tariff.name')} path={['name']} value={table.name} onChange={(v) => change(['name'], v)} />
        <div className="field readonly">
          <span className="label">{t('field.vehicleClass')}</span>
          <span>{className(layout, table.vehicleClass)}</span>
        </div>
        <div className="field readonly">
          <span className="label">{t('tariff.idVersion')}</span>
          <span><code>{table.id}</code> v{table.version} · {table.currency}</span>
        </div>
      </div>
      <div className="row-fields">
        <IntInput label={t('tariff.freeMinutes')} path={['freeMinutes']} value={table.freeMinutes} onChange={(v) => change(['freeMinutes'], v)} />
        <IntInput label={t('tariff.graceMinutes')} path={['graceMinutes']} value={table.graceMinutes} onChange={(v) => change(['graceMinutes'], v)} />
        <MoneyInput label={t('tariff.lostTicket')} path={['lostTicketMinor']} value={table.lostTicketMinor} onChange={(v) => change(['lostTicketMinor'], v)} />
        <div className="field">
          <label htmlFor="daily-max-mode">{t('tariff.dailyMaxMode')}</label>
          <select id="daily-max-mode" value={table.dailyMaxMode} disabled={table.dailyMaxMinor === null} onChange={(e) => change(['dailyMaxMode'], e.target.value)}>
            <option value="rolling24h">{t('tariff.rolling24h')}</option>
            <option value="calendarDay">{t('tariff.calendarDay')}</option>
          </select>
          <span className="field-error" />
        </div>
      </div>
      <div className="period-row">
        <PeriodFields which="firstPeriod" table={table} change={change} />
        <PeriodFields which="furtherPeriod" table={table} change={change} />
        <OptionalFieldset title={t('tariff.dailyMax')} on={table.dailyMaxMinor !== null} none={t('tariff.noDailyMax')} onToggle={(on) => change(['dailyMaxMinor'], on ? 1500 : null)}>
          {table.dailyMaxMinor !== null ? (
            <MoneyInput label={t('tariff.price')} path={['dailyMaxMinor']} value={table.dailyMaxMinor} onChange={(v) => change(['dailyMaxMinor'], v)} />
          ) : null}
        </OptionalFieldset>
        <OptionalFieldset title={t('tariff.cycle')} on={table.cycleMinutes !== null} none={t('tariff.noCycle')} onToggle={(on) => change(['cycleMinutes'], on ? 1440 : null)}>
          {table.cycleMinutes !== null ? (
            <>
              <IntInput label={t('tariff.cycleMinutes')} path={['cycleMinutes']} value={table.cycleMinutes} min={1} onChange={(v) => change(['cycleMinutes'], v)} />
              <p className="muted">{t('tariff.cycleHelp')}</p>
            </>
          ) : null}
        </OptionalFieldset>
        <LongStayCapFields table={table} change={change} />
      </div>
      <TiersEditor tiers={table.tiers} change={change} />
      <OffersEditor table={table} change={change} />
    </div>
  );
}
