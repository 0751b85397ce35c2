/**
 * Signed pay-on-your-phone links. The kiosk signs what head office's pay page must charge (session, amount,
 * currency, expiry) with a secret shared with head office, so a link edited on a phone is refused there; head
 * office's confirmation comes back through sync signed the same way, so a forged "paid" is refused here.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface PayLinkFields {
  nonce: string;
  sessionId: number;
  amountMinor: number;
  currency: string;
  expiresAt: number;
}

export interface QrConfirmation {
  nonce: string;
  amountMinor: number;
  currency: string;
  headofficeRef: string;
  /** When head office took the money (signed): what the link's expiry is checked against, however late sync is. */
  paidAt?: number | undefined;
}

/** Shorter than this, a shared secret is a typo or a placeholder, not head office's key. */
export const MIN_SECRET_LENGTH = 16;

const mac = (secret: string, text: string): string => createHmac('sha256', secret).update(text).digest('base64url');
const linkText = (f: PayLinkFields) => `lotkeeper-pay-v1|${f.nonce}|${f.sessionId}|${f.amountMinor}|${f.currency}|${f.expiresAt}`;
const confirmationText = (c: QrConfirmation) =>
  c.paidAt === undefined ? `lotkeeper-paid-v1|${c.nonce}|${c.amountMinor}|${c.currency}|${c.headofficeRef}` : `lotkeeper-paid-v2|${c.nonce}|${c.amountMinor}|${c.currency}|${c.headofficeRef}|${c.paidAt}`;

/** Why head office's confirmations cannot be checked with this secret; null when they can. */
export function secretProblem(secret: string | null): string | null {
  if (!secret) return 'the link-signing secret from head office is not installed (set LOTKEEPER_PAY_LINK_SECRET for one start; it is kept in <data>/pay-link.secret)';
  if (secret.length < MIN_SECRET_LENGTH) return `the link-signing secret is shorter than ${MIN_SECRET_LENGTH} characters: install the one head office issued for this site`;
  return null;
}

/** Why pay links cannot be offered with this configuration; null when they can. */
export function payLinkProblem(pageUrl: string | null, secret: string | null): string | null {
  if (!pageUrl) return "head office's pay page is not configured (Site settings, serve --pay-page URL, or LOTKEEPER_PAY_PAGE)";
  if (!URL.canParse(pageUrl) || new URL(pageUrl).protocol !== 'https:') return `the pay page "${pageUrl}" is not an https:// address`;
  return secretProblem(secret);
}

function sameMac(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function signPayLink(baseUrl: string, secret: string, fields: PayLinkFields): string {
  const url = new URL(baseUrl);
  url.searchParams.set('n', fields.nonce);
  url.searchParams.set('s', String(fields.sessionId));
  url.searchParams.set('a', String(fields.amountMinor));
  url.searchParams.set('c', fields.currency);
  url.searchParams.set('e', String(fields.expiresAt));
  url.searchParams.set('sig', mac(secret, linkText(fields)));
  return url.toString();
}

/** What head office's pay page does with a link: the fields, or null when anything was changed. */
export function verifyPayLink(link: string, secret: string): PayLinkFields | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  const p = url.searchParams;
  const fields: PayLinkFields = { nonce: p.get('n') ?? '', sessionId: Number(p.get('s')), amountMinor: Number(p.get('a')), currency: p.get('c') ?? '', expiresAt: Number(p.get('e')) };
  if (![fields.sessionId, fields.amountMinor, fields.expiresAt].every(Number.isSafeInteger)) return null;
  return sameMac(mac(secret, linkText(fields)), p.get('sig') ?? '') ? fields : null;
}

/** Head office's side, here so both ends share one definition (and the tests can play head office). */
export function signConfirmation(secret: string, confirmation: QrConfirmation): string {
  return mac(secret, confirmationText(confirmation));
}

export function confirmationValid(secret: string, confirmation: QrConfirmation, signature: string): boolean {
  return sameMac(mac(secret, confirmationText(confirmation)), signature);
}
