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
}

const mac = (secret: string, text: string): string => createHmac('sha256', secret).update(text).digest('base64url');
const linkText = (f: PayLinkFields) => `lotkeeper-pay-v1|${f.nonce}|${f.sessionId}|${f.amountMinor}|${f.currency}|${f.expiresAt}`;
const confirmationText = (c: QrConfirmation) => `lotkeeper-paid-v1|${c.nonce}|${c.amountMinor}|${c.currency}|${c.headofficeRef}`;

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
