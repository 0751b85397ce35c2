/**
 * How long a login lasts. A console nobody has touched for its role's idle time is logged out, no login outlives the
 * site's maximum age, and a user who is disabled or given another role is logged out of every console at once. Each
 * end is said to that console as `auth.ended` and audited. The policy is the site's (Site settings: idleLogoutMinutes, maxLoginHours).
 */
import type { Role } from '../contract';
import type { SiteSettings } from '../contract/settings';
import { audit, type Core } from '../core';
import type { StoredUser } from '../store/users-repo';

export interface LoginPolicy {
  /** Seconds without activity (a key or a click at the console) before a login of this role ends. */
  readonly idleSeconds: Readonly<Record<Role, number>>;
  /** Seconds from logging in after which a login ends, however busy. */
  readonly maxAgeSeconds: number;
}

/** The Site settings' login limits in seconds; a limit set to none never ends a login. */
export function loginPolicyOf(settings: Pick<SiteSettings, 'idleLogoutMinutes' | 'maxLoginHours'>): LoginPolicy {
  const seconds = (value: number | null, unit: number) => (value === null ? Infinity : value * unit);
  const idle = settings.idleLogoutMinutes;
  return {
    idleSeconds: { attendant: seconds(idle.attendant, 60), supervisor: seconds(idle.supervisor, 60), admin: seconds(idle.admin, 60) },
    maxAgeSeconds: seconds(settings.maxLoginHours, 3600),
  };
}

export type EndReason = 'logout' | 'user_disabled' | 'role_changed' | 'idle' | 'expired';

/** One console's login as the registry sees it; the connection owns it. */
export interface Login {
  /** The user as they logged in (their role then), or null while nobody is. */
  readonly user: Pick<StoredUser, 'id' | 'username' | 'role'> | null;
  readonly since: number;
  readonly activeAt: number;
  /** Logs the console out and tells it why. */
  end(reason: EndReason): void;
}

/** Why this login should end now, or null: the account as stored now decides, never the copy taken at login. */
export function endReason(login: Login, stored: Pick<StoredUser, 'role' | 'active'> | undefined, policy: LoginPolicy, at: number): EndReason | null {
  if (!login.user) return null;
  if (!stored || !stored.active) return 'user_disabled';
  if (stored.role !== login.user.role) return 'role_changed';
  if (at - login.activeAt >= policy.idleSeconds[login.user.role] * 1000) return 'idle';
  if (at - login.since >= policy.maxAgeSeconds * 1000) return 'expired';
  return null;
}

export class Logins {
  private readonly live = new Set<Login>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly core: Core,
    /** A test's or a shell's override of the site's policy; else read from the store at each check. */
    private readonly override?: LoginPolicy,
  ) {}

  track(login: Login): () => void {
    this.live.add(login);
    return () => this.live.delete(login);
  }

  /** Ends this login if its time is up or its account changed; true when it did (the call is then refused). */
  check(login: Login): boolean {
    if (!login.user) return false;
    const reason = endReason(login, this.core.store.users.byId(login.user.id), this.policy(), this.core.now());
    if (reason === null) return false;
    const { username, id } = login.user;
    login.end(reason); // first: a login past its time ends even when its audit row cannot be written
    this.core.store.change(() => audit(this.core, { actor: username, action: 'auth.ended', subject: `user:${id}`, detail: { reason } }));
    return true;
  }

  /** Checks every console now (on a timer, and at once after an admin changes a user). */
  sweep(): void {
    for (const login of [...this.live]) {
      try {
        this.check(login);
      } catch (error) {
        // On a timer: a failed audit write (a full disk) is logged, never thrown out of the interval.
        this.core.log.error({ err: error }, 'login check failed');
      }
    }
  }

  start(everyMs: number): void {
    this.timer ??= setInterval(() => this.sweep(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private policy(): LoginPolicy {
    return this.override ?? loginPolicyOf(this.core.store.settings.get().settings);
  }
}
