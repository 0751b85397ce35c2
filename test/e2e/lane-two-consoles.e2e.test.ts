/**
 * Two booth consoles (two browsers, two logins) looking at the same car waiting at a lane: the first to act handles
 * it, the second, whose dialog was already open on that car, is refused, and its lane card says who handled it. The
 * kiosk's own record (audit, sessions), not the timing, shows the car was handled once.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { LanesPage } from './pages/LanesPage';
import { consoleAs } from './pages/LoginPage';
import { callOnOwnSocket, DEMO, SCREENSHOTS, seeded, useE2E } from './support/harness';

// Visitors only: a confirmation runs the rules again, and the demo's regulars would change them under the car (the
// other plate of a one-space permit let in at in2 meanwhile refuses it, and no session is opened for it).
const e2e = useE2E({ devices: 'site', demoTraffic: { arrivalEveryMs: 3000, stayMs: [2000, 4000], giveUpMs: 120_000, regulars: [], random: seeded(17) } });

interface AuditRow {
  actor: string;
  action: string;
  subject: string | null;
  detail: { text?: string };
}

/** The car waiting at entry lane in1 for a person (every car with a read waits there in this test), as one console shows it. */
const waitingAtIn1 = (lanes: LanesPage) => lanes.queue.locator('[data-testid="queue-item"][data-lane="in1"]:has([data-testid="decision"]:not([data-rules="deny"])):has(.queue-read [data-plate])');

const plateOn = (lanes: LanesPage) => waitingAtIn1(lanes).locator('.queue-read [data-plate]').getAttribute('data-plate', { timeout: 1000 }).catch(() => null);

async function auditRows(page: Page, query: Record<string, unknown>): Promise<AuditRow[]> {
  const answer = await callOnOwnSocket(page, DEMO.supervisor, 'audit.list', { limit: 500, ...query });
  expect(answer.ok).toBe(true);
  return (answer.value as { entries: AuditRow[] }).entries;
}

describe('two consoles on the same waiting car', () => {
  it('A confirms it by keyboard, B denies it from a dialog opened before: B is told anna handled it, the car is let in once', async () => {
    const a = await consoleAs(e2e.browser, e2e.kiosk.url, 'attendant');
    const b = await consoleAs(e2e.browser, e2e.kiosk.url, 'supervisor');
    const set = await callOnOwnSocket(a.page, DEMO.supervisor, 'lanes.setMode', { laneId: 'in1', mode: 'attendant-confirms-every-car', reason: 'e2e: two consoles' });
    expect(set.ok).toBe(true);
    const lanesA = new LanesPage(a.page);
    const lanesB = new LanesPage(b.page);
    for (const c of [a, b]) await c.page.keyboard.press('F11');
    await Promise.all([waitingAtIn1(lanesA).waitFor({ timeout: 30_000 }), waitingAtIn1(lanesB).waitFor({ timeout: 30_000 })]);
    // Both consoles show the same car (the queue updates on the kiosk's push, one console may be a moment behind).
    await expect.poll(async () => [await plateOn(lanesA), await plateOn(lanesB)].join(' '), { timeout: 10_000 }).toMatch(/^(\w+) \1$/);
    const plate = (await plateOn(lanesA))!;

    // B opens the deny dialog on that car and is still reading it when A acts.
    await waitingAtIn1(lanesB).focus();
    await b.page.keyboard.press('d');
    await lanesB.dialog.waitFor();
    expect(await lanesB.dialog.locator('[data-testid="lane-action-form"]').getAttribute('data-action')).toBe('deny');
    // A deny says why ("other" and a note): B is typing it while A acts.
    await b.page.keyboard.type('driver asked to turn back');

    // A: Enter on the card asks to confirm the read, Enter in the dialog confirms it; the lane lets the car in.
    await waitingAtIn1(lanesA).focus();
    await a.page.keyboard.press('Enter');
    await lanesA.dialog.waitFor();
    expect(await lanesA.dialog.locator('[data-testid="lane-action-form"]').getAttribute('data-action')).toBe('confirm');
    await a.page.keyboard.press('Enter');
    await lanesA.waitDialogClosed();
    await expect.poll(() => lanesA.tile('in1').innerText()).toContain('confirmed by anna');

    // B's dialog is still open on the car A let in; Enter sends B's deny, which the kiosk refuses, naming A.
    expect(await lanesB.dialog.count()).toBe(1);
    await b.page.keyboard.press('Enter');
    await lanesB.waitDialogClosed();
    const refusal = lanesB.tile('in1').getByTestId('lane-refused');
    await expect
      .poll(() => refusal.innerText().catch(() => ''))
      .toMatch(/^Not done: that car was already confirmed by anna at \d\d:\d\d \(lane in1\): nothing was done$/);
    // Focus: the refused dialog closed and its car has left B's queue, so focus is free and goes where the queue's
    // rule puts it (AttendantQueue): on the oldest car waiting now, or on nothing while none waits.
    const focused = () =>
      b.page.evaluate(() => {
        const el = document.activeElement;
        if (el === null || el === document.body) return 'nothing';
        return el.matches('[data-testid="queue-item"]') ? `car at ${el.getAttribute('data-lane') ?? ''}` : el.outerHTML.slice(0, 80);
      });
    const oldest = () =>
      lanesB.queue
        .locator('[data-testid="queue-item"]')
        .first()
        .getAttribute('data-lane', { timeout: 500 })
        .then((lane) => `car at ${lane ?? ''}`, () => 'nothing');
    await expect
      .poll(async () => {
        const [now, wanted] = [await focused(), await oldest()];
        return now === wanted ? 'the oldest waiting car' : `${now}, not ${wanted}`;
      })
      .toBe('the oldest waiting car');
    const card = lanesB.tile('in1');
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: join(SCREENSHOTS, 'lane-two-consoles-refused.png') });
    await lanesB.shot('lane-two-consoles-b');

    // The kiosk's record: the car confirmed once, by anna; sam's deny never recorded; one session for the plate.
    const confirmations = await auditRows(b.page, { action: 'lane.plate_confirmed', subject: 'lane:in1' });
    expect(confirmations.filter((r) => r.detail.text?.includes(`plate ${plate} confirmed`)).map((r) => r.actor)).toEqual(['anna']);
    expect(await auditRows(b.page, { action: 'lane.manual_deny', subject: 'lane:in1' })).toEqual([]);
    const lanes = await callOnOwnSocket(b.page, DEMO.supervisor, 'lanes.list', {});
    const in1 = (lanes.value as { lanes: { laneId: string; lastHandled: { action: string; by: string } | null }[] }).lanes.find((l) => l.laneId === 'in1');
    expect(in1?.lastHandled).toMatchObject({ action: 'confirm', by: 'anna' });
    const sessionsOf = async (): Promise<number> => {
      const found = await callOnOwnSocket(b.page, DEMO.supervisor, 'sessions.search', { plate });
      return found.ok ? (found.value as { sessions: { plateKey: string }[] }).sessions.filter((s) => s.plateKey === plate).length : -1;
    };
    // Each look logs in on a socket of its own: a look a second keeps sam under the kiosk's 20 logins a minute.
    await expect.poll(sessionsOf, { timeout: 10_000, interval: 1_000 }).toBe(1);

    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    await Promise.all([a.context.close(), b.context.close()]);
  }, 120_000);
});
