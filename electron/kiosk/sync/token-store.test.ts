import { chmodSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { REDACTED_PATHS } from '../log';
import { useTempDirs } from '../../../test/support/temp-dir';
import { EncryptedTokenStore, FileTokenStore, TokenStoreError, type StringCipher } from './token-store';

const tempDir = useTempDirs();
const TOKEN = 'site-7f3a9c1e5b2d4f60a8e1';

/** Stands in for Electron's safeStorage (the OS keychain): the edge of the world, reversible and visibly not plain. */
const xorCipher: StringCipher = {
  isEncryptionAvailable: () => true,
  encryptString: (plain) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)),
  decryptString: (sealed) => Buffer.from(sealed.map((b) => b ^ 0x5a)).toString('utf8'),
};

describe('site token stores', () => {
  it('keeps the token in a file only its owner can read', () => {
    const file = join(tempDir(), 'headoffice.token');
    const store = new FileTokenStore(file);
    expect(store.read()).toBeNull();
    store.write(TOKEN);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(store.read()).toBe(TOKEN);
  });

  it('refuses a token file others can read, and one that holds no valid token', () => {
    const file = join(tempDir(), 'headoffice.token');
    const store = new FileTokenStore(file);
    store.write(TOKEN);
    chmodSync(file, 0o644);
    expect(() => store.read()).toThrow(TokenStoreError);
    expect(() => store.write('short')).toThrow();
  });

  it('seals the token with the OS cipher when the shell provides one', () => {
    const file = join(tempDir(), 'headoffice.sealed');
    const store = new EncryptedTokenStore(xorCipher, file);
    store.write(TOKEN);
    expect(readFileSync(file).toString('utf8')).not.toContain(TOKEN);
    expect(store.read()).toBe(TOKEN);
    expect(() => new EncryptedTokenStore({ ...xorCipher, isEncryptionAvailable: () => false }, file).write(TOKEN)).toThrow(/keychain/);
  });
});

describe('the site token in logs', () => {
  it('is censored wherever the kiosk config or a request header would carry it', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString('utf8')), done()) });
    const log = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
    log.info({ headOffice: { url: 'https://ho.example.com', token: TOKEN } }, 'config');
    log.info({ token: TOKEN, headers: { authorization: `Bearer ${TOKEN}` } }, 'request');
    expect(lines.join('')).not.toContain(TOKEN);
    expect(lines.join('')).toContain('https://ho.example.com');
  });
});
