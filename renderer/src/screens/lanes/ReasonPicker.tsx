import { useId, type KeyboardEvent, type ReactNode } from 'react';
import type { ReasonCode } from '../../api/lane-types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/Field';
import { useI18n, type T } from '../../i18n';
import { REASON_CODES, reasonDigit, reasonForKey } from '../../lib/lane-model';

export interface ReasonChoice {
  readonly code: ReasonCode;
  readonly note: string;
}

/** The console's own check (the kiosk checks again): "other" needs a note that says what happened. */
export function reasonChoiceProblem(choice: ReasonChoice, t: T): string | undefined {
  return choice.code === 'other' && choice.note.trim().length < 3 ? t('reasonCode.noteRequired') : undefined;
}

/** One line for calls that take a free-text reason (lanes.setMode): the code's words, then the note. */
export function reasonChoiceText(choice: ReasonChoice, t: T): string {
  const note = choice.note.trim();
  if (choice.code === 'other') return note;
  return note ? `${t(`reasonCode.${choice.code}`)}: ${note}` : t(`reasonCode.${choice.code}`);
}

/**
 * Reason codes as a radio group that a digit or a first letter picks (a letter again moves to the next code with
 * it), and Enter sends the form. The note field takes focus when the code is "other", where it is required.
 */
export function ReasonPicker({ value, onChange, noteError }: { value: ReasonChoice; onChange(v: ReasonChoice): void; noteError?: string | undefined }): ReactNode {
  const { t } = useI18n();
  const name = useId();
  const label = (code: ReasonCode): string => t(`reasonCode.${code}`);
  const onKeyDown = (e: KeyboardEvent<HTMLFieldSetElement>): void => {
    if (e.target instanceof HTMLInputElement && e.target.type === 'text') return;
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'Enter') {
      e.preventDefault();
      e.currentTarget.form?.requestSubmit();
      return;
    }
    const code = reasonForKey(e.key, value.code, label);
    if (!code) return;
    e.preventDefault();
    onChange({ ...value, code });
    e.currentTarget.querySelector<HTMLInputElement>(code === 'other' ? 'input[name="note"]' : `input[value="${code}"]`)?.focus();
  };
  const other = value.code === 'other';
  return (
    <fieldset className="reason-picker" onKeyDown={onKeyDown} data-testid="reason-picker">
      <legend>{t('reasonCode.legend')}</legend>
      <div className="reason-options">
        {REASON_CODES.map((code) => (
          <label key={code} className={`reason-option${value.code === code ? ' reason-picked' : ''}`}>
            <input
              type="radio"
              name={name}
              value={code}
              checked={value.code === code}
              onChange={() => onChange({ ...value, code })}
              data-autofocus={value.code === code && !other ? true : undefined}
            />
            <kbd>{reasonDigit(code)}</kbd> {label(code)}
          </label>
        ))}
      </div>
      <TextField
        name="note"
        label={t('reasonCode.note')}
        value={value.note}
        onChange={(e) => onChange({ ...value, note: e.target.value })}
        error={noteError}
        hint={t('reasonCode.noteHint')}
        maxLength={200}
        autoComplete="off"
        data-autofocus={other ? true : undefined}
        wide
      />
    </fieldset>
  );
}

/** The foot of every lane form: the reason, what the kiosk said, and the send button. */
export function ReasonAndSend(props: {
  choice: ReasonChoice;
  onChoice(choice: ReasonChoice): void;
  /** The form was sent once: show the note's problem, if any. */
  tried: boolean;
  error: unknown;
  labels: Parameters<typeof ErrorNotice>[0]['labels'];
  busy: boolean;
}): ReactNode {
  const { t } = useI18n();
  return (
    <>
      <ReasonPicker value={props.choice} onChange={props.onChoice} noteError={props.tried ? reasonChoiceProblem(props.choice, t) : undefined} />
      <ErrorNotice error={props.error} labels={props.labels} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={props.busy}>
          {t('laneAction.send')}
        </button>
      </div>
    </>
  );
}
