import type { Database } from 'better-sqlite3';
import type { Role, User } from '../contract';

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

  recordFailure(id: number, lockedUntil: number | null): void {
    this.db.prepare('UPDATE users SET failed_attempts = failed_attempts + 1, locked_until = ? WHERE id = ?').run(lockedUntil, id);
  }

  clearFailures(id: number): void {
    this.db.prepare('UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(id);
  }
}
