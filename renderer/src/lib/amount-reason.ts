import { useState, type FormEvent } from 'react';
import { useI18n, type T } from '../i18n';
import { readAmount } from './amount';
import { reasonProblem } from './reason';

export interface AmountReasonProblems {
  amount?: string | undefined;
  reason?: string | undefined;
}

/**
 * The console's own check of an "amount + reason" form (discount, cash movement, refund, wallet top-up) before it
 * sends: the amount in minor units when both fields may go, and each field's message otherwise. `fixedMinor`
 * stands for the typed amount where the form fixes it (a refund that voids the whole payment).
 */
export function checkAmountReason(amount: string, reason: string, digits: number, t: T, fixedMinor?: number): { minor: number | null; problems: AmountReasonProblems } {
  const read = fixedMinor === undefined ? readAmount(amount, digits, t) : { minor: fixedMinor };
  const problems = { amount: 'problem' in read ? read.problem : undefined, reason: reasonProblem(reason, t) };
  return { minor: 'minor' in read && !problems.reason ? read.minor : null, problems };
}

export interface AmountReasonInput {
  readonly amount: string;
  setAmount(text: string): void;
  readonly reason: string;
  setReason(text: string): void;
  /** The fields' messages from the last check (each cleared when its field is edited). */
  readonly problems: AmountReasonProblems;
  /** Shows the fields' messages; the amount in minor units when the form may be sent, else null. */
  check(fixedMinor?: number): number | null;
  /**
   * The form's onSubmit: checks the fields, then sends the amount and the trimmed reason through `run` (the
   * form's call action, which shows a refusal). Nothing is sent while a field is wrong.
   */
  submit(run: (action: () => Promise<void>) => Promise<void>, send: (minor: number, reason: string) => Promise<void>, fixedMinor?: number): (e: FormEvent) => Promise<void>;
  /** Empties both fields for the next one (after a cash movement). */
  clear(): void;
  /** Whether anything has been typed: Esc and leaving the form ask before dropping it. */
  readonly typed: boolean;
}

/** State and check of an "amount + reason" form, amounts in the site's currency digits. */
export function useAmountReason(initialAmount = ''): AmountReasonInput {
  const { t, fmt } = useI18n();
  const [amount, setAmount] = useState(initialAmount);
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<AmountReasonProblems>({});
  const check = (fixedMinor?: number): number | null => {
    const checked = checkAmountReason(amount, reason, fmt.digits, t, fixedMinor);
    setProblems(checked.problems);
    return checked.minor;
  };
  // A field's message goes as soon as it is edited, so it never stands under a value it no longer describes.
  return {
    amount,
    setAmount(text) {
      setAmount(text);
      setProblems((p) => ({ ...p, amount: undefined }));
    },
    reason,
    setReason(text) {
      setReason(text);
      setProblems((p) => ({ ...p, reason: undefined }));
    },
    problems,
    check,
    submit: (run, send, fixedMinor) => async (e) => {
      e.preventDefault();
      const minor = check(fixedMinor);
      if (minor !== null) await run(() => send(minor, reason.trim()));
    },
    clear() {
      setAmount('');
      setReason('');
    },
    typed: reason.trim() !== '' || amount.trim() !== initialAmount.trim(),
  };
}
