import { createContext, useContext, useEffect, useId, useState, type ReactNode } from 'react';
import { useI18n } from '../../i18n';
import { minorToAmountInput, parseAmountToMinor } from '../../i18n/format';
import { pathKey, WEEKDAYS, type Path, type Weekday } from './draft';

/** The kiosk's problems with the current draft, by path inside the table ("tiers.1.priceMinor"). */
export const IssuesContext = createContext<ReadonlyMap<string, string>>(new Map());

interface Common {
  label: string;
  /** Screen-reader name when the visible label alone is ambiguous ("Row 2: Price"). */
  fullLabel?: string | undefined;
  path: Path;
  /** In a table row: the label is for screen readers, the column header shows it. */
  compact?: boolean;
  local?: string | undefined;
  children: (a: { id: string; 'aria-invalid': boolean; 'aria-label': string | undefined }) => ReactNode;
}

/** Label, control, and the error for this path (the input's own check first, then the kiosk's). */
function Cell({ label, fullLabel, path, compact, local, children }: Common): ReactNode {
  const id = useId();
  const issues = useContext(IssuesContext);
  const issue = local ?? issues.get(pathKey(path));
  return (
    <div className={`field${compact ? ' field-compact' : ''}${issue ? ' field-invalid' : ''}`}>
      {compact ? null : <label htmlFor={id}>{label}</label>}
      {children({ id, 'aria-invalid': Boolean(issue), 'aria-label': compact ? label : fullLabel })}
      <span className="field-error" role={issue ? 'alert' : undefined}>{issue ?? ''}</span>
    </div>
  );
}

/**
 * An amount typed in major units ("2.50") held as minor units. The text is kept while it does not parse, with
 * the problem shown; the table only changes when it does parse.
 */
export function MoneyInput({ label, fullLabel, path, value, onChange, compact }: { label: string; fullLabel?: string; path: Path; value: number; onChange(v: number): void; compact?: boolean }): ReactNode {
  const { t, fmt } = useI18n();
  const [text, setText] = useState(minorToAmountInput(value, fmt.digits));
  useEffect(() => {
    if (parseAmountToMinor(text, fmt.digits) !== value) setText(minorToAmountInput(value, fmt.digits));
    // only when the value changes from outside
  }, [value]);
  const parsed = parseAmountToMinor(text, fmt.digits);
  return (
    <Cell label={label} fullLabel={fullLabel} path={path} compact={compact ?? false} local={parsed === null ? t('validation.amount') : undefined}>
      {(a) => (
        <input {...a} className="input-amount num" inputMode="decimal" value={text} data-path={pathKey(path)}
          onChange={(e) => {
            setText(e.target.value);
            const v = parseAmountToMinor(e.target.value, fmt.digits);
            if (v !== null) onChange(v);
          }} />
      )}
    </Cell>
  );
}

/** Whole minutes, or none when left blank. */
export function OptionalIntInput(props: OptionalProps): ReactNode {
  const { t } = useI18n();
  const parse = (s: string): number | null | undefined => (s.trim() === '' ? null : /^\d+$/.test(s.trim()) ? Number(s) : undefined);
  return <OptionalNumberInput {...props} className="input-int num" inputMode="numeric" problem={t('validation.number')}
    show={(v) => (v === null ? '' : String(v))} parse={parse} />;
}

/** Whole minutes (or any whole number). */
export function IntInput({ label, fullLabel, path, value, onChange, compact, min = 0 }: { label: string; fullLabel?: string; path: Path; value: number; onChange(v: number): void; compact?: boolean; min?: number }): ReactNode {
  const { t } = useI18n();
  const [text, setText] = useState(String(value));
  useEffect(() => {
    if (Number(text) !== value) setText(String(value));
  }, [value]);
  const ok = /^\d+$/.test(text.trim()) && Number(text) >= min;
  return (
    <Cell label={label} fullLabel={fullLabel} path={path} compact={compact ?? false} local={ok ? undefined : t('validation.number')}>
      {(a) => (
        <input {...a} className="input-int num" inputMode="numeric" value={text} data-path={pathKey(path)}
          onChange={(e) => {
            setText(e.target.value);
            if (/^\d+$/.test(e.target.value.trim()) && Number(e.target.value) >= min) onChange(Number(e.target.value));
          }} />
      )}
    </Cell>
  );
}

export function TextInput({ label, fullLabel, path, value, onChange, compact, placeholder }: { label: string; fullLabel?: string; path: Path; value: string; onChange(v: string): void; compact?: boolean; placeholder?: string }): ReactNode {
  return (
    <Cell label={label} fullLabel={fullLabel} path={path} compact={compact ?? false}>
      {(a) => <input {...a} value={value} placeholder={placeholder} data-path={pathKey(path)} onChange={(e) => onChange(e.target.value)} />}
    </Cell>
  );
}

/** Weekday toggles, named in the site's language (Mon, Tue... from Intl). */
export function DaysPicker({ label, path, value, onChange }: { label: string; path: Path; value: readonly Weekday[]; onChange(v: Weekday[]): void }): ReactNode {
  const { fmt } = useI18n();
  const issue = useContext(IssuesContext).get(pathKey(path));
  // 2024-01-01 was a Monday.
  const names = WEEKDAYS.map((_, i) => new Intl.DateTimeFormat(fmt.locale, { weekday: 'narrow', timeZone: 'UTC' }).format(Date.UTC(2024, 0, 1 + i)));
  const long = WEEKDAYS.map((_, i) => new Intl.DateTimeFormat(fmt.locale, { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2024, 0, 1 + i)));
  return (
    <div className={`days${issue ? ' field-invalid' : ''}`} role="group" aria-label={label}>
      {WEEKDAYS.map((d, i) => (
        <label key={d} className="day" title={long[i]}>
          <input type="checkbox" checked={value.includes(d)} aria-label={`${label}: ${long[i]}`}
            onChange={(e) => onChange(WEEKDAYS.filter((w) => (w === d ? e.target.checked : value.includes(w))))} />
          <span aria-hidden="true">{names[i]}</span>
        </label>
      ))}
      {issue ? <span className="field-error" role="alert">{issue}</span> : null}
    </div>
  );
}

/** A comma-separated list ("2025-12-24, 2025-12-31"), kept as typed and sent as an array. */
export function ListInput({ label, fullLabel, path, value, onChange, placeholder }: { label: string; fullLabel?: string; path: Path; value: readonly string[]; onChange(v: string[]): void; placeholder?: string }): ReactNode {
  const [text, setText] = useState(value.join(', '));
  const split = (s: string): string[] => s.split(/[,\s]+/).filter(Boolean);
  useEffect(() => {
    if (split(text).join(',') !== value.join(',')) setText(value.join(', '));
  }, [value]);
  return (
    <Cell label={label} fullLabel={fullLabel} path={path}>
      {(a) => (
        <input {...a} value={text} placeholder={placeholder} data-path={pathKey(path)}
          onChange={(e) => {
            setText(e.target.value);
            onChange(split(e.target.value));
          }} />
      )}
    </Cell>
  );
}

interface OptionalProps {
  label: string;
  fullLabel?: string;
  path: Path;
  value: number | null;
  onChange(v: number | null): void;
  placeholder?: string;
}

/** An amount that may be left blank for "none" (null), e.g. a band's cap. */
export function OptionalMoneyInput(props: OptionalProps): ReactNode {
  const { t, fmt } = useI18n();
  const parse = (s: string): number | null | undefined => (s.trim() === '' ? null : (parseAmountToMinor(s, fmt.digits) ?? undefined));
  return <OptionalNumberInput {...props} className="input-amount num" inputMode="decimal" problem={t('validation.amount')}
    show={(v) => (v === null ? '' : minorToAmountInput(v, fmt.digits))} parse={parse} />;
}

/** A number that may be left blank (null): the text is kept while it does not parse (undefined), with the problem shown. */
function OptionalNumberInput({ label, fullLabel, path, value, onChange, placeholder, className, inputMode, problem, show, parse }: OptionalProps & {
  className: string;
  inputMode: 'numeric' | 'decimal';
  problem: string;
  show(v: number | null): string;
  parse(s: string): number | null | undefined;
}): ReactNode {
  const [text, setText] = useState(show(value));
  useEffect(() => {
    if (parse(text) !== value) setText(show(value));
  }, [value]);
  return (
    <Cell label={label} fullLabel={fullLabel} path={path} local={parse(text) === undefined ? problem : undefined}>
      {(a) => (
        <input {...a} className={className} inputMode={inputMode} value={text} placeholder={placeholder} data-path={pathKey(path)}
          onChange={(e) => {
            setText(e.target.value);
            const v = parse(e.target.value);
            if (v !== undefined) onChange(v);
          }} />
      )}
    </Cell>
  );
}
