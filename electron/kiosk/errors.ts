import type { ErrorCode } from './contract';

/** An error the caller is meant to read: its message names what is wrong, in plain words. */
export class KioskError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** With 'locked_out': when the account unlocks. */
    readonly lockedUntil?: number,
    /** With a wrong PIN: tries left before the lock, and the lock's length, so the console can warn before the last. */
    readonly lockout?: { readonly attemptsLeft: number; readonly lockMinutes: number },
  ) {
    super(message);
    this.name = 'KioskError';
  }
}

export const notFound = (what: string): KioskError => new KioskError('not_found', `${what} does not exist`);
export const conflict = (message: string): KioskError => new KioskError('conflict', message);
export const invalid = (message: string): KioskError => new KioskError('invalid_input', message);
/** The disk is full and this call's record could not be written: the message says what was not done and what to do. */
export const diskFull = (message: string): KioskError => new KioskError('disk_full', `the disk is full: ${message}`);
