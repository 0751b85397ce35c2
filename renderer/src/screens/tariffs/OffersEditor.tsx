import type { ReactNode } from 'react';
import { useI18n, type MessageKey } from '../../i18n';
import type { RateTable, Weekday } from './draft';
import { DaysPicker, IntInput, ListInput, MoneyInput, OptionalIntInput, OptionalMoneyInput, TextInput } from './inputs';
import type { Change } from './TariffForm';

type Band = RateTable['bands'][number];
type EarlyBird = RateTable['earlyBirds'][number];
type TariffEvent = RateTable['events'][number];

const WEEKDAYS_ONLY: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

/** Visible label + the row-qualified name screen readers get. */
function useRowLabels(row: number): (key: MessageKey) => { label: string; fullLabel: string } {
  const { t } = useI18n();
  return (key) => ({ label: t(key), fullLabel: t('tariff.rowField', { row: row + 1, field: t(key) }) });
}

function Section({ title, help, onAdd, addLabel, children, open }: { title: string; help: string; onAdd(): void; addLabel: string; children: ReactNode; open: boolean }): ReactNode {
  return (
    <details className="tariff-section" open={open}>
      <summary>{title}</summary>
      <p className="muted">{help}</p>
      {children}
      <button type="button" className="btn btn-small" onClick={onAdd}>{addLabel}</button>
    </details>
  );
}

function Remove({ onClick, row }: { onClick(): void; row: number }): ReactNode {
  const { t } = useI18n();
  return (
    <button type="button" className="btn btn-small row-remove" onClick={onClick} aria-label={t('tariff.removeRow', { row: row + 1 })}>
      {t('action.remove')}
    </button>
  );
}

type OfferWindow = Pick<EarlyBird, 'entryFrom' | 'entryTo' | 'entryToInclusive' | 'flatUntil' | 'lateExit' | 'priceMinor'>;

/** The time window fields shared by early birds and events, with what a late exit does to the offer. */
function Window({ base, row, value, change }: { base: (string | number)[]; row: number; value: OfferWindow; change: Change }): ReactNode {
  const { t } = useI18n();
  const l = useRowLabels(row);
  const lateExitId = `${base.join('-')}-late-exit`;
  return (
    <>
      <TextInput {...l('tariff.entryFrom')} path={[...base, 'entryFrom']} value={value.entryFrom} placeholder="HH:MM" onChange={(v) => change([...base, 'entryFrom'], v)} />
      <TextInput {...l('tariff.entryTo')} path={[...base, 'entryTo']} value={value.entryTo} placeholder="HH:MM" onChange={(v) => change([...base, 'entryTo'], v)} />
      <label className="field">
        <input type="checkbox" checked={value.entryToInclusive} data-path={[...base, 'entryToInclusive'].join('.')} aria-label={l('tariff.entryToInclusive').fullLabel}
          onChange={(e) => change([...base, 'entryToInclusive'], e.target.checked)} />{' '}
        {t('tariff.entryToInclusive')}
      </label>
      <TextInput {...l('tariff.flatUntil')} path={[...base, 'flatUntil']} value={value.flatUntil} placeholder="HH:MM" onChange={(v) => change([...base, 'flatUntil'], v)} />
      <div className="field">
        <label htmlFor={lateExitId}>{t('tariff.lateExit')}</label>
        <select id={lateExitId} value={value.lateExit} aria-label={l('tariff.lateExit').fullLabel} data-path={[...base, 'lateExit'].join('.')}
          onChange={(e) => change([...base, 'lateExit'], e.target.value)}>
          <option value="resumeNormal">{t('tariff.lateExitResume')}</option>
          <option value="void">{t('tariff.lateExitVoid')}</option>
        </select>
        <span className="field-error" />
      </div>
      <MoneyInput {...l('tariff.price')} path={[...base, 'priceMinor']} value={value.priceMinor} onChange={(v) => change([...base, 'priceMinor'], v)} />
    </>
  );
}

function BandRow({ band, i, bands, change }: { band: Band; i: number; bands: Band[]; change: Change }): ReactNode {
  const { t } = useI18n();
  const l = useRowLabels(i);
  const p = ['bands', i];
  return (
    <div className="offer-row" data-row={`band-${i}`}>
      <TextInput {...l('tariff.bandName')} path={[...p, 'name']} value={band.name} onChange={(v) => change([...p, 'name'], v)} />
      <DaysPicker label={l('tariff.days').fullLabel} path={[...p, 'days']} value={band.days} onChange={(v) => change([...p, 'days'], v)} />
      <TextInput {...l('tariff.from')} path={[...p, 'from']} value={band.from} placeholder="HH:MM" onChange={(v) => change([...p, 'from'], v)} />
      <TextInput {...l('tariff.to')} path={[...p, 'to']} value={band.to} placeholder="HH:MM" onChange={(v) => change([...p, 'to'], v)} />
      <div className="field">
        <label htmlFor={`band-kind-${i}`}>{t('tariff.chargeKind')}</label>
        <select id={`band-kind-${i}`} value={band.charge.kind} aria-label={l('tariff.chargeKind').fullLabel}
          onChange={(e) => change([...p, 'charge'], e.target.value === 'flat' ? { kind: 'flat', priceMinor: band.charge.priceMinor } : { kind: 'perPeriod', periodMinutes: 60, priceMinor: band.charge.priceMinor })}>
          <option value="flat">{t('tariff.flat')}</option>
          <option value="perPeriod">{t('tariff.perPeriod')}</option>
        </select>
        <span className="field-error" />
      </div>
      {band.charge.kind === 'perPeriod' ? (
        <IntInput {...l('tariff.periodMinutes')} min={1} path={[...p, 'charge', 'periodMinutes']} value={band.charge.periodMinutes} onChange={(v) => change([...p, 'charge', 'periodMinutes'], v)} />
      ) : null}
      <MoneyInput {...l('tariff.price')} path={[...p, 'charge', 'priceMinor']} value={band.charge.priceMinor} onChange={(v) => change([...p, 'charge', 'priceMinor'], v)} />
      <OptionalMoneyInput {...l('tariff.cap')} path={[...p, 'capMinor']} value={band.capMinor} placeholder={t('tariff.noCap')} onChange={(v) => change([...p, 'capMinor'], v)} />
      <Remove row={i} onClick={() => change(['bands'], bands.filter((_, j) => j !== i))} />
    </div>
  );
}

function EarlyBirdRow({ e, i, all, change }: { e: EarlyBird; i: number; all: EarlyBird[]; change: Change }): ReactNode {
  const { t } = useI18n();
  const l = useRowLabels(i);
  return (
    <div className="offer-row" data-row={`early-${i}`}>
      <TextInput {...l('tariff.label')} path={['earlyBirds', i, 'label']} value={e.label} onChange={(v) => change(['earlyBirds', i, 'label'], v)} />
      <DaysPicker label={l('tariff.days').fullLabel} path={['earlyBirds', i, 'days']} value={e.days} onChange={(v) => change(['earlyBirds', i, 'days'], v)} />
      <Window base={['earlyBirds', i]} row={i} value={e} change={change} />
      <OptionalIntInput {...l('tariff.requiredAfterMinutes')} path={['earlyBirds', i, 'requiredAfterMinutes']} value={e.requiredAfterMinutes} placeholder={t('tariff.onlyWhenCheaper')}
        onChange={(v) => change(['earlyBirds', i, 'requiredAfterMinutes'], v)} />
      <Remove row={i} onClick={() => change(['earlyBirds'], all.filter((_, j) => j !== i))} />
    </div>
  );
}

function EventRow({ e, i, all, change }: { e: TariffEvent; i: number; all: TariffEvent[]; change: Change }): ReactNode {
  const l = useRowLabels(i);
  return (
    <div className="offer-row" data-row={`event-${i}`}>
      <TextInput {...l('tariff.code')} path={['events', i, 'code']} value={e.code} onChange={(v) => change(['events', i, 'code'], v)} />
      <TextInput {...l('tariff.label')} path={['events', i, 'label']} value={e.label} onChange={(v) => change(['events', i, 'label'], v)} />
      <div className="offer-wide">
        <ListInput {...l('tariff.dates')} path={['events', i, 'dates']} value={e.dates} placeholder="YYYY-MM-DD, …" onChange={(v) => change(['events', i, 'dates'], v)} />
      </div>
      <Window base={['events', i]} row={i} value={e} change={change} />
      <Remove row={i} onClick={() => change(['events'], all.filter((_, j) => j !== i))} />
    </div>
  );
}

/** Bands (night, weekend), early birds and events: the parts of a tariff that depend on the clock. */
export function OffersEditor({ table, change }: { table: RateTable; change: Change }): ReactNode {
  const { t } = useI18n();
  const { bands, earlyBirds, events } = table;
  return (
    <>
      <Section title={t('tariff.bands', { count: bands.length })} help={t('tariff.bandsHelp')} addLabel={t('tariff.addBand')} open={bands.length > 0}
        onAdd={() => change(['bands'], [...bands, { name: t('tariff.newBandName', { n: bands.length + 1 }), days: [...WEEKDAYS_ONLY], from: '22:00', to: '06:00', charge: { kind: 'flat', priceMinor: 0 }, capMinor: null }])}>
        {bands.map((b, i) => <BandRow key={i} band={b} i={i} bands={bands} change={change} />)}
      </Section>
      <Section title={t('tariff.earlyBirds', { count: earlyBirds.length })} help={t('tariff.earlyBirdsHelp')} addLabel={t('tariff.addEarlyBird')} open={earlyBirds.length > 0}
        onAdd={() => change(['earlyBirds'], [...earlyBirds, { label: t('tariff.earlyBirdLabel'), days: [...WEEKDAYS_ONLY], entryFrom: '06:00', entryTo: '09:00', entryToInclusive: false, flatUntil: '19:00', lateExit: 'resumeNormal', priceMinor: 0, requiredAfterMinutes: null } satisfies EarlyBird])}>
        {earlyBirds.map((e, i) => <EarlyBirdRow key={i} e={e} i={i} all={earlyBirds} change={change} />)}
      </Section>
      <Section title={t('tariff.events', { count: events.length })} help={t('tariff.eventsHelp')} addLabel={t('tariff.addEvent')} open={events.length > 0}
        onAdd={() => change(['events'], [...events, { code: `event-${events.length + 1}`, label: t('tariff.eventLabel'), dates: [], entryFrom: '00:00', entryTo: '24:00', entryToInclusive: false, flatUntil: '24:00', lateExit: 'resumeNormal', priceMinor: 0 } satisfies TariffEvent])}>
        {events.map((e, i) => <EventRow key={i} e={e} i={i} all={events} change={change} />)}
      </Section>
    </>
  );
}
