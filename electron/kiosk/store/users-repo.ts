import type { Database } from 'better-sqlite3';
import type { Role, User } from '../contract';
import type { Admission, LockoutPolicy, LockState } from '../users/login-guard';

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  secret_kind: 'pin' | 'password';
  secret_hash: string;
  failed_attempts: number;
  locked_until: number | null;
  active: number;
}

export interface StoredUser extends User {
  readonly secretHash: string;
  readonly failedAttempts: number;
}

const toUser = (row: UserRow): StoredUser => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  secretKind: row.secret_kind,
  active: row.active === 1,
  lockedUntil: row.locked_until,
  secretHash: row.secret_hash,
  failedAttempts: row.failed_attempts,
});

/** The public view: never hand a secret hash to a caller. */
export const publicUser = ({ secretHash: _hash, failedAttempts: _attempts, ...user }: StoredUser): User => user;

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  secretKind: 'pin' | 'password';
  secretHash: string;
}

export class UsersRepo {
  constructor(private readonly db: Database) {}

  count(): number {
    return this.db.prepare('SELECT count(*) FROM users').pluck().get() as number;
  }

  byUsername(username: string): StoredUser | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
    return row && toUser(row);
  }

  byId(id: number): StoredUser | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row && toUser(row);
  }

  list(): StoredUser[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[]).map(toUser);
  }

  insert(user: NewUser, now: number): StoredUser {
    const { lastInsertRowid } = this.db
      .prepare('INSERT INTO users (username, display_name, role, secret_kind, secret_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(user.username, user.displayName, user.role, user.secretKind, user.secretHash, now);
    return this.byId(Number(lastInsertRowid))!;
  }

  update(id: number, changes: { displayName?: string; role?: Role; active?: boolean; secretHash?: string }): void {
    const row = this.byId(id);
    if (!row) return;
    this.db
      .prepare('UPDATE users SET display_name = ?, role = ?, active = ?, secret_hash = ? WHERE id = ?')
      .run(changes.displayName ?? row.displayName, changes.role ?? row.role, (changes.active ?? row.active) ? 1 : 0, changes.secretHash ?? row.secretHash, id);
  }

  /**
   * Counts a login attempt before its secret is checked, in one statement, so concurrent attempts can neither miss
   * the lock nor overwrite each other's count: attempt n counts, the max-th locks, an expired lock starts over (the
   * rule of users/login-guard.ts admit()). A locked account is not counted: the caller answers from its lock.
   */
  admitAttempt(username: string, at: number, policy: LockoutPolicy): (Admission & { userId: number }) | undefined {
    // In a transaction of its own: a RETURNING statement read with get() commits when it is reset, where a failed
    // commit (a full disk) goes unseen and the count is silently lost; an explicit COMMIT throws instead.
    return this.db.transaction(() => this.countAttempt(username, at, policy))();
  }

  private countAttempt(username: string, at: number, policy: LockoutPolicy): (Admission & { userId: number }) | undefined {
    const counted = this.db
      .prepare(
        `UPDATE users SET
           failed_attempts = CASE WHEN locked_until IS NULL THEN failed_attempts + 1 ELSE 1 END,
           locked_until = CASE WHEN (CASE WHEN locked_until IS NULL THEN failed_attempts + 1 ELSE 1 END) >= @max THEN @at + @lockMs END
         WHERE username = @username AND (locked_until IS NULL OR locked_until <= @at)
         RETURNING id, failed_attempts, locked_until`,
      )
      .get({ username, at, max: policy.maxFailures, lockMs: policy.lockMinutes * 60_000 }) as Pick<UserRow, 'id' | 'failed_attempts' | 'locked_until'> | undefined;
    if (counted) return { admitted: true, userId: counted.id, failedAttempts: counted.failed_attempts, lockedUntil: counted.locked_until };
    const locked = this.db.prepare('SELECT id, locked_until FROM users WHERE username = ?').get(username) as Pick<UserRow, 'id' | 'locked_until'> | undefined;
    return locked && { admitted: false, userId: locked.id, lockedUntil: locked.locked_until! };
  }

  /**
   * admitAttempt's rule for a name that is no account, counted in login_name_lockouts (migration 0017) so a restart
   * does not reset it. At most `keep` names are kept; the least recently tried go first.
   */
  admitUnknownName(username: string, at: number, policy: LockoutPolicy, keep: number): Admission {
    return this.db.transaction((): Admission => {
      const nameKey = username.toLowerCase();
      const counted = this.db
        .prepare(
          `INSERT INTO login_name_lockouts (name_key, failed_attempts, locked_until, updated_at)
             VALUES (@nameKey, 1, CASE WHEN 1 >= @max THEN @at + @lockMs END, @at)
           ON CONFLICT (name_key) DO UPDATE SET
             failed_attempts = CASE WHEN locked_until IS NULL THEN failed_attempts + 1 ELSE 1 END,
             locked_until = CASE WHEN (CASE WHEN locked_until IS NULL THEN failed_attempts + 1 ELSE 1 END) >= @max THEN @at + @lockMs END,
             updated_at = @at
           WHERE locked_until IS NULL OR locked_until <= @at
           RETURNING failed_attempts, locked_until`,
        )
        .get({ nameKey, at, max: policy.maxFailures, lockMs: policy.lockMinutes * 60_000 }) as Pick<UserRow, 'failed_attempts' | 'locked_until'> | undefined;
      if (!counted) return { admitted: false, lockedUntil: this.unknownNameState(username)!.lockedUntil! };
      this.db
        .prepare('DELETE FROM login_name_lockouts WHERE name_key IN (SELECT name_key FROM login_name_lockouts ORDER BY updated_at DESC LIMIT -1 OFFSET ?)')
        .run(keep);
      return { admitted: true, failedAttempts: counted.failed_attempts, lockedUntil: counted.locked_until };
    })();
  }

  /** The stored count of a name that is no account, if it was tried. */
  unknownNameState(username: string): LockState | undefined {
    const row = this.db.prepare('SELECT failed_attempts, locked_until FROM login_name_lockouts WHERE name_key = ?').get(username.toLowerCase()) as
      | Pick<UserRow, 'failed_attempts' | 'locked_until'>
      | undefined;
    return row && { failedAttempts: row.failed_attempts, lockedUntil: row.locked_until };
  }

  /** Writes a count kept in memory while the disk was full (users/login-guard.ts MemoryLockouts). */
  setFailures(id: number, state: { failedAttempts: number; lockedUntil: number | null }): void {
    this.db.prepare('UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?').run(state.failedAttempts, state.lockedUntil, id);
  }

  clearFailures(id: number): void {
    this.db.prepare('UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(id);
  }
}
