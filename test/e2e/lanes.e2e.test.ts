import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { AccessPage } from './pages/AccessPage';
import { LanesPage } from './pages/LanesPage';
import { LoginPage } from './pages/LoginPage';
import { SessionsPage } from './pages/SessionsPage';
import { openConsole, seeded, VIEWPORTS, useE2E, type Console } from './support/harness';

// The demo world: the relay board simulator over socat, demo cameras, and cars every second or two.
const e2e = useE2E({ devices: 'site', demoTraffic: { arrivalEveryMs: 1500, stayMs: [2000, 4000], giveUpMs: 60_000, random: seeded(7) } });

async function lanesAs(role: 'attendant' | 'supervisor', viewport: { width: number; height: number } = VIEWPORTS.small): Promise<{ c: Console; lanes: LanesPage }> {
  const c = await openConsole(e2e.browser, e2e.kiosk.url, viewport);
  await new LoginPage(c.page).loginAs(role);
  const lanes = new LanesPage(c.page);
  await lanes.open();
  return { c, lanes };
}

const focusedTestId = (page: Page): Promise<string | null> => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

describe('lanes with the demo traffic', () => {
  it('a tile shows a car being read, decided and let through, with its picture', async () => {
    const { c, lanes } = await lanesAs('attendant');
    const laneId = await lanes.waitForOutcome('open');
    const tile = lanes.tile(laneId);
    await expect(tile.getByTestId('decision').innerText()).resolves.toMatch(/Open/);
    expect(await tile.getByTestId('lane-read').getAttribute('data-plate')).toMatch(/^[A-Z0-9]{2,10}$/);
    await tile.locator('[data-testid="lane-picture"] img').waitFor();
    // Let through: the barrier goes up for it and the lane moves on.
    await lanes.waitForPhase(laneId, ['barrier_opening', 'vehicle_passed', 'idle']);
    // An attendant gets the barrier buttons, not the supervisor's lane and mode controls.
    expect(await lanes.actions(laneId)).toEqual(['open', 'close_barrier']);
    expect(c.errors).toEqual([]);
    await c.context.close();
  });

  it('an unsure read waits in the queue; Enter confirms it, a typed plate corrects the next one', async () => {
    const { c, lanes } = await lanesAs('attendant');
    const kb = c.page.keyboard;

    const first = lanes.queuedToConfirm('low_confidence');
    await first.waitFor({ timeout: 45_000 });
    // The navigation counts the waiting cars, so they are seen from every screen.
    expect(Number(await c.page.getByTestId('queue-count').innerText())).toBeGreaterThan(0);
    await first.focus();
    await kb.press('Enter');
    await expect(lanes.dialog.locator('[data-testid="lane-action-form"]').getAttribute('data-action')).resolves.toBe('confirm');
    expect(await lanes.pickedReason()).toBe('plate_misread');
    await kb.press('Enter');
    await lanes.waitDialogClosed();

    const second = lanes.queued('low_confidence');
    await second.waitFor({ timeout: 45_000 });
    const laneId = (await second.getAttribute('data-lane')) ?? '';
    await second.focus();
    await kb.type('LK24KBD');
    expect(await focusedTestId(c.page)).toBeNull(); // typing moved into the plate field
    await kb.press('Enter');
    await expect(lanes.dialog.getByTestId('action-subject').innerText()).resolves.toContain('LK24KBD');
    await kb.press('Enter');
    await lanes.waitDialogClosed();
    await lanes.waitForPhase(laneId, ['barrier_opening', 'vehicle_passed', 'idle', 'vehicle_present', 'reading']);

    // D refuses the next unsure car, the reason starting from why the lane asked.
    const refused = lanes.queued('low_confidence');
    await refused.waitFor({ timeout: 45_000 });
    await refused.focus();
    await kb.press('d');
    await expect(lanes.dialog.locator('[data-testid="lane-action-form"]').getAttribute('data-action')).resolves.toBe('deny');
    expect(await lanes.pickedReason()).toBe('plate_misread');
    await kb.press('Enter');
    await lanes.waitDialogClosed();

    // O lets the next waiting car through by hand, whatever the lane asked about it.
    const waved = lanes.queue.locator('[data-testid="queue-item"]').first();
    await waved.waitFor({ timeout: 45_000 });
    const wavedLane = (await waved.getAttribute('data-lane')) ?? '';
    await waved.focus();
    await kb.press('o');
    await expect(lanes.dialog.locator('[data-testid="lane-action-form"]').getAttribute('data-action')).resolves.toBe('open');
    await kb.press('Enter');
    await lanes.waitDialogClosed();
    await lanes.tile(wavedLane).locator('[data-testid="lane-barrier"]:not([data-barrier="down"])').waitFor();

    // The corrected car has its session, with the lane's decision and the evidence pictures.
    const sessions = new SessionsPage(c.page);
    await sessions.open();
    await sessions.search('LK24KBD');
    await sessions.openSession('LK24KBD');
    await expect(c.page.getByTestId('entry-code').innerText()).resolves.toMatch(/open_transient/);
    await c.page.locator('[data-testid="evidence"] img').first().waitFor();
    await sessions.shot('lanes-session-evidence');

    // The entry photo shows the typed plate was wrong: fixed on the session, audited, and not held against the reader
    // (a person typed it).
    await sessions.fixPlate('LK24 KBO', 'Plate checked on the entry photo');
    expect(await sessions.detailField('plate-key')).toBe('LK24KBO');
    expect(await sessions.detail.getByTestId('session-audit').innerText()).toContain('fixed the plate of session');
    await sessions.shot('session-plate-fixed');
    expect(c.errors).toEqual([]);
    await c.context.close();

    // A supervisor setting the lane's threshold sees the reader's figures beside it.
    const sup = await lanesAs('supervisor');
    await sup.lanes.press(laneId, 'setMode');
    const figures = sup.lanes.dialog.getByTestId('reader-figures');
    await figures.getByTestId('reader-read-right').waitFor();
    expect(Number(await figures.getByTestId('reader-corrected-at-lane').innerText())).toBeGreaterThanOrEqual(1);
    expect(Number(await figures.getByTestId('reader-fixed-on-session').innerText())).toBe(0);
    // What the lane's threshold bought on its own cars, with how many reads that rests on, beside the calibration.
    const ownFigures = figures.locator('[data-testid="threshold-table"] tr[data-source="lane"]');
    await expect.poll(() => ownFigures.innerText()).toMatch(/^This lane, last 7 days\s+\d+%\s+\d+ found later\s+(only )?\d+ reads/);
    await sup.lanes.shot('lanes-mode-reader-figures');
    expect(sup.c.errors).toEqual([]);
    await sup.c.context.close();
  }, 120_000); // waits on the demo traffic for three particular cars

  it('opens a barrier by hand with a reason code picked by its digit', async () => {
    const { c, lanes } = await lanesAs('supervisor');
    expect(await lanes.actions('out1')).toEqual(['open', 'close_barrier', 'hold_open', 'close_lane', 'setMode', 'schedule']);
    await lanes.press('out1', 'open');
    await c.page.keyboard.press('7');
    expect(await lanes.pickedReason()).toBe('equipment_fault');
    await c.page.keyboard.press('Enter');
    await lanes.waitDialogClosed();
    await lanes.tile('out1').locator('[data-testid="lane-barrier"]:not([data-barrier="down"])').waitFor();

    // A supervisor closes a lane through its mode, with a reason, and opens it again.
    await lanes.press('in2', 'setMode');
    await lanes.dialog.getByLabel('Mode', { exact: true }).selectOption('closed');
    await lanes.shot('lanes-mode-dialog');
    await lanes.dialog.getByRole('button', { name: /Do it/ }).click();
    await lanes.waitDialogClosed();
    await lanes.tile('in2').locator('[data-testid="lane-mode"][data-mode="closed"]').waitFor();
    await lanes.waitForPhase('in2', ['closed']);
    await lanes.shot('lanes-closed-lane');
    await lanes.press('in2', 'setMode');
    await lanes.dialog.getByLabel('Mode', { exact: true }).selectOption('normal');
    await lanes.dialog.getByRole('button', { name: /Do it/ }).click();
    await lanes.tile('in2').locator('[data-testid="lane-mode"][data-mode="normal"]').waitFor();

    // A schedule window that is open now puts the lane in its mode, and says so; removing it hands the lane back.
    await lanes.press('in1', 'schedule');
    await lanes.dialog.getByRole('button', { name: '+ Window' }).click();
    await lanes.dialog.getByLabel('Hours', { exact: true }).fill('mon-sun 00:00-24:00');
    await lanes.dialog.getByLabel('Mode', { exact: true }).selectOption('attendant-confirms-every-car');
    await lanes.shot('lanes-schedule-dialog');
    await lanes.dialog.getByRole('button', { name: /Do it/ }).click();
    await lanes.waitDialogClosed();
    await expect(lanes.tile('in1').getByTestId('lane-mode').innerText()).resolves.toBe('Confirm every car · by schedule');
    await lanes.press('in1', 'schedule');
    await lanes.dialog.getByRole('button', { name: 'Remove' }).click();
    await lanes.dialog.getByRole('button', { name: /Do it/ }).click();
    await lanes.waitDialogClosed();
    await lanes.tile('in1').locator('[data-testid="lane-mode"][data-mode="normal"]').waitFor();
    expect(c.errors).toEqual([]);
    await c.context.close();
  });

  it('"other" needs a note before anything is sent', async () => {
    const { c, lanes } = await lanesAs('attendant');
    await lanes.press('in2', 'close_barrier');
    await c.page.keyboard.press('9');
    await c.page.keyboard.press('Enter');
    await expect(lanes.dialog.locator('.field-error[role="alert"]').innerText()).resolves.toMatch(/Other/);
    await c.page.keyboard.type('barrier arm bent');
    await c.page.keyboard.press('Enter');
    await lanes.waitDialogClosed();
    expect(c.errors).toEqual([]);
    await c.context.close();
  });

  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    it(`looks right at ${viewport.width}x${viewport.height}`, async () => {
      const { c, lanes } = await lanesAs('supervisor', viewport);
      await c.page.locator('[data-testid="lane-picture"] img').first().waitFor({ timeout: 15_000 });
      await c.page.waitForTimeout(1500); // the other pictures in
      await lanes.shot(`lanes-${size}`);
      await lanes.press('in1', 'open');
      await lanes.shot(`lanes-${size}-reason`);
      await c.page.keyboard.press('Escape');
      const access = new AccessPage(c.page);
      await access.open();
      await access.shot(`access-${size}`);
      expect(c.errors).toEqual([]);
      await c.context.close();
    });
  }
});

describe('access lists', () => {
  it('a supervisor creates a deny entry, finds it by plate, and removes it', async () => {
    const c = await openConsole(e2e.browser, e2e.kiosk.url);
    await new LoginPage(c.page).loginAs('supervisor');
    const access = new AccessPage(c.page);
    await access.open();
    expect(await access.recordKeys()).toContain('permit:p-harbour-dental');

    await access.createListEntry('deny', { id: 'd-e2e', plate: 'EE12 TST', note: 'drove off without paying', reason: 'Incident at the exit barrier' });
    await expect(access.done()).resolves.toMatch(/d-e2e/);
    await access.search('EE12TST');
    expect(await access.recordKeys()).toEqual(['deny:d-e2e']);
    // A look-alike read (5 for S) finds it too.
    await access.search('EE12T5T');
    expect(await access.recordKeys()).toEqual(['deny:d-e2e']);

    await access.openRecord('deny:d-e2e');
    await access.shot('access-editor');
    await access.remove('Entered by mistake');
    await expect(access.done()).resolves.toMatch(/Removed d-e2e/);
    await access.waitLoaded();
    expect(await access.recordKeys()).toEqual([]);
    expect(c.errors).toEqual([]);
    await c.context.close();
  });

  it('a supervisor adds a permit for two cars, with zones and hours, and finds it by either plate', async () => {
    const c = await openConsole(e2e.browser, e2e.kiosk.url);
    await new LoginPage(c.page).loginAs('supervisor');
    const access = new AccessPage(c.page);
    await access.open();
    const permit = { id: 'p-e2e', plates: 'PE12 RMT, PE13 RMT', holder: 'Harbour Bakery', validFrom: '2026-01-01', validUntil: '2027-12-31', zone: 'Upper deck · 1', hours: 'weekdays', reason: 'New or changed contract' };
    await access.createPermit(permit);
    // Hours it cannot read are named before anything is sent.
    expect(await access.fieldError('Hours')).toMatch(/mon-fri 07:00-19:00/);
    await access.editor.getByLabel('Hours', { exact: true }).fill('mon-fri 07:00-19:00; sat 08:00-12:00');
    await access.editor.getByLabel('Reason', { exact: true }).press('Enter');
    await expect(access.done()).resolves.toMatch(/p-e2e/);
    await access.search('PE13RMT');
    expect(await access.recordKeys()).toEqual(['permit:p-e2e']);
    await expect(access.rows.first().innerText()).resolves.toMatch(/Harbour Bakery.*Upper deck.*mon-fri 07:00-19:00; sat 08:00-12:00/s);
    await access.openRecord('permit:p-e2e');
    expect(await access.editor.getByLabel('Plates', { exact: true }).inputValue()).toBe('PE12RMT, PE13RMT');
    await access.shot('access-permit-editor');
    expect(c.errors).toEqual([]);
    await c.context.close();
  });

  it('an attendant reads the lists but is offered no changes', async () => {
    const c = await openConsole(e2e.browser, e2e.kiosk.url);
    await new LoginPage(c.page).loginAs('attendant');
    const access = new AccessPage(c.page);
    await access.open();
    await access.search('DN19XYZ');
    expect(await access.recordKeys()).toEqual(['deny:d-stolen']);
    expect(await c.page.locator('button[data-new]').count()).toBe(0);
    expect(await c.page.getByTestId('anti-passback').count()).toBe(0);
    expect(c.errors).toEqual([]);
    await c.context.close();
  });
});
