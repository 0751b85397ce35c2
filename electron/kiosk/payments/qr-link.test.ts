import { describe, expect, it } from 'vitest';
import { confirmationValid, signConfirmation, signPayLink, verifyPayLink } from './qr-link';

const fields = { nonce: 'a'.repeat(32), sessionId: 12, amountMinor: 650, currency: 'GBP', expiresAt: 1_800_000_000_000 };

describe('signed pay links', () => {
  it('round-trips, and refuses any edited field or signature', () => {
    const url = signPayLink('https://pay.example/p', 'secret', fields);
    expect(verifyPayLink(url, 'secret')).toEqual(fields);
    expect(verifyPayLink(url, 'other-secret')).toBeNull();
    for (const [from, to] of [['a=650', 'a=65'], ['s=12', 's=13'], ['c=GBP', 'c=EUR'], ['e=1800000000000', 'e=1900000000000']] as const) {
      expect(verifyPayLink(url.replace(from, to), 'secret')).toBeNull();
    }
    expect(verifyPayLink(url.replace(/sig=[^&]+/, 'sig=AAAA'), 'secret')).toBeNull();
    expect(verifyPayLink('not a url', 'secret')).toBeNull();
  });

  it('checks head office confirmations the same way', () => {
    const confirmation = { nonce: fields.nonce, amountMinor: 650, currency: 'GBP', headofficeRef: 'ho-1' };
    const signature = signConfirmation('secret', confirmation);
    expect(confirmationValid('secret', confirmation, signature)).toBe(true);
    expect(confirmationValid('secret', { ...confirmation, amountMinor: 651 }, signature)).toBe(false);
    expect(confirmationValid('secret', confirmation, signature.slice(1))).toBe(false);
  });
});
