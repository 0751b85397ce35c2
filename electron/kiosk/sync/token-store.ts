/**
 * Where the site token (and the Twilio auth token: see SecretKind) lives. The kiosk core only sees TokenStore:
 * headless it is a 0600 file in the data folder; the Electron shell (main.ts) passes an EncryptedTokenStore over
 * safeStorage, so the token on disk is sealed by the OS keychain. The token never goes into a log line, an error
 * message or the console.
 */
import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { headOfficeSettingsSchema } from '../../../native/headoffice';

export interface TokenStore {
  read(): string | null;
  write(token: string): void;
}

/** What Electron's safeStorage offers, as a structural type (the core never imports 'electron'). */
export interface StringCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}

export class TokenStoreError extends Error {
  override readonly name = 'TokenStoreError';
}

/** What a store keeps: its name for messages, and the shape a valid one has (checked on write and on read). */
export interface SecretKind {
  readonly name: string;
  readonly schema: z.ZodType<string>;
}
export const SITE_TOKEN: SecretKind = { name: 'site token', schema: headOfficeSettingsSchema.shape.token };
export const tokenFile = (dataDir: string, name = 'headoffice.token'): string => join(dataDir, name);

/** Written to a temporary file with mode 0600 and renamed over the old one: never readable by others, never torn. */
export function writePrivate(file: string, data: string | Buffer): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, data, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

export function readPrivate(file: string): Buffer | null {
  if (!existsSync(file)) return null;
  const mode = statSync(file).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new TokenStoreError(`${file} is readable by other users (mode ${mode.toString(8)}): chmod 600 it, or write the token again`);
  }
  return readFileSync(file);
}

export class FileTokenStore implements TokenStore {
  constructor(private readonly file: string, private readonly kind: SecretKind = SITE_TOKEN) {}

  read(): string | null {
    const data = readPrivate(this.file);
    if (data === null) return null;
    const parsed = this.kind.schema.safeParse(data.toString('utf8').trim());
    if (!parsed.success) throw new TokenStoreError(`${this.file} does not hold a valid ${this.kind.name}: write it again`);
    return parsed.data;
  }

  write(token: string): void {
    writePrivate(this.file, `${this.kind.schema.parse(token)}\n`);
  }
}

export class EncryptedTokenStore implements TokenStore {
  constructor(private readonly cipher: StringCipher, private readonly file: string, private readonly kind: SecretKind = SITE_TOKEN) {}

  read(): string | null {
    const sealed = readPrivate(this.file);
    if (sealed === null) return null;
    const parsed = this.kind.schema.safeParse(this.cipher.decryptString(sealed));
    if (!parsed.success) throw new TokenStoreError(`${this.file} does not hold a valid sealed ${this.kind.name}: write it again`);
    return parsed.data;
  }

  write(token: string): void {
    if (!this.cipher.isEncryptionAvailable()) throw new TokenStoreError(`the OS keychain cannot seal the ${this.kind.name} here`);
    writePrivate(this.file, this.cipher.encryptString(this.kind.schema.parse(token)));
  }
}
