import type { CallError } from '../../../electron/kiosk/contract';
import type { CallName, ClientErrorCode, Issue } from './types';

/** A failed call: `{ok:false}` from the kiosk, or a broken link. Carries the kiosk's code, message and field issues. */
export class CallFailure extends Error {
  readonly code: ClientErrorCode;
  readonly issues: readonly Issue[];
  /**
   * For `locked_out`: when the account unlocks (epoch ms), if the kiosk said so. The contract's CallError has no
   * field for it yet; we read `lockedUntil`/`until` when present so the login screen can show the time.
   */
  readonly lockedUntil: number | null;
  /** For a wrong PIN: tries left before the account locks and for how many minutes, when the kiosk said so. */
  readonly lockout: { readonly attemptsLeft: number; readonly lockMinutes: number } | null = null;

  constructor(
    readonly call: CallName,
    code: ClientErrorCode,
    message: string,
    issues: readonly Issue[] = [],
    lockedUntil: number | null = null,
  ) {
    super(message);
    this.name = 'CallFailure';
    this.code = code;
    this.issues = issues;
    this.lockedUntil = lockedUntil;
  }

  static fromResult(call: CallName, error: CallError): CallFailure {
    const failure = new CallFailure(call, error.code, error.message, error.issues ?? [], lockedUntilOf(error));
    const { attemptsLeft, lockMinutes } = error;
    if (typeof attemptsLeft === 'number' && typeof lockMinutes === 'number') Object.assign(failure, { lockout: { attemptsLeft, lockMinutes } });
    return failure;
  }

  /** Issues for one field: exact path or anything under it ("table.tiers.0.rate" belongs to "table.tiers"). */
  issuesFor(path: string): Issue[] {
    return this.issues.filter((i) => i.path === path || i.path.startsWith(`${path}.`));
  }
}

export function isCallFailure(e: unknown): e is CallFailure {
  return e instanceof CallFailure;
}

/** When a locked-out account unlocks, as the kiosk says on the error. */
export function lockedUntilOf(error: CallError): number | null {
  return error.code === 'locked_out' && typeof error.lockedUntil === 'number' ? error.lockedUntil : null;
}
