import { describe, expect, it } from 'vitest';
import { LoginPage } from './pages/LoginPage';
import { ShiftPage } from './pages/ShiftPage';
import { openConsole, useE2E } from './support/harness';

const e2e = useE2E();

describe('shift (attendant)', () => {
  it('opens with a float and closes with a count by denomination', async () => {
    const c = await openConsole(e2e.browser, e2e.kiosk.url);
    await new LoginPage(c.page).loginAs('attendant');
    const shift = new ShiftPage(c.page);
    await shift.open();
    await shift.shot('shift-open-form');
    await shift.openShift('50.00');
    await shift.count(2000, 2); // 2 x £20
    await shift.count(500, 1); // 1 x £5
    await shift.count(100, 3); // 3 x £1
    await shift.count(50, 1); // 1 x 50p
    expect(await shift.countedTotal()).toBe('£48.50');
    await shift.shot('shift-count');
    const result = await shift.closeShift('one pound fifty missing');
    expect(result).toContain('£48.50');
    expect(result).toContain('£50.00');
    expect(result).toMatch(/Short by £1\.50/);
    await shift.shot('shift-closed');
    expect(c.errors).toEqual([]);
    await c.context.close();
  });
});
