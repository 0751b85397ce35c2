import type { ReactNode } from 'react';
import { ErrorNotice, SuccessNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/Field';

/**
 * The end of each of the screen's forms: the reason the change is audited with, the save button, the kiosk's error
 * when it is about no one field, and what a save did.
 */
export function ReasonAndSave({ label, reason, onReason, reasonError, busy, save, error, fieldErrors, saved }: {
  label: string;
  reason: string;
  onReason(value: string): void;
  reasonError: string | undefined;
  busy: boolean;
  save: string;
  error: unknown;
  /** The kiosk's problems by field, shown at their fields: the general notice is then left out. */
  fieldErrors: Readonly<Record<string, string>>;
  saved: { testId: string; text: string } | null;
}): ReactNode {
  return (
    <>
      <TextField label={label} value={reason} onChange={(e) => onReason(e.target.value)} error={reasonError} autoComplete="off" wide />
      <div className="form-actions field-wide">
        <button type="submit" className="btn btn-primary" disabled={busy}>{save}</button>
      </div>
      <div className="field-wide">
        <ErrorNotice error={Object.keys(fieldErrors).length ? null : error} />
        {saved ? <SuccessNotice><span data-testid={saved.testId}>{saved.text}</span></SuccessNotice> : null}
      </div>
    </>
  );
}
