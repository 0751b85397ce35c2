/**
 * Attendant PINs and passwords: scrypt hashes stored as `scrypt$N$r$p$saltB64$hashB64`, so the cost can be raised
 * later without a migration (verify reads the parameters from the string; needsRehash says when to upgrade).
 *
 * Default cost N=2^14, r=8, p=1 (16 MiB): about 40 ms per hash (up to 70 under load) on the 2-core machine this was
 * measured on; N=2^15 took ~100 ms, too slow for a PIN pad used all shift. A 4-8 digit PIN has at most
 * 10^8 values, so no hash cost makes a stolen database safe: PINs must be protected by attempt limits and lockout in
 * the auth use-case, and the hash only keeps them from being read back in plain text.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export interface ScryptCost {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT_COST: Readonly<ScryptCost> = { N: 2 ** 14, r: 8, p: 1 };
const SALT_BYTES = 16;
const HASH_BYTES = 32;
// What verify will run for a stored string: a corrupt or hostile row must not make it allocate gigabytes.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

export const pinSchema = z.string().regex(/^[0-9]{4,8}$/, 'PIN must be 4 to 8 digits');

export const passwordSchema = z.string().superRefine((value, ctx) => {
  const length = [...value].length;
  if (length < 8 || length > 128) {
    ctx.addIssue({ code: 'custom', message: `password must be 8 to 128 characters, got ${length}` });
  }
});

function derive(secret: string, salt: Buffer, length: number, { N, r, p }: ScryptCost): Promise<Buffer> {
  // NFC so the same password typed through different input methods hashes the same.
  const bytes = Buffer.from(secret.normalize('NFC'), 'utf8');
  const maxmem = 128 * r * (N + p + 2) + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(bytes, salt, length, { N, r, p, maxmem }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function validCost({ N, r, p }: ScryptCost): boolean {
  const int = Number.isSafeInteger;
  return int(N) && N >= 2 && N <= MAX_N && (N & (N - 1)) === 0 && int(r) && r >= 1 && r <= MAX_R && int(p) && p >= 1 && p <= MAX_P;
}

/** Hashes a PIN or password with a fresh 16-byte salt. Pass a lower `cost` only in tests. */
export async function hashSecret(secret: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<string> {
  if (typeof secret !== 'string' || secret.length === 0) throw new TypeError('secret must be a non-empty string');
  if (!validCost(cost)) throw new RangeError(`invalid scrypt cost ${JSON.stringify(cost)}`);
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(secret, salt, HASH_BYTES, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

interface Parsed extends ScryptCost {
  salt: Buffer;
  hash: Buffer;
}

const DECIMAL = /^[1-9][0-9]{0,9}$/;

function base64(text: string | undefined): Buffer | null {
  if (text === undefined || text.length === 0) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null; // canonical base64 only, no junk tolerated
}

function parse(stored: unknown): Parsed | null {
  if (typeof stored !== 'string') return null;
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [n, r, p] = parts.slice(1, 4);
  if (![n, r, p].every((part) => part !== undefined && DECIMAL.test(part))) return null;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const salt = base64(parts[4]);
  const hash = base64(parts[5]);
  if (!validCost(cost) || !salt || salt.length < 8 || !hash || hash.length < 16 || hash.length > 64) return null;
  return { ...cost, salt, hash };
}

/** True when `secret` matches `stored`. False, never an exception, for anything malformed; logs nothing. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (parsed === null || typeof secret !== 'string') return false;
  try {
    const candidate = await derive(secret, parsed.salt, parsed.hash.length, parsed);
    return timingSafeEqual(candidate, parsed.hash);
  } catch {
    return false;
  }
}

/** True when `stored` was hashed below `cost` (or is unreadable): re-hash it after the next good login. */
export function needsRehash(stored: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): boolean {
  const parsed = parse(stored);
  return parsed === null || parsed.N < cost.N || parsed.r < cost.r || parsed.p < cost.p;
}

/** 32 random bytes, base64url (43 characters). */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}
