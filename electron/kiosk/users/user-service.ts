import type { Role, User } from '../contract';
import { audit, type Actor, type Core } from '../core';
import { isDiskFull } from '../disk/unrecorded';
import { conflict, invalid, KioskError, notFound } from '../errors';
import { hashSecret, verifySecret, pinSchema, passwordSchema } from '../auth/secrets';
import { publicUser, type NewUser, type StoredUser } from '../store/users-repo';
import {
  DEFAULT_LOCKOUT,
  DEFAULT_LOGIN_LIMITS,
  FailedLoginTally,
  LoginThrottle,
  MemoryLockouts,
  type Admission,
  type FailureTally,
  type LockoutPolicy,
  type LoginLimits,
  type TalliedFailure,
} from './login-guard';

export type { LockoutPolicy, LoginLimits };

export interface NewUserInput {
  username: string;
  displayName: string;
  role: Role;
  secretKind: 'pin' | 'password';
  secret: string;
}

/** Verified against when the username is unknown, so a wrong name costs the same time as a wrong PIN. */
let decoyHash: Promise<string> | undefined;

const WRONG = 'wrong username or PIN/password';

export class UserService {
  private readonly throttle: LoginThrottle;
  /** Locks whose failures a full disk could not take: counted here until written (key: lockKey()). */
  private readonly held: MemoryLockouts;
  private readonly tally: FailedLoginTally;

  constructor(
    private readonly core: Core,
    private readonly lockout: LockoutPolicy = DEFAULT_LOCKOUT,
    limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
  ) {
    this.throttle = new LoginThrottle(limits);
    this.held = new MemoryLockouts(lockout);
    this.tally = new FailedLoginTally(limits.tallyWindowMs);
  }

  /**
   * One attempt: the rate limits, then the attempt counted against the lock in one SQL statement before the slow
   * hash (so a hundred attempts at once get no more guesses than five in a row), then the secret. A name that is not
   * an account, or a disabled one, answers exactly as a wrong PIN would, lock included.
   */
  async login(username: string, secret: string, connection: string): Promise<StoredUser> {
    const { store, now } = this.core;
    const retryAt = this.throttle.hit(connection, username, now());
    if (retryAt !== null) {
      this.countQuietly('rate_limited', username);
      // A locked account says when its lock ends, whichever limit this attempt ran into first.
      const lockedUntil = this.lockedUntil(username, now());
      if (lockedUntil !== null && lockedUntil >= retryAt) throw lockedOut(lockedUntil);
      throw new KioskError('locked_out', `too many login attempts: try again after ${new Date(retryAt).toISOString()}`, retryAt);
    }
    const { admission, userId, held } = this.admit(username, now());
    if (!admission.admitted) {
      this.countQuietly(userId !== null ? 'locked' : 'unknown_user', username);
      throw lockedOut(admission.lockedUntil);
    }
    const user = userId === null ? undefined : store.users.byId(userId);
    decoyHash ??= hashSecret('decoy-secret');
    const matches = await verifySecret(secret, user?.secretHash ?? (await decoyHash));
    if (!user) {
      this.countQuietly('unknown_user', username);
      return this.refuse(admission);
    }
    if (!matches || !user.active) return this.failLogin(user, admission, held);
    // On a full disk the attendant still gets in (the lanes need hands); the login's row waits for space.
    const at = now();
    this.held.settle(lockKey(username, user));
    this.core.unrecorded.attempt(`login of ${user.username}`, () =>
      store.change(() => {
        store.users.clearFailures(user.id);
        audit(this.core, { actor: user.username, action: 'auth.login', subject: `user:${user.id}`, detail: {}, at });
      }),
    );
    return store.users.byId(user.id)!;
  }

  /**
   * The attempt counted against the lock of the account, or of the name when it is none, in SQL; on a full disk (or
   * while a count from one still waits to be written) in memory from the stored count, so the lock holds however many
   * attempts the disk could not take. (A name's count kept in memory stays there until the kiosk stops.)
   */
  private admit(username: string, at: number): { admission: Admission; userId: number | null; held: boolean } {
    const { users } = this.core.store;
    const account = users.byUsername(username);
    const key = lockKey(username, account);
    const userId = account?.id ?? null;
    if (this.held.holds(key)) return { admission: this.held.admit(key, at), userId, held: true };
    try {
      const admission = (account && users.admitAttempt(username, at, this.lockout)) ?? users.admitUnknownName(username, at, this.lockout, KEPT_NAMES);
      return { admission, userId, held: false };
    } catch (error) {
      if (!isDiskFull(error)) throw error;
      return { admission: this.held.admit(key, at, account ?? users.unknownNameState(username)), userId, held: true };
    }
  }

  private lockedUntil(username: string, at: number): number | null {
    const { users } = this.core.store;
    const account = users.byUsername(username);
    const storedUntil = (account ?? users.unknownNameState(username))?.lockedUntil ?? null;
    return this.held.lockedUntil(lockKey(username, account), at) ?? (storedUntil !== null && storedUntil > at ? storedUntil : null);
  }

  /** The failure's audit row (and a count kept in memory) are written now, or in order once a full disk has room. */
  private failLogin(user: StoredUser, admission: Admission & { admitted: true }, held: boolean): never {
    const { store } = this.core;
    const locked = admission.lockedUntil !== null;
    const detail = user.active ? { attempts: admission.failedAttempts } : { attempts: admission.failedAttempts, reason: 'disabled' };
    const at = this.core.now();
    this.core.unrecorded.attempt(`failed login of ${user.username} (${admission.failedAttempts} of ${this.lockout.maxFailures})`, () => {
      store.change(() => {
        if (held) store.users.setFailures(user.id, admission);
        audit(this.core, { actor: user.username, action: locked ? 'auth.locked_out' : 'auth.login_failed', subject: `user:${user.id}`, detail, at });
      });
      if (held) this.held.settle(lockKey(user.username, user), admission);
    });
    return this.refuse(admission);
  }

  private refuse(admission: Admission & { admitted: true }): never {
    if (admission.lockedUntil !== null) throw lockedOut(admission.lockedUntil);
    const left = this.lockout.maxFailures - admission.failedAttempts;
    const lockMinutes = this.lockout.lockMinutes;
    throw new KioskError('unauthenticated', `${WRONG} (${left} ${left === 1 ? 'try' : 'tries'} left before a ${lockMinutes}-minute lock)`, undefined, { attemptsLeft: left, lockMinutes });
  }

  /** Counts a failure that costs the guesser nothing; a finished window becomes one audit row (and its outbox row). */
  private countQuietly(kind: TalliedFailure, username: string): void {
    this.writeTally(this.tally.count(kind, username, this.core.now()));
  }

  /** At shut-down: the failures counted since the last audit row. */
  flushFailedLogins(): void {
    this.writeTally(this.tally.take(this.core.now()));
  }

  private writeTally(tally: FailureTally | null): void {
    if (!tally) return;
    const record = { actor: 'kiosk', action: 'auth.login_failures' as const, subject: null, detail: tally, at: tally.to };
    this.core.unrecorded.attempt(`count of failed logins from ${new Date(tally.from).toISOString()}`, () => this.core.store.change(() => audit(this.core, record)));
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
      const after = { displayName: input.displayName, role: input.role, active: input.active };
      const before = { displayName: input.displayName === undefined ? undefined : user.displayName, role: input.role === undefined ? undefined : user.role, active: input.active === undefined ? undefined : user.active };
      audit(this.core, { actor: actor.username, action: 'user.update', subject: `user:${user.id}`, detail: { before, after, secretReset: secretHash !== undefined, unlock: input.unlock } });
    });
    return publicUser(store.users.byId(user.id)!);
  }
}

/** Names that are no account whose lock is kept (login_name_lockouts); past it the least recently tried are forgotten. */
const KEPT_NAMES = 10_000;

/** The key of a lock kept in memory: the account's id, or the name when it is none. */
const lockKey = (username: string, account: { id: number } | undefined): string => (account ? `user:${account.id}` : `name:${username.toLowerCase()}`);

const lockedOut = (until: number): KioskError =>
  new KioskError('locked_out', `too many failed attempts: locked until ${new Date(until).toISOString()}`, until);

function checkSecret(kind: 'pin' | 'password', secret: string): void {
  const result = (kind === 'pin' ? pinSchema : passwordSchema).safeParse(secret);
  if (!result.success) throw invalid(result.error.issues[0]?.message ?? `not a valid ${kind}`);
}
