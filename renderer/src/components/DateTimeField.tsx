import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { zonedInputToEpoch } from '../i18n/format';
import { dateTimePattern, parseLocalDateTime } from '../lib/local-datetime';
import { TextField } from './Field';

/**
 * A date and time typed in the site's locale ("24/12/2026 14:05" on a UK site), one Tab stop instead of the
 * browser's five date segments, which also follow the browser's locale rather than the site's. Under the field:
 * the date read back with its month in words, so a day/month swap is seen; a text that is not a date says how
 * to write one once the field is left.
 */
export function DateTimeField({ label, value, onChange, error, name }: { label: string; value: string; onChange(text: string): void; error?: string | undefined; name?: string }): ReactNode {
  const { t, fmt } = useI18n();
  const [editing, setEditing] = useState(false);
  const pattern = dateTimePattern(fmt.locale);
  const wall = parseLocalDateTime(value, fmt.locale);
  const at = wall === null ? null : zonedInputToEpoch(wall, fmt.timeZone);
  const unreadable = value.trim() !== '' && at === null;
  const hint = at !== null ? t('field.dateTimeRead', { when: fmt.dateTime(at) }) : t('field.dateTimeAs', { pattern });
  return (
    <TextField
      label={label}
      name={name}
      value={value}
      placeholder={pattern}
      autoComplete="off"
      spellCheck={false}
      onChange={(e) => onChange(e.target.value)}
      onFocus={() => setEditing(true)}
      onBlur={() => setEditing(false)}
      hint={hint}
      error={error ?? (unreadable && !editing ? t('field.dateTimeAs', { pattern }) : undefined)}
    />
  );
}
