import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KioskConnection } from '../../electron/kiosk/connection';
import type { EventName } from '../../electron/kiosk/contract';
import { DEMO_SITE_FILE, type Kiosk } from '../../electron/kiosk/kiosk';
import { DEMO, expectOk, loggedIn, manualClock, startTestKiosk } from '../support/kiosk-harness';
import { useTempDirs } from '../support/temp-dir';

/** Logins end: idle by role, at the site's maximum age, and on every console when an admin changes the user. */
const tempDir = useTempDirs();
const clock = manualClock(Date.UTC(2026, 11, 6, 8, 0));
const MINUTE = 60_000;
let kiosk: Kiosk;

beforeEach(async () => {
  clock.set(Date.UTC(2026, 11, 6, 8, 0));
  // The site's own policy (the Site settings' defaults: 15 idle minutes, 5 for admins, 12 hours), checked every 10 ms.
  kiosk = await startTestKiosk(tempDir(), { clock: clock.now, loginPolicy: undefined, loginCheckMs: 10 });
});
afterEach(async () => kiosk.close());

/** A console as the bridge or a window sees it: its calls and the reasons its logins ended. */
async function console(who: readonly [string, string]): Promise<{ connection: KioskConnection; ended: string[] }> {
  const connection = await loggedIn(kiosk, ...who);
  const ended: string[] = [];
  connection.onEvent((name: EventName, payload) => {
    if (name === 'auth.ended') ended.push((payload as { reason: string }).reason);
  });
  return { connection, ended };
}

const untilEnded = async (ended: string[]) => {
  for (let i = 0; i < 500 && ended.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  return ended;
};
const endedRows = () => kiosk.store.db.prepare("SELECT actor, detail FROM audit_log WHERE action = 'auth.ended' ORDER BY seq").all();

describe('logins that end', () => {
  it("logs an idle console out after its role's idle time, told as auth.ended and audited; a key or a click keeps it", async () => {
    const anna = await console(DEMO.attendant);
    const admin = await console(DEMO.admin);
    clock.advance(4 * MINUTE);
    await expectOk(admin.connection, 'users.list', {});
    clock.advance(MINUTE);
    expect(await untilEnded(admin.ended)).toEqual(['idle']); // admins: 5 minutes, however many calls the screen made
    await expectOk(anna.connection, 'dashboard.get', {});
    expect(await admin.connection.call('users.list', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });

    clock.advance(9 * MINUTE);
    await expectOk(anna.connection, 'auth.active', {}); // 14 minutes in: someone is there
    clock.advance(14 * MINUTE);
    await expectOk(anna.connection, 'dashboard.get', {});
    expect(anna.ended).toEqual([]);
    clock.advance(MINUTE);
    expect(await untilEnded(anna.ended)).toEqual(['idle']);
    expect(await anna.connection.call('dashboard.get', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(endedRows()).toEqual([
      { actor: 'admin', detail: '{"reason":"idle"}' },
      { actor: 'anna', detail: '{"reason":"idle"}' },
    ]);
  });

  it('ends a login at the maximum age however busy it is', async () => {
    const anna = await console(DEMO.attendant);
    for (let minutes = 0; minutes < 12 * 60 - 10; minutes += 10) {
      clock.advance(10 * MINUTE);
      await expectOk(anna.connection, 'auth.active', {});
    }
    expect(anna.ended).toEqual([]);
    clock.advance(10 * MINUTE);
    expect(await anna.connection.call('auth.active', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(anna.ended).toEqual(['expired']);
  });

  it('logs a user out of every console at once when an admin disables them or changes their role', async () => {
    const admin = await console(DEMO.admin);
    const annas = [await console(DEMO.attendant), await console(DEMO.attendant)];
    const sams = [await console(DEMO.supervisor), await console(DEMO.supervisor)];
    const id = (name: string) => kiosk.store.users.byUsername(name)!.id;

    await expectOk(admin.connection, 'users.update', { id: id('sam'), role: 'attendant' });
    expect(sams.map((s) => s.ended)).toEqual([['role_changed'], ['role_changed']]);
    await expectOk(admin.connection, 'users.update', { id: id('anna'), active: false });
    expect(annas.map((a) => a.ended)).toEqual([['user_disabled'], ['user_disabled']]);
    expect(admin.ended).toEqual([]);
    for (const { connection } of [...annas, ...sams]) expect(await connection.call('auth.me', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    // Sam logs in again and works with the new role.
    const again = await console(DEMO.supervisor);
    expect((await expectOk(again.connection, 'auth.me', {})).user.role).toBe('attendant');
  });

  it("takes the site file's login policy at set-up", async () => {
    const site = JSON.parse(readFileSync(DEMO_SITE_FILE(), 'utf8')) as object;
    const siteFile = join(tempDir(), 'site.json');
    writeFileSync(siteFile, JSON.stringify({ ...site, loginPolicy: { idleLogoutMinutes: { attendant: 2, supervisor: 10, admin: 1 }, maxLoginHours: 1 } }));
    const other = await startTestKiosk(tempDir(), { clock: clock.now, siteFile, loginPolicy: undefined });
    expect(other.store.settings.get().settings).toMatchObject({ idleLogoutMinutes: { attendant: 2, supervisor: 10, admin: 1 }, maxLoginHours: 1 });
    await other.close();
  });
});
