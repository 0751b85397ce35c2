/**
 * Bookings between the site and head office, against the loopback head office (real HTTP, the real sync worker):
 * online bookings arrive through the config pull and take places from head office's allotment only; one the
 * allotment cannot hold is a conflict (the site's own sales stand); booth bookings go out through the outbox.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HeadOfficeBooking } from '../../native/headoffice';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { startHeadOfficeServer, type HeadOfficeServer } from '../support/head-office-server';
import { DEMO, expectOk, loggedIn, startTestKiosk } from '../support/kiosk-harness';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const HOUR = 3_600_000;
let server: HeadOfficeServer;
let kiosk: Kiosk;

beforeEach(async () => {
  server = await startHeadOfficeServer();
  kiosk = await startTestKiosk(tempDir(), { headOffice: { url: server.url, token: server.token, timeoutMs: 2_000, batchSize: 50 }, sync: { idleMs: 5, backoff: { baseMs: 5, maxMs: 40 } } });
});
afterEach(async () => {
  await kiosk.close();
  await server.close();
});

const startsAt = Math.ceil(Date.now() / HOUR) * HOUR + 48 * HOUR;
const online = (ref: string, extra: Partial<HeadOfficeBooking> = {}): HeadOfficeBooking => ({
  ref,
  version: 1,
  cancelled: false,
  driver: { ref: 'web-42', name: 'Online Olga', phone: '+447700900555', email: 'olga@example.com', smsConsent: true },
  plate: 'OL12GAA',
  vehicleClass: 'car',
  zoneId: 'ground',
  spaceType: 'accessible',
  startsAt,
  endsAt: startsAt + 4 * HOUR,
  paidMinor: 1200,
  currency: 'GBP',
  ...extra,
});

async function pulled(version: number): Promise<void> {
  const sam = await loggedIn(kiosk, ...DEMO.supervisor);
  await expectOk(sam, 'sync.now', {});
  await expect.poll(async () => (await expectOk(sam, 'sync.status', {})).configVersion, { timeout: 10_000 }).toBe(version);
}

describe('bookings and head office', () => {
  it('applies online bookings within the allotment, refuses the one beyond it as a conflict, and applies a cancellation', async () => {
    // Ground accessible: 8 places, head office's allotment is 20% = 1.
    const version = server.ledger.publish({ bookings: [online('web-1'), online('web-2', { plate: 'OL99XYZ' })] });
    await pulled(version);
    const rows = kiosk.store.db.prepare("SELECT ref, origin, status, paid_minor AS paid FROM bookings ORDER BY ref").all();
    expect(rows).toEqual([{ ref: 'web-1', origin: 'headoffice', status: 'booked', paid: 1200 }]);
    const pull = kiosk.store.db.prepare('SELECT conflicts FROM sync_pulls ORDER BY version DESC LIMIT 1').pluck().get() as string;
    expect(JSON.parse(pull)).toEqual([{ type: 'booking', id: 'web-2', reason: expect.stringMatching(/head office's allotment/) }]);
    expect(kiosk.store.db.prepare("SELECT name, origin, headoffice_ref FROM drivers WHERE headoffice_ref = 'web-42'").get()).toEqual({ name: 'Online Olga', origin: 'headoffice', headoffice_ref: 'web-42' });
    expect(kiosk.store.db.prepare("SELECT count(*) FROM drivers").pluck().get()).toBe(1); // the refused booking left no driver behind

    // The site still sells its own 7 places: the online one took none of them.
    const anna = await loggedIn(kiosk, ...DEMO.attendant);
    const found = await expectOk(anna, 'bookings.search', { startsAt, endsAt: startsAt + 4 * HOUR, vehicleClass: 'car', zoneId: 'ground', spaceType: 'accessible' });
    expect(found.options[0]!.free).toBe(7);

    const cancelled = server.ledger.publish({ bookings: [online('web-1', { version: 2, cancelled: true })] });
    await pulled(cancelled);
    expect(kiosk.store.db.prepare("SELECT status FROM bookings WHERE ref = 'web-1'").pluck().get()).toBe('cancelled');
    expect(kiosk.store.db.prepare('SELECT coalesce(sum(ho_held), 0) FROM booking_holds').pluck().get()).toBe(0);
  });

  it('sends booth bookings to head office through the outbox, once per version', async () => {
    const anna = await loggedIn(kiosk, ...DEMO.attendant);
    const { driver } = await expectOk(anna, 'drivers.create', { name: 'Booth Bob', vehicles: [{ plate: 'BB12OTH', vehicleClass: 'car' }] });
    const { booking } = await expectOk(anna, 'bookings.create', { driverId: driver.id, plate: 'BB12OTH', vehicleClass: 'car', zoneId: 'ground', spaceType: 'regular', startsAt, endsAt: startsAt + 2 * HOUR, payment: { method: 'on_arrival' }, idempotencyKey: `k-${randomUUID()}` });
    await expectOk(anna, 'bookings.cancel', { id: booking.id, reason: 'plans changed', idempotencyKey: `k-${randomUUID()}` });
    await expect.poll(() => server.ledger.all().filter((c) => c.kind === 'booking').map((c) => c.key), { timeout: 10_000 }).toEqual([`booking:${booking.ref}:v1`, `booking:${booking.ref}:v2`]);
    const sent = server.ledger.all().filter((c) => c.kind === 'booking').map((c) => c.payload as { status: string; origin: string });
    expect(sent.map((p) => [p.origin, p.status])).toEqual([['booth', 'booked'], ['booth', 'cancelled']]);
  });
});
