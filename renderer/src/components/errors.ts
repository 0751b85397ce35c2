import { isCallFailure } from '../api';
import type { T } from '../i18n';

/** Field path -> label already translated, e.g. { plate: 'Plate', reason: 'Reason' }. */
export type FieldLabels = Readonly<Record<string, string>>;

function labelFor(path: string, labels: FieldLabels): string {
  if (labels[path]) return labels[path];
  const root = path.split('.')[0] ?? path;
  return labels[root] ?? path;
}

/** Per-field messages from the kiosk's validation issues, keyed by the field's path root. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!isCallFailure(error)) return {};
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.split('.')[0] ?? issue.path;
    out[key] ??= issue.message;
    out[issue.path] ??= issue.message;
  }
  return out;
}

/** One plain sentence (or a few) for any error, naming the fields it is about. */
export function errorLines(error: unknown, t: T, labels: FieldLabels = {}): string[] {
  if (!error) return [];
  if (!isCallFailure(error)) return [t('error.unexpected', { message: error instanceof Error ? error.message : String(error) })];
  if (error.issues.length > 0) {
    return error.issues.map((i) => (i.path ? t('error.field', { field: labelFor(i.path, labels), message: i.message }) : i.message));
  }
  switch (error.code) {
    case 'disconnected':
      return [t('error.disconnected')];
    case 'timeout':
      return [t('error.timeout')];
    case 'forbidden':
      // The kiosk's own sentence says what needed which role (and, for a deny-listed car, who may).
      return [t('error.forbidden'), error.message];
    case 'unauthenticated':
      return [t('error.unauthenticated')];
    case 'internal':
      return [t('error.internal', { message: error.message })];
    default:
      return [error.message];
  }
}
