import { describe, expect, it } from 'vitest';
import { DevicesPage } from './pages/DevicesPage';
import { LaneRoiEditor, type RoiPercents } from './pages/LaneRoiEditor';
import { LoginPage } from './pages/LoginPage';
import { openConsole, useE2E, VIEWPORTS } from './support/harness';

// The demo site's cameras send pictures of their empty lanes: no car arrives (a lane with a car in it refuses new
// settings until it is idle again).
const e2e = useE2E({ devices: 'site', demoTraffic: { arrivalEveryMs: 3_600_000 } });

/** Within a percent: a mouse lands on whole pixels of a picture some 400 pixels wide. */
function expectNear(actual: RoiPercents, expected: RoiPercents): void {
  for (const side of ['left', 'top', 'width', 'height'] as const) expect(Math.abs(actual[side] - expected[side]), `${side}: ${actual[side]} vs ${expected[side]}`).toBeLessThan(1);
}

/** Saves the lane dialog and waits for it to close (the kiosk took the settings), then for the screen's message. */
async function saveLane(devices: DevicesPage, reason: string, lane: string): Promise<void> {
  await devices.saveWith(devices.laneEditor, reason);
  await devices.laneEditor.waitFor({ state: 'detached', timeout: 15_000 });
  await expect.poll(() => devices.done()).toContain(lane);
}

async function laneDialog(laneId: string) {
  const c = await openConsole(e2e.browser, e2e.kiosk.url, VIEWPORTS.small);
  await new LoginPage(c.page).loginAs('admin');
  const devices = new DevicesPage(c.page);
  await devices.open();
  await devices.editLane(laneId);
  const roi = new LaneRoiEditor(c.page);
  await roi.picture.locator('img').waitFor({ timeout: 15_000 });
  return { c, devices, roi };
}

describe("a lane's region of interest drawn on its camera's picture", () => {
  it('is drawn, moved and resized from the keyboard, with a focus ring, the percentages following and typable', async () => {
    const { c, devices, roi } = await laneDialog('in1');
    // Beside the region, what the reader takes for a plate: the site's plate regions and home country.
    await expect.poll(() => devices.laneEditor.getByTestId('lane-plates').innerText()).toMatch(/United Kingdom.*Brazil.*Home country: none\. .*Site settings/s);
    await devices.laneEditor.getByLabel('Read must be at least (%)', { exact: true }).focus();
    await c.page.keyboard.press('Tab');
    expect(await roi.focusedTestId()).toBe('roi-draw');
    await c.page.keyboard.press('Enter');
    await expect.poll(() => roi.focusedTestId()).toBe('roi-region');
    expect(await roi.percents()).toEqual({ left: 10, top: 10, width: 80, height: 80 });
    expect(await roi.focusOutline()).toMatch(/solid 3px rgb\(255, 212, 59\)/);

    for (let i = 0; i < 5; i++) await c.page.keyboard.press('ArrowRight');
    for (let i = 0; i < 3; i++) await c.page.keyboard.press('ArrowDown');
    for (let i = 0; i < 10; i++) await c.page.keyboard.press('Shift+ArrowLeft');
    for (let i = 0; i < 20; i++) await c.page.keyboard.press('Shift+ArrowUp');
    expect(await roi.percents()).toEqual({ left: 15, top: 13, width: 70, height: 60 });
    expectNear(await roi.drawn(), { left: 15, top: 13, width: 70, height: 60 });

    // The next stop is the top-left corner: arrows move it alone.
    await c.page.keyboard.press('Tab');
    expect(await roi.focusedTestId()).toBe('roi-top-left');
    expect(await roi.focusOutline()).toMatch(/solid 3px rgb\(255, 212, 59\)/);
    for (let i = 0; i < 5; i++) await c.page.keyboard.press('ArrowLeft');
    expect(await roi.percents()).toEqual({ left: 10, top: 13, width: 75, height: 60 });
    await devices.shot('lane-roi-keyboard');

    // Typed figures move the drawing.
    await devices.laneEditor.getByLabel('Left (%)', { exact: true }).fill('20');
    await expect.poll(async () => (await roi.drawn()).left).toBeCloseTo(20, 0);
    await saveLane(devices, 'Camera moved', 'Entry 1');
    await devices.editLane('in1');
    expect(await roi.percents()).toEqual({ left: 20, top: 13, width: 75, height: 60 });
    expect(c.errors).toEqual([]);
    await c.context.close();
  }, 60_000);

  it('is drawn by a mouse drag, moved by its body and resized by a corner; Whole picture clears it', async () => {
    const { c, devices, roi } = await laneDialog('in2');
    await roi.drag({ x: 0.1, y: 0.2 }, { x: 0.6, y: 0.7 });
    expectNear(await roi.percents(), { left: 10, top: 20, width: 50, height: 50 });
    // The keyboard can fine-tune what the mouse drew.
    await expect.poll(() => roi.focusedTestId()).toBe('roi-region');

    await roi.drag({ x: 0.35, y: 0.45 }, { x: 0.55, y: 0.45 });
    expectNear(await roi.percents(), { left: 30, top: 20, width: 50, height: 50 });
    await roi.drag(await roi.middleOf(roi.corner('bottom-right')), { x: 0.9, y: 0.9 });
    const drawn = await roi.percents();
    expectNear(drawn, { left: 30, top: 20, width: 60, height: 70 });
    expectNear(await roi.drawn(), drawn);
    await devices.shot('lane-roi-mouse');

    await saveLane(devices, 'Camera moved', 'Entry 2');
    await devices.editLane('in2');
    expect(await roi.percents()).toEqual(drawn);
    await devices.laneEditor.getByRole('button', { name: 'Whole picture' }).click();
    expect(await roi.percents()).toEqual({ left: NaN, top: NaN, width: NaN, height: NaN });
    await expect(roi.region.count()).resolves.toBe(0);
    await saveLane(devices, 'Camera moved back', 'Entry 2');
    await devices.editLane('in2');
    expect(await roi.percents()).toEqual({ left: NaN, top: NaN, width: NaN, height: NaN });
    await roi.picture.locator('img').waitFor();
    await expect(roi.region.count()).resolves.toBe(0);
    expect(c.errors).toEqual([]);
    await c.context.close();
  }, 60_000);
});
