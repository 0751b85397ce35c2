import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_SCRYPT_COST,
  hashSecret,
  needsRehash,
  newSessionToken,
  passwordSchema,
  pinSchema,
  verifySecret,
} from './secrets';

const CHEAP = { N: 2 ** 4, r: 8, p: 1 }; // tests only
const FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/]+=*)\$([A-Za-z0-9+/]+=*)$/;

describe('hashSecret / verifySecret', () => {
  afterEach(() => vi.restoreAllMocks());

  it('stores a self-describing string with a 16-byte salt and verifies it', async () => {
    const stored = await hashSecret('1234', CHEAP);
    const [, n, r, p, salt, hash] = FORMAT.exec(stored) ?? [];
    expect([n, r, p]).toEqual(['16', '8', '1']);
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(hash!, 'base64')).toHaveLength(32);
    expect(await verifySecret('1234', stored)).toBe(true);
    expect(await verifySecret('1235', stored)).toBe(false);
    expect(await verifySecret('', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashSecret('hunter22', CHEAP), hashSecret('hunter22', CHEAP)]);
    expect(a).not.toBe(b);
    expect(await verifySecret('hunter22', a)).toBe(true);
    expect(await verifySecret('hunter22', b)).toBe(true);
  });

  it('treats canonically equal Unicode as the same password', async () => {
    const stored = await hashSecret('caf\u00e9 au lait', CHEAP);
    expect(await verifySecret('cafe\u0301 au lait', stored)).toBe(true);
  });

  it('uses the default cost', async () => {
    const stored = await hashSecret('correct horse battery');
    expect(stored.startsWith(`scrypt$${DEFAULT_SCRYPT_COST.N}$8$1$`)).toBe(true);
    expect(await verifySecret('correct horse battery', stored)).toBe(true);
  });

  it('rejects a bad cost or an empty secret when hashing', async () => {
    await expect(hashSecret('1234', { N: 1000, r: 8, p: 1 })).rejects.toThrow(RangeError);
    await expect(hashSecret('', CHEAP)).rejects.toThrow(TypeError);
  });

  it('returns false, never throws and logs nothing, for malformed stored strings', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => {}));
    const good = await hashSecret('1234', CHEAP);
    const [, , , , salt, hash] = good.split('$');
    const malformed: unknown[] = [
      '',
      'scrypt',
      'scrypt$$$$$',
      `bcrypt$16$8$1$${salt}$${hash}`,
      `scrypt$15$8$1$${salt}$${hash}`, // N not a power of two
      `scrypt$1073741824$8$1$${salt}$${hash}`, // N = 2^30: would need 128 GiB
      `scrypt$16$8$0$${salt}$${hash}`,
      `scrypt$016$8$1$${salt}$${hash}`,
      `scrypt$16$8$1$${salt}$${hash}$extra`,
      `scrypt$16$8$1$${salt}$`,
      `scrypt$16$8$1$not*base64$${hash}`,
      `scrypt$16$8$1$${salt}$${hash!.slice(0, 8)}`,
      `scrypt$65536$1$1$${salt}$${hash}`, // rejected by scrypt itself (N too big for r=1)
      good.replace(/.$/, '*'),
      null,
      42,
      { toString: () => good },
    ];
    for (const stored of malformed) {
      await expect(verifySecret('1234', stored as string), String(stored)).resolves.toBe(false);
    }
    await expect(verifySecret(1234 as unknown as string, good)).resolves.toBe(false);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it('says when a stored hash is below the current cost', async () => {
    expect(needsRehash(await hashSecret('1234', CHEAP))).toBe(true);
    expect(needsRehash(await hashSecret('1234', CHEAP), CHEAP)).toBe(false);
    expect(needsRehash('garbage')).toBe(true);
  });
});

describe('secret schemas', () => {
  it.each(['1234', '12345678', '0000'])('PIN %j is valid', (pin) => {
    expect(pinSchema.safeParse(pin).success).toBe(true);
  });

  it.each(['123', '123456789', '12a4', ' 1234', '١٢٣٤', '12.4', ''])('PIN %j is not', (pin) => {
    const result = pinSchema.safeParse(pin);
    expect(result.error?.issues[0]?.message).toBe('PIN must be 4 to 8 digits');
  });

  it('passwords are 8 to 128 characters, counted as code points', () => {
    expect(passwordSchema.safeParse('a'.repeat(8)).success).toBe(true);
    expect(passwordSchema.safeParse('a'.repeat(128)).success).toBe(true);
    expect(passwordSchema.safeParse('🔑'.repeat(8)).success).toBe(true);
    expect(passwordSchema.safeParse('🔑'.repeat(4)).error?.issues[0]?.message).toBe('password must be 8 to 128 characters, got 4');
    expect(passwordSchema.safeParse('a'.repeat(7)).success).toBe(false);
    expect(passwordSchema.safeParse('a'.repeat(129)).success).toBe(false);
  });
});

describe('newSessionToken', () => {
  it('is 32 random bytes in base64url', () => {
    const tokens = new Set(Array.from({ length: 100 }, newSessionToken));
    expect(tokens.size).toBe(100);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    }
  });
});
