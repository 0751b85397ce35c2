import { useState } from 'react';
import { useI18n, type T } from '../i18n';

/**
 * The console's own check on a reason before sending (the kiosk checks again): at least 3 characters once
 * trimmed, so "ok" or a stray key does not end up as the audited reason.
 */
export function reasonProblem(reason: string, t: T): string | undefined {
  return reason.trim().length < 3 ? t('validation.reason') : undefined;
}

export interface ReasonInput {
  readonly value: string;
  set(value: string): void;
  /** The rule's message after a try with too short a reason; undefined otherwise. */
  readonly problem: string | undefined;
  /** Shows (or clears) the rule's message; true when the reason may be sent. */
  check(): boolean;
}

/** For a form whose only check of its own is the reason (exit, void); forms with more fields use reasonProblem. */
export function useReasonInput(): ReasonInput {
  const { t } = useI18n();
  const [value, set] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const check = (): boolean => {
    const p = reasonProblem(value, t);
    setProblem(p);
    return !p;
  };
  return { value, set, problem, check };
}
