import type { ErrorCode } from './contract';

export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** An error the caller is meant to read: its message names what is wrong, in plain words. */
export class KioskError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** With 'locked_out': when the account unlocks. */
    readonly lockedUntil?: number,
    /** With a wrong PIN: tries left before the lock, and the lock's length, so the console can warn before the last. */
    readonly lockout?: { readonly attemptsLeft: number; readonly lockMinutes: number },
    /** With 'invalid_input' from a schema checked past the contract (a driver's config): each field's path and message. */
    readonly issues?: readonly FieldIssue[],
  ) {
    super(message);
    this.name = 'KioskError';
  }
}

export const notFound = (what: string): KioskError => new KioskError('not_found', `${what} does not exist`);
export const conflict = (message: string): KioskError => new KioskError('conflict', message);
export const invalid = (message: string): KioskError => new KioskError('invalid_input', message);
/** Invalid input naming its fields, so a form shows each message beside its field (paths as the call's input has them). */
export const invalidFields = (message: string, issues: readonly FieldIssue[]): KioskError => new KioskError('invalid_input', message, undefined, undefined, issues);
/** The disk is full and this call's record could not be written: the message says what was not done and what to do. */
export const diskFull = (message: string): KioskError => new KioskError('disk_full', `the disk is full: ${message}`);
