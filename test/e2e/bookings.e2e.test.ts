import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BookingsPage } from './pages/BookingsPage';
import { DriversPage } from './pages/DriversPage';
import { consoleAs } from './pages/LoginPage';
import { DEMO, callOnOwnSocket, ukTyped, useE2E } from './support/harness';

const e2e = useE2E();
const HOUR = 3_600_000;

/** An instant as a datetime-local value in the demo site's zone (Europe/London), as the booth types it. */
function londonInput(ms: number): string {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(ms).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

async function call<T>(page: Page, who: { username: string; secret: string }, name: string, input: unknown): Promise<T> {
  const result = (await callOnOwnSocket(page, who, name, input)) as { ok: boolean; value?: T; error?: { message: string } };
  if (!result.ok) throw new Error(`${name}: ${result.error?.message ?? ''}`);
  return result.value!;
}

describe('bookings (Shift+F3)', () => {
  it('books a space for a driver from the keyboard, paid from the wallet; cancels another with the policy fee shown first', async () => {
    const sam = await consoleAs(e2e.browser, e2e.kiosk.url, 'supervisor');
    const { driver } = await call<{ driver: { id: number; walletId: number } }>(sam.page, DEMO.supervisor, 'drivers.create', { name: 'Bob Booker', phone: '+447700900777', smsConsent: true, vehicles: [{ plate: 'BB12 OOK', vehicleClass: 'car' }], withWallet: true });
    await call(sam.page, DEMO.supervisor, 'wallets.topUp', { walletId: driver.walletId, amountMinor: 10_000, reason: 'Prepaid at the booth' });

    const anna = await consoleAs(e2e.browser, e2e.kiosk.url, 'attendant');
    // From the driver's profile, "Book a space" (focused when the profile opens) starts a booking for them.
    const drivers = new DriversPage(anna.page);
    await drivers.open();
    await drivers.search('Bob');
    await anna.page.keyboard.press('Enter');
    await drivers.profile.waitFor();
    expect(await drivers.focused()).toBe('Book a space for this driver');
    await anna.page.keyboard.press('Enter');
    const bookings = new BookingsPage(anna.page);
    await bookings.screen('bookings').waitFor();
    expect(await anna.page.getByTestId('book-driver-chosen').innerText()).toContain('Driver: Bob Booker');
    await anna.page.getByTestId('book-place').waitFor();
    expect(await bookings.focusedName()).toBe('book-starts');

    // Tomorrow 09:00-17:00 in the site's zone: the tariff's price, then the places, the first one focused.
    const tomorrow9 = londonInput(Date.now() + 24 * HOUR).slice(0, 10) + 'T09:00';
    const price = await bookings.findPlaces(tomorrow9, tomorrow9.replace('T09:00', 'T17:00'));
    expect(price).toMatch(/^Price for this window: £\d+\.\d\d$/);
    expect(await bookings.focusedName()).toBe('book-option');
    await bookings.shot('bookings-places');
    await anna.page.keyboard.press('Enter');
    await bookings.payStep();
    expect(await bookings.focusedName()).toBe('book-method');
    expect(await anna.page.getByTestId('book-pay').innerText()).toContain('Wallet balance £100.00');
    await bookings.shot('bookings-pay');
    await anna.page.keyboard.press('Enter');

    await expect.poll(() => bookings.done()).toMatch(/^Booking BK-[A-Z0-9]{10} made for BB12 OOK\.$/);
    await bookings.detail.waitFor();
    expect(await bookings.detail.getAttribute('data-status')).toBe('booked');
    const amount = price.replace('Price for this window: ', '');
    expect(await bookings.detail.getByTestId('booking-paid').innerText()).toBe(amount);
    expect(await bookings.tableRows('booking-money')).toEqual([expect.stringMatching(new RegExp(`^Charge · wallet \\| ${amount.replace('.', '\\.')} \\| .* · anna$`))]);
    expect(await bookings.rows()).toEqual([expect.stringMatching(new RegExp(`^09:00 – 17:00 \\| BB12 OOK \\| .* · Regular \\| ◷ Booked \\| ${amount.replace('.', '\\.')} / ${amount.replace('.', '\\.')}$`))]);
    await bookings.shot('bookings-booked');

    // A no-show before the car could even come is refused by the kiosk, which says from when; nothing changes.
    await bookings.detail.getByRole('button', { name: 'Record no-show…' }).click();
    await bookings.dialog.getByTestId('no-show-booking').waitFor();
    await bookings.dialog.getByLabel('Reason').fill('Car did not come');
    await bookings.dialog.getByLabel('Reason').press('Enter');
    expect(await bookings.dialog.locator('.notice-error').innerText()).toMatch(/still within its arrival grace: a no-show can be recorded from/);
    await anna.page.keyboard.press('Escape');
    await bookings.dialog.waitFor({ state: 'detached' });
    expect(await bookings.detail.getAttribute('data-status')).toBe('booked');

    // Another booking, starting within the free-cancellation time: the fee is read before confirming.
    const soon = Math.ceil((Date.now() + 2 * HOUR) / HOUR) * HOUR;
    const late = await call<{ booking: { id: number; ref: string; priceMinor: number } }>(anna.page, DEMO.attendant, 'bookings.create', {
      driverId: driver.id, plate: 'BB12OOK', vehicleClass: 'car', zoneId: 'ground', spaceType: 'regular', startsAt: soon, endsAt: soon + 2 * HOUR, payment: { method: 'wallet' }, idempotencyKey: 'e2e-late-booking-1',
    });
    const lateDay = londonInput(soon).slice(0, 10);
    await anna.page.getByLabel('Day').fill(ukTyped(lateDay));
    await anna.page.getByTestId('bookings-count').filter({ hasNotText: 'Loading' }).waitFor();
    await anna.page.getByLabel('Plate, reference or driver no.').fill(late.booking.ref);
    await anna.page.getByLabel('Plate, reference or driver no.').press('Enter');
    await expect.poll(async () => (await bookings.rows()).length).toBe(1);
    await anna.page.keyboard.press('ArrowDown');
    await anna.page.keyboard.press('Enter');
    await anna.page.locator(`[data-testid="booking-detail"][data-booking="${late.booking.ref}"]`).waitFor();
    await bookings.detail.getByRole('button', { name: 'Cancel booking…' }).click();
    const terms = bookings.dialog.getByTestId('cancel-terms');
    await terms.waitFor();
    const refund = `£${((late.booking.priceMinor - 500) / 100).toFixed(2)}`;
    expect((await terms.innerText()).split('\n').filter(Boolean)).toEqual(['Cancellation fee under the site’s policy: £5.00', `Refunded the way it was paid: ${refund}`]);
    await bookings.dialog.getByLabel('Reason').fill('Plans changed');
    await bookings.shot('bookings-cancel');
    await bookings.dialog.getByLabel('Reason').press('Enter');
    await bookings.dialog.waitFor({ state: 'detached' });
    await expect.poll(() => bookings.done()).toBe(`Booking ${late.booking.ref} cancelled: fee £5.00, refunded ${refund}.`);
    await anna.page.locator(`[data-testid="booking-detail"][data-status="cancelled"]`).waitFor();
    expect(await bookings.rows()).toEqual([expect.stringMatching(/\| ✕ Cancelled \|/)]);
    await expect.poll(async () => (await bookings.tableRows('booking-money')).map((r) => r.split(' | ').slice(0, 2).join(' | '))).toEqual([
      `Charge · wallet | £${(late.booking.priceMinor / 100).toFixed(2)}`,
      'Fee kept · wallet | £5.00',
      // The demo's night band prices a window from 22:00 at exactly the fee: nothing is refunded, and no refund line.
      ...(late.booking.priceMinor > 500 ? [`Refund · wallet | -${refund}`] : []),
    ]);
    await bookings.shot('bookings-cancelled');

    // The dashboard's spaces follow a booking made at another console that holds a place now, without a reload.
    await anna.page.keyboard.press('F1');
    const tile = anna.page.locator('[data-testid="spaces"] li[data-zone="ground"][data-space-type="regular"]');
    await tile.waitFor();
    const freeBefore = Number((await tile.locator('[data-count="free"]').innerText()).split(' ')[0]);
    expect(await tile.locator('[data-count="held"]').innerText()).toBe('0 held');
    await call(sam.page, DEMO.supervisor, 'bookings.create', {
      driverId: driver.id, plate: 'BB12OOK', vehicleClass: 'car', zoneId: 'ground', spaceType: 'regular', startsAt: Date.now() - 60_000, endsAt: Date.now() + 2 * HOUR, payment: { method: 'wallet' }, idempotencyKey: 'e2e-now-booking-1',
    });
    await tile.locator('[data-count="held"]').filter({ hasText: '1 held' }).waitFor();
    expect(await tile.locator('[data-count="free"]').innerText()).toBe(`${freeBefore - 1} free`);
    await bookings.shot('bookings-dashboard-spaces');

    expect(anna.errors).toEqual([]);
    expect(sam.errors).toEqual([]);
    await anna.context.close();
    await sam.context.close();
  }, 90_000);

  it('books a space paid by card on the booth reader: the reader’s steps shown, the charge on the booking, cancelled back to the card', async () => {
    const anna = await consoleAs(e2e.browser, e2e.kiosk.url, 'attendant');
    await call(anna.page, DEMO.attendant, 'drivers.create', { name: 'Carla Card', phone: '+447700900778', smsConsent: false, vehicles: [{ plate: 'CC12 ARD', vehicleClass: 'car' }], withWallet: false });
    const drivers = new DriversPage(anna.page);
    await drivers.open();
    await drivers.search('Carla');
    await anna.page.keyboard.press('Enter');
    await drivers.profile.waitFor();
    await anna.page.keyboard.press('Enter');
    const bookings = new BookingsPage(anna.page);
    await anna.page.getByTestId('book-place').waitFor();
    const dayAfter9 = londonInput(Date.now() + 48 * HOUR).slice(0, 10) + 'T09:00';
    const price = (await bookings.findPlaces(dayAfter9, dayAfter9.replace('T09:00', 'T12:00'))).replace('Price for this window: ', '');
    await anna.page.keyboard.press('Enter');
    await bookings.payStep();
    // No wallet: cash first, then card (the demo's booth reader); the arrow picks card and its reader shows.
    await anna.page.keyboard.press('ArrowDown');
    expect(await anna.page.locator('input[name="book-method"]:checked').getAttribute('value')).toBe('card');
    expect(await anna.page.getByTestId('reader-status').innerText()).toMatch(/ready|online|OK/i);
    await bookings.shot('bookings-pay-card');
    await anna.page.locator('input[name="book-method"]:checked').press('Enter');
    // The simulated reader takes a card 1.5 s after it shows the amount: its steps are said meanwhile.
    await anna.page.getByTestId('card-step').waitFor();
    await bookings.shot('bookings-card-reader');
    await expect.poll(() => bookings.done(), { timeout: 15_000 }).toMatch(/^Booking BK-[A-Z0-9]{10} made for CC12 ARD\.$/);
    await bookings.detail.waitFor();
    expect(await bookings.detail.getAttribute('data-status')).toBe('booked');
    await expect.poll(() => bookings.tableRows('booking-money')).toEqual([expect.stringMatching(new RegExp(`^Charge · card \\| ${price.replace('.', '\\.')} \\| .* · anna$`))]);

    // Three hours more, the difference by card: the booking changes once the reader took it.
    await expect.poll(() => anna.page.evaluate(() => document.activeElement?.textContent ?? '')).toBe('Modify…');
    await bookings.modifyEnd(dayAfter9.replace('T09:00', 'T15:00'), 'card');
    await anna.page.getByTestId('card-step').waitFor();
    await bookings.shot('bookings-modify-card-reader');
    await expect.poll(() => bookings.done(), { timeout: 15_000 }).toMatch(/^Booking BK-[A-Z0-9]{10} changed: £\d+\.\d\d charged, £0\.00 refunded\.$/);
    const difference = /changed: (£\d+\.\d\d) charged/.exec(await bookings.done())![1]!;
    await expect.poll(async () => (await bookings.tableRows('booking-money')).map((r) => r.split(' | ').slice(0, 2).join(' | '))).toEqual([`Charge · card | ${price}`, `Charge · card | ${difference}`]);

    await bookings.detail.getByRole('button', { name: 'Cancel booking…' }).click();
    await bookings.dialog.getByLabel('Reason').fill('Plans changed');
    await bookings.dialog.getByLabel('Reason').press('Enter');
    await bookings.dialog.waitFor({ state: 'detached' });
    // Each card gets back what it paid.
    await expect.poll(async () => (await bookings.tableRows('booking-money')).map((r) => r.split(' | ').slice(0, 2).join(' | '))).toEqual([`Charge · card | ${price}`, `Charge · card | ${difference}`, `Refund · card | -${price}`, `Refund · card | -${difference}`]);
    await bookings.shot('bookings-card-refunded');
    expect(anna.errors).toEqual([]);
    await anna.context.close();
  }, 90_000);
});
