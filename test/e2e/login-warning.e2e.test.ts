import { describe, expect, it } from 'vitest';
import { LoginPage } from './pages/LoginPage';
import { DEMO, openConsole, useE2E } from './support/harness';

const e2e = useE2E();

/** A wrong PIN says how many tries are left, so the last one is never a surprise lock. */
describe('login lockout warning', () => {
  it('counts the tries left after each wrong PIN and warns before the last, by keyboard', async () => {
    const c = await openConsole(e2e.browser, e2e.kiosk.url);
    const login = new LoginPage(c.page);
    const keys = c.page.keyboard;
    await login.waitVisible();
    await keys.type(DEMO.attendant.username);
    await keys.press('Tab');
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      // After a wrong PIN, focus is back in the PIN field, emptied.
      await keys.type('0000');
      await keys.press('Enter');
      const tries = c.page.getByTestId('login-tries-left');
      await tries.waitFor();
      await expect.poll(async () => (await tries.innerText()).trim()).not.toBe(seen.at(-1) ?? '');
      seen.push((await tries.innerText()).trim());
    }
    expect(seen).toEqual([
      '4 tries left before the account locks for 5 minutes.',
      '3 tries left before the account locks for 5 minutes.',
      '2 tries left before the account locks for 5 minutes.',
      '1 try left before the account locks for 5 minutes.',
    ]);
    await login.shot('login-last-try');
    // The right PIN on the last try still gets in.
    await keys.type(DEMO.attendant.secret);
    await keys.press('Enter');
    await c.page.getByTestId('current-user').waitFor();
    expect(c.errors).toEqual([]);
    await c.context.close();
  });
});
