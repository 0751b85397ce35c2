import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test/support/temp-dir';
import { openStore } from '../store/store';
import { FailedLoginTally, LoginThrottle, MemoryLockouts, type LockoutPolicy } from './login-guard';

const tempDir = useTempDirs();
const POLICY: LockoutPolicy = { maxFailures: 3, lockMinutes: 5 };

describe('the lockout rule', () => {
  it('is decided the same in SQL for an account, in SQL for a name that is none and in memory, over any run of attempts', () => {
    const store = openStore(join(tempDir(), 'lotkeeper.db'), { now: 0 });
    const user = store.users.insert({ username: 'anna', displayName: 'Anna', role: 'attendant', secretKind: 'pin', secretHash: 'x' }, 0);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 1_000, 60_000, 5 * 60_000, 6 * 60_000), { maxLength: 30 }), (gaps) => {
        store.users.clearFailures(user.id);
        store.db.exec('DELETE FROM login_name_lockouts');
        const phantoms = new MemoryLockouts(POLICY);
        let at = 1_000_000;
        for (const gap of gaps) {
          at += gap;
          const { userId: _id, ...account } = store.users.admitAttempt('ANNA', at, POLICY)!;
          const inMemory = phantoms.admit('anna', at);
          expect(account).toEqual(inMemory);
          expect(store.users.admitUnknownName('Nobody', at, POLICY, 10)).toEqual(inMemory);
        }
      }),
    );
    store.db.close();
  });
});

describe('the locks of names that are no account', () => {
  it('keep at most the given number of names, forgetting the least recently tried', () => {
    const store = openStore(join(tempDir(), 'lotkeeper.db'), { now: 0 });
    for (const [i, name] of ['a1', 'a2', 'a3', 'a4'].entries()) store.users.admitUnknownName(name, 1_000 + i, POLICY, 3);
    store.users.admitUnknownName('A2', 2_000, POLICY, 3);
    expect(store.db.prepare('SELECT name_key, failed_attempts FROM login_name_lockouts ORDER BY name_key').all()).toEqual([
      { name_key: 'a2', failed_attempts: 2 },
      { name_key: 'a3', failed_attempts: 1 },
      { name_key: 'a4', failed_attempts: 1 },
    ]);
    store.db.close();
  });
});

describe('the login rate limits', () => {
  it('refuse a console and a username over their limits until their window ends', () => {
    const throttle = new LoginThrottle({ perConnection: { attempts: 2, perMs: 1000 }, perUsername: { attempts: 2, perMs: 5000 }, tallyWindowMs: 1 });
    expect([throttle.hit('a', 'x', 0), throttle.hit('a', 'y', 1), throttle.hit('a', 'z', 2)]).toEqual([null, null, 1000]);
    expect([throttle.hit('b', 'X', 3), throttle.hit('c', 'x', 4)]).toEqual([null, 5000]);
    expect(throttle.hit('a', 'w', 1000)).toBeNull();
  });

  it('tally quiet failures per window', () => {
    const tally = new FailedLoginTally(100);
    expect(tally.count('unknown_user', 'a', 0)).toBeNull();
    expect(tally.count('locked', 'A', 50)).toBeNull();
    expect(tally.count('rate_limited', 'b', 100)).toEqual({ from: 0, to: 100, counts: { unknown_user: 1, locked: 1, rate_limited: 0 }, distinctNames: 1 });
    expect(tally.take(150)).toEqual({ from: 100, to: 150, counts: { unknown_user: 0, locked: 0, rate_limited: 1 }, distinctNames: 1 });
    expect(tally.take(200)).toBeNull();
  });
});
