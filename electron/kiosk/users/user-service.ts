import type { Role, User } from '../contract';
import { audit, type Actor, type Core } from '../core';
import { conflict, invalid, KioskError, notFound } from '../errors';
import { hashSecret, verifySecret, pinSchema, passwordSchema } from '../auth/secrets';
import { publicUser, type NewUser, type StoredUser } from '../store/users-repo';

export interface NewUserInput {
  username: string;
  displayName: string;
  role: Role;
  secretKind: 'pin' | 'password';
  secret: string;
}

export interface LockoutPolicy {
  readonly maxFailures: number;
  readonly lockMinutes: number;
}
export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMinutes: 5 };

/** Verified against when the username is unknown, so a wrong name costs the same time as a wrong PIN. */
let decoyHash: Promise<string> | undefined;

export class UserService {
  constructor(
    private readonly core: Core,
    private readonly lockout: LockoutPolicy = DEFAULT_LOCKOUT,
  ) {}

  async login(username: string, secret: string): Promise<StoredUser> {
    const { store, now } = this.core;
    const user = store.users.byUsername(username);
    decoyHash ??= hashSecret('decoy-secret');
    const matches = await verifySecret(secret, user?.secretHash ?? (await decoyHash));
    const at = now();
    if (!user || !user.active) {
      this.recordLogin(username, 'auth.login_failed', { reason: user ? 'disabled' : 'unknown_user' });
      throw new KioskError('unauthenticated', 'wrong username or PIN/password');
    }
    if (user.lockedUntil !== null && user.lockedUntil > at) {
      this.recordLogin(username, 'auth.login_failed', { reason: 'locked' });
      throw new KioskError('locked_out', `too many failed attempts: locked until ${new Date(user.lockedUntil).toISOString()}`, user.lockedUntil);
    }
    if (!matches) return this.failLogin(user, at);
    // On a full disk the attendant still gets in (the lanes need hands); the login's row waits for space.
    this.core.unrecorded.attempt(`login of ${user.username}`, () =>
      store.change(() => {
        store.users.clearFailures(user.id);
        audit(this.core, { actor: user.username, action: 'auth.login', subject: `user:${user.id}`, detail: {}, at });
      }),
    );
    return store.users.byId(user.id)!;
  }

  private failLogin(user: StoredUser, at: number): never {
    const { store } = this.core;
    const lock = user.failedAttempts + 1 >= this.lockout.maxFailures;
    const lockedUntil = lock ? at + this.lockout.lockMinutes * 60_000 : null;
    store.change(() => {
      store.users.recordFailure(user.id, lockedUntil);
      audit(this.core, { actor: user.username, action: lock ? 'auth.locked_out' : 'auth.login_failed', subject: `user:${user.id}`, detail: { attempts: user.failedAttempts + 1 } });
    });
    if (lock) throw new KioskError('locked_out', `too many failed attempts: locked for ${this.lockout.lockMinutes} minutes`, lockedUntil!);
    throw new KioskError('unauthenticated', 'wrong username or PIN/password');
  }

  private recordLogin(username: string, action: string, detail: object): void {
    this.core.store.change(() => audit(this.core, { actor: username, action, subject: null, detail }));
  }

  logout(actor: Actor): void {
    this.core.store.change(() => audit(this.core, { actor: actor.username, action: 'auth.logout', subject: `user:${actor.id}`, detail: {} }));
  }

  list(): User[] {
    return this.core.store.users.list().map(publicUser);
  }

  async create(input: NewUserInput, actor: Actor | null): Promise<User> {
    return this.insert(await this.prepare(input), actor);
  }

  /** Validates and hashes outside any transaction: scrypt is slow on purpose. */
  async prepare(input: NewUserInput): Promise<NewUser> {
    if (this.core.store.users.byUsername(input.username)) throw conflict(`username "${input.username}" is taken`);
    checkSecret(input.secretKind, input.secret);
    const { secret, ...rest } = input;
    return { ...rest, secretHash: await hashSecret(secret) };
  }

  insert(user: NewUser, actor: Actor | null): User {
    const { store, now } = this.core;
    return publicUser(
      store.change(() => {
        const created = store.users.insert(user, now());
        audit(this.core, { actor: actor?.username ?? 'setup', action: 'user.create', subject: `user:${created.id}`, detail: { username: created.username, role: created.role } });
        return created;
      }),
    );
  }

  async update(input: { id: number; displayName?: string; role?: Role; active?: boolean; secret?: string; unlock?: boolean }, actor: Actor): Promise<User> {
    const { store } = this.core;
    const user = store.users.byId(input.id);
    if (!user) throw notFound(`user ${input.id}`);
    if (input.id === actor.id && (input.role !== undefined || input.active === false)) {
      throw invalid('you cannot change your own role or disable yourself: ask another admin');
    }
    if (input.secret !== undefined) checkSecret(user.secretKind, input.secret);
    const secretHash = input.secret === undefined ? undefined : await hashSecret(input.secret);
    store.change(() => {
      store.users.update(user.id, { displayName: input.displayName, role: input.role, active: input.active, secretHash });
      if (input.unlock || secretHash) store.users.clearFailures(user.id);
      const changed = { displayName: input.displayName, role: input.role, active: input.active, secretReset: secretHash !== undefined, unlock: input.unlock };
      audit(this.core, { actor: actor.username, action: 'user.update', subject: `user:${user.id}`, detail: changed });
    });
    return publicUser(store.users.byId(user.id)!);
  }
}

function checkSecret(kind: 'pin' | 'password', secret: string): void {
  const result = (kind === 'pin' ? pinSchema : passwordSchema).safeParse(secret);
  if (!result.success) throw invalid(result.error.issues[0]?.message ?? `not a valid ${kind}`);
}
