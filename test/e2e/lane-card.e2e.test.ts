import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { LanesPage } from './pages/LanesPage';
import { consoleAs } from './pages/LoginPage';
import { callOnOwnSocket, DEMO, seeded, useE2E } from './support/harness';

// The demo world, whose only regular is the demo site's deny-listed car (DN19XYZ, "reported stolen 2026-10-03").
const e2e = useE2E({ devices: 'site', demoTraffic: { arrivalEveryMs: 1500, stayMs: [2000, 4000], giveUpMs: 120_000, regulars: ['DN19XYZ'], random: seeded(3) } });

/** One supervisor socket (one login) that confirms every other car at the entry lanes until `plate` waits at one. */
async function letVisitorsIn(page: Page, plate: string): Promise<void> {
  const stillNot = await page.evaluate(
    async ({ who, plate }) => {
      const ws = new WebSocket(`ws://${location.host}/ws`);
      await new Promise((resolve, reject) => {
        ws.onopen = resolve;
        ws.onerror = reject;
      });
      let lastId = 0;
      const send = (call: string, input: unknown) =>
        new Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>((resolve) => {
          const id = ++lastId;
          const onMessage = (e: MessageEvent<string>): void => {
            const frame = JSON.parse(e.data) as { type?: string; id?: number; result?: { ok: boolean; value?: unknown; error?: { message: string } } };
            if (frame.type !== 'result' || frame.id !== id || !frame.result) return;
            ws.removeEventListener('message', onMessage);
            resolve(frame.result);
          };
          ws.addEventListener('message', onMessage);
          ws.send(JSON.stringify({ id, call, input }));
        });
      await send('auth.login', who);
      type Lane = { laneId: string; car: number | null; direction: string; phase: string; plate: { key: string } | null; decision: { code: string } | null };
      let lanes: Lane[] = [];
      let found = false;
      let lastRefusal = 'none';
      for (let tries = 0; tries < 300; tries++) {
        lanes = ((await send('lanes.list', {})).value as { lanes: Lane[] }).lanes;
        const waiting = lanes.filter((l) => l.direction === 'entry' && l.phase === 'decided' && l.plate);
        found = waiting.some((l) => l.plate!.key === plate && l.decision?.code === 'confirm_every_car');
        if (found) break;
        // The listed car decided before the mode changed (a plain refusal) is let in by hand: it comes back later.
        for (const lane of waiting) {
          const action = lane.plate!.key === plate ? 'open' : 'confirm';
          const done = await send('lanes.command', { laneId: lane.laneId, action, car: lane.car ?? undefined, reasonCode: action === 'open' ? 'driver_assistance' : 'plate_misread', note: '' });
          if (!done.ok) lastRefusal = `${action} at ${lane.laneId}: ${done.error?.message ?? ''}`;
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      ws.close();
      if (found) return null;
      const now = lanes.map((l) => `${l.laneId} ${l.phase} ${l.plate?.key ?? 'no plate'} ${l.decision?.code ?? 'no decision'}`).join('; ');
      return `the lanes now: ${now}; the last command refused: ${lastRefusal}`;
    },
    { who: { username: DEMO.supervisor.username, secret: DEMO.supervisor.secret }, plate },
  );
  if (stillNot !== null) throw new Error(`${plate} never waited at an entry lane for a person; ${stillNot}`);
}

describe('the lane card, by keyboard', () => {
  it('in "confirm every car" mode a deny-listed car says why first, Enter does not let it in, Z enlarges, the correction field owns its keys', async () => {
    const c = await consoleAs(e2e.browser, e2e.kiosk.url, 'attendant');
    for (const laneId of ['in1', 'in2']) {
      const set = await callOnOwnSocket(c.page, DEMO.supervisor, 'lanes.setMode', { laneId, mode: 'attendant-confirms-every-car', reason: 'e2e: confirm every car' });
      expect(set.ok).toBe(true);
    }
    const lanes = new LanesPage(c.page);
    const keys = c.page.keyboard;
    await keys.press('F11');
    await lanes.queue.waitFor();
    const card = lanes.queue.locator('[data-testid="queue-item"]:has([data-code="confirm_every_car"][data-rules-code="deny_list"])').first();
    // Every car waits in this mode and a lane holds one car at a time: a supervisor on another socket lets the
    // visitors in until the listed car stands at an entry lane.
    await letVisitorsIn(c.page, 'DN19XYZ');
    await card.waitFor({ timeout: 10_000 });
    // The verdict first, and its reason in full: not "Lane confirms every car" with the note cut off.
    const decision = (await card.getByTestId('decision').innerText()).replace(/\s+/g, ' ');
    expect(decision).toMatch(/^RULES: ✕ Refused On the deny list deny_list · DN19XYZ is on the deny list: reported stolen 2026-10-03 \? Needs attendant Lane confirms every car$/);
    const why = card.getByTestId('decision-why');
    expect(await why.evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true);
    await card.focus();
    await lanes.shot('lane-card-denied');

    // Enter on a refused car: no confirm dialog, the card says how to let it in on purpose.
    await keys.press('Enter');
    await card.getByTestId('refused-notice').waitFor();
    expect(await lanes.dialog.count()).toBe(0);
    expect(await card.getByTestId('refused-notice').innerText()).toMatch(/Enter does not let it in.*press O/);

    // Z: the camera picture large; Esc closes it and the card has focus again.
    await keys.press('z');
    const large = lanes.dialog.getByTestId('lane-picture-large');
    await large.locator('img').waitFor({ timeout: 10_000 });
    expect((await large.boundingBox())!.width).toBeGreaterThan(600);
    await lanes.shot('lane-card-zoomed');
    await keys.press('Escape');
    await lanes.waitDialogClosed();
    expect(await card.evaluate((el) => el === document.activeElement)).toBe(true);

    // The correction field owns its keys: D, O and digits typed there are the plate, not the card's shortcuts.
    await keys.press('Tab');
    const field = card.getByLabel('Correct plate to');
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);
    await keys.type('DO1');
    expect(await field.inputValue()).toBe('DO1');
    expect(await lanes.dialog.count()).toBe(0);
    await keys.press('Escape');
    expect(await card.evaluate((el) => el === document.activeElement)).toBe(true);

    // Letting it in anyway is O: the open-by-hand dialog, with a reason; a digit picks a code only outside the note.
    await keys.press('o');
    await lanes.dialog.waitFor();
    expect(await lanes.dialog.locator('[data-testid="lane-action-form"]').getAttribute('data-action')).toBe('open');
    await keys.press('9'); // "other": the note takes focus
    const note = lanes.dialog.getByLabel('Note');
    expect(await note.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await note.inputValue()).toBe('');
    await keys.type('2 officers on site confirmed the owner');
    expect(await note.inputValue()).toBe('2 officers on site confirmed the owner');
    expect(await lanes.pickedReason()).toBe('other');
    // An attendant may not open for a deny-listed car: the kiosk refuses and the dialog says who may.
    await keys.press('Enter');
    await expect.poll(() => lanes.dialog.innerText(), { timeout: 5000 }).toMatch(/DN19XYZ is on the deny list: only a supervisor or an admin may open the barrier for it \(admin, sam\)/);
    await lanes.shot('lane-card-deny-needs-supervisor');
    await keys.press('Escape');
    await lanes.waitDialogClosed();
    expect(c.errors).toEqual([]);
    await c.context.close();
  }, 120_000);
});
