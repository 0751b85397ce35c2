/**
 * Where the desktop app keeps its secrets at rest (the site token, Twilio's auth token). Electron's safeStorage seals
 * them with the OS keychain, except on a Linux desktop without a keyring, where it falls back to a key written in
 * Chromium's source (`basic_text`): sealed in name only. There the kiosk keeps the 0600 files the headless kiosk
 * uses, and says so on the console, rather than pretend.
 */
import { existsSync } from 'node:fs';
import { TWILIO_AUTH_TOKEN } from '../notify/config';
import { EncryptedTokenStore, FileTokenStore, SITE_TOKEN, tokenFile, type SecretKind, type StringCipher, type TokenStore } from '../sync/token-store';

/** safeStorage as a structural type: the core never imports 'electron'. */
export interface OsKeychain extends StringCipher {
  /** Linux only: 'basic_text', 'gnome_libsecret', 'kwallet', ... */
  getSelectedStorageBackend?(): string;
}

export type SecretsAtRest = { readonly sealed: true } | { readonly sealed: false; readonly reason: string };

export function keychainSeals(keychain: OsKeychain, platform: NodeJS.Platform): SecretsAtRest {
  if (!keychain.isEncryptionAvailable()) return { sealed: false, reason: 'the OS keychain is not available' };
  if (platform === 'linux' && keychain.getSelectedStorageBackend?.() === 'basic_text') {
    return { sealed: false, reason: 'no keyring on this Linux desktop (safeStorage would only obfuscate: basic_text)' };
  }
  return { sealed: true };
}

export interface SecretStores {
  readonly atRest: SecretsAtRest;
  readonly siteToken: TokenStore;
  readonly twilioToken: TokenStore;
}

/** The desktop app's token stores: sealed where the keychain really seals, else the headless kiosk's 0600 files. */
export function secretStores(dataDir: string, keychain: OsKeychain, platform: NodeJS.Platform = process.platform): SecretStores {
  const atRest = keychainSeals(keychain, platform);
  const store = (name: string, kind: SecretKind): TokenStore =>
    atRest.sealed ? new EncryptedTokenStore(keychain, tokenFile(dataDir, `${name}.sealed`), kind) : unsealedStore(dataDir, name, kind, keychain);
  return { atRest, siteToken: store('headoffice', SITE_TOKEN), twilioToken: store('twilio', TWILIO_AUTH_TOKEN) };
}

/** The 0600 file; a token an earlier version "sealed" with basic_text is carried over once, so sync keeps its token. */
function unsealedStore(dataDir: string, name: string, kind: SecretKind, keychain: OsKeychain): TokenStore {
  const plain = new FileTokenStore(tokenFile(dataDir, `${name}.token`), kind);
  const sealedFile = tokenFile(dataDir, `${name}.sealed`);
  if (plain.read() === null && existsSync(sealedFile) && keychain.isEncryptionAvailable()) {
    const token = new EncryptedTokenStore(keychain, sealedFile, kind).read();
    if (token !== null) plain.write(token);
  }
  return plain;
}
