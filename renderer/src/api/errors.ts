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

  static fromResult(call: CallName, error: CallError, now: number = Date.now()): CallFailure {
    const until = error.code === 'locked_out' ? lockedUntilOf(error, now) : null;
    return new CallFailure(call, error.code, error.message, error.issues ?? [], until);
  }

  /** Issues for one field: exact path or anything under it ("table.tiers.0.rate" belongs to "table.tiers"). */
  issuesFor(path: string): Issue[] {
    return this.issues.filter((i) => i.path === path || i.path.startsWith(`${path}.`));
  }
}

export function isCallFailure(e: unknown): e is CallFailure {
  return e instanceof CallFailure;
}

/**
 * When a locked-out account unlocks. Prefers a structured `lockedUntil`/`until` (epoch ms) on the error; until the
 * contract has one, reads the kiosk's own wording ("locked until <ISO instant>", "locked for N minutes").
 */
export function lockedUntilOf(error: CallError, now: number): number | null {
  const extra = error as CallError & { lockedUntil?: unknown; until?: unknown };
  if (typeof extra.lockedUntil === 'number') return extra.lockedUntil;
  if (typeof extra.until === 'number') return extra.until;
  const iso = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/.exec(error.message);
  if (iso) {
    const t = Date.parse(iso[0]);
    if (Number.isFinite(t)) return t;
  }
  const minutes = /locked for (\d+) minutes?/i.exec(error.message);
  if (minutes) return now + Number(minutes[1]) * 60_000;
  return null;
}
