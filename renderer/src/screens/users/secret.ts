import type { T } from '../../i18n';

/** The console's own check before sending (the kiosk checks again): a PIN is 4-8 digits, a password 8+ characters. */
export function secretProblem(kind: 'pin' | 'password', secret: string, t: T): string | null {
  if (kind === 'pin') return /^\d{4,8}$/.test(secret) ? null : t('validation.pin');
  return secret.length >= 8 && secret.length <= 128 ? null : t('validation.password');
}
