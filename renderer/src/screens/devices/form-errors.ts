/**
 * Where a device form shows what is wrong: the console's own problems and the kiosk's issues (paths in the call's
 * input: device.config.url, device.config.board.registerMap.relays.addresses.2) beside the field they are about;
 * the box under the form only for what no field shows (a port another board uses, a reader's missing key).
 */
import { isCallFailure } from '../../api';
import { fieldErrors } from '../../components/errors';

/** A field's message by its path in the device's config (`at` = 'device.config' or 'device.config.board'). */
export type ErrorOf = (path: string) => string | undefined;

export function deviceFieldErrors(local: Readonly<Record<string, string | undefined>>, error: unknown, at: string): ErrorOf {
  const server = fieldErrors(error);
  return (path) => local[path] ?? server[`${at}.${path}`];
}

/** The error for the box under the form: the whole of it when any part of it has no field of its own there. */
export function unplacedError(error: unknown, placed: (path: string) => boolean): unknown {
  if (!isCallFailure(error) || error.issues.length === 0) return error;
  return error.issues.some((issue) => !placed(issue.path)) ? error : null;
}
