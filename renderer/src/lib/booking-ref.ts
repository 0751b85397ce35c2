/** Letters and digits an attendant reads out over the phone without confusing them (no 0/O, 1/I/L, 5/S, 8/B, 2/Z). */
const ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';

/**
 * A new booking's reference, made once per booking the attendant means to make: it is also the call's idempotency
 * key, so a double press or a resend books and charges once. "BK-" and 10 characters (about 46 bits): short enough
 * to read out, far from colliding at one site.
 */
export function newBookingRef(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return `BK-${Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('')}`;
}
