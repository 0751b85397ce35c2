import { useState, type ReactNode, type Ref } from 'react';
import { useI18n } from '../i18n';
import { zonedInputToEpoch } from '../i18n/format';
import { datePattern, dateTimePattern, formatLocalWall, parseLocalDate, parseLocalDateTime, parseLocalTime } from '../lib/local-datetime';
import { TextField } from './Field';

type Kind = 'dateTime' | 'date' | 'time';

interface DateTimeFieldProps {
  label: string;
  /** The text as typed. */
  value: string;
  onChange(text: string): void;
  error?: string | undefined;
  name?: string;
  /** A date and time (the default), a day ("24/12/2026"), or a time of day on a 24-hour clock ("14:05"). */
  kind?: Kind;
  /** Said after the read-back, e.g. the site's time zone. */
  note?: string | undefined;
  wide?: boolean;
  ref?: Ref<HTMLInputElement>;
}

/** Typed text -> the wall-clock form ("2026-12-24T14:05", "2026-12-24" for a day, "14:05" for a time), null when it is not one. */
function readWall(text: string, locale: string, kind: Kind): string | null {
  if (kind === 'time') return parseLocalTime(text);
  return kind === 'date' ? parseLocalDate(text, locale) : parseLocalDateTime(text, locale);
}

/** What the field asks for, and what it reads the text as (null: not readable). */
function readBack(text: string, kind: Kind, fmt: ReturnType<typeof useI18n>['fmt']): { pattern: string; read: string | null } {
  const wall = readWall(text, fmt.locale, kind);
  if (kind === 'time') return { pattern: 'hh:mm', read: wall };
  const at = wall === null ? null : zonedInputToEpoch(kind === 'date' ? `${wall}T00:00` : wall, fmt.timeZone);
  const pattern = kind === 'date' ? datePattern(fmt.locale) : dateTimePattern(fmt.locale);
  return { pattern, read: at === null ? null : kind === 'date' ? fmt.date(at) : fmt.dateTime(at) };
}

/**
 * A date and time (or a day, or a time of day) typed in the site's locale ("24/12/2026 14:05" on a UK site), one Tab stop instead of
 * the browser's date segments, which also follow the browser's locale rather than the site's. Under the field:
 * the date read back with its month in words, so a day/month swap is seen; a text that is not a date says how
 * to write one once the field is left.
 */
export function DateTimeField({ label, value, onChange, error, name, kind = 'dateTime', note, wide, ref }: DateTimeFieldProps): ReactNode {
  const { t, fmt } = useI18n();
  const [editing, setEditing] = useState(false);
  const { pattern, read: when } = readBack(value, kind, fmt);
  const unreadable = value.trim() !== '' && when === null;
  const read = when === null ? t('field.dateTimeAs', { pattern }) : t('field.dateTimeRead', { when });
  return (
    <TextField
      ref={ref}
      label={label}
      name={name}
      value={value}
      placeholder={pattern}
      autoComplete="off"
      spellCheck={false}
      onChange={(e) => onChange(e.target.value)}
      onFocus={() => setEditing(true)}
      onBlur={() => setEditing(false)}
      hint={note ? `${read} · ${note}` : read}
      error={error ?? (unreadable && !editing ? t('field.dateTimeAs', { pattern }) : undefined)}
      wide={wide}
    />
  );
}

/**
 * The same field for a value kept in the wall-clock form the kiosk's calls and the site's zone read
 * ("2026-12-24T14:05", "2026-12-24" for a day, "14:05" for a time): shown and typed in the site's locale. While the text is
 * not a date yet, the value is that text (so a form's own check finds it unreadable); a value changed from outside
 * (a reset, a step to the next day) is written out again.
 */
export function WallDateTimeField({ value, onChange, ...rest }: Omit<DateTimeFieldProps, 'value' | 'onChange'> & { value: string; onChange(wall: string): void }): ReactNode {
  const { fmt } = useI18n();
  const [text, setText] = useState(() => formatLocalWall(value, fmt.locale) || value);
  const [sent, setSent] = useState(value);
  if (value !== sent) {
    setSent(value);
    setText(formatLocalWall(value, fmt.locale) || value);
  }
  const type = (typed: string): void => {
    const wall = readWall(typed, fmt.locale, rest.kind ?? 'dateTime') ?? typed.trim();
    setText(typed);
    setSent(wall);
    onChange(wall);
  };
  return <DateTimeField {...rest} value={text} onChange={type} />;
}
