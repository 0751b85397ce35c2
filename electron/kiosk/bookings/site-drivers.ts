/**
 * Drivers a site starts with and their bookings, placed relative to the first start so the coming days always hold
 * some: a site file's `drivers`, and the demo's regulars (resources/demo-drivers.json) when the demo site runs with
 * its simulated world. Created through the services on first start, each audited as set-up.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { appPath } from '../app-paths';
import { driverFieldsSchema, vehicleInputSchema } from '../contract/drivers';
import { SPACE_TYPES } from '../contract/spaces';
import type { Actor, Core } from '../core';
import type { DriverService } from '../drivers/driver-service';
import { WalletsRepo } from '../store/wallets-repo';
import type { BookingService } from './booking-service';

export const siteDriverSchema = driverFieldsSchema.extend({
  vehicles: z.array(vehicleInputSchema).min(1).max(20),
  /** Put in the driver's wallet at set-up (0: no wallet). */
  walletMinor: z.int().min(0).max(10_000_000).default(0),
  bookings: z
    .array(
      z.strictObject({
        zoneId: z.string(),
        spaceType: z.enum(SPACE_TYPES).default('regular'),
        /** Whole hours from the first start's hour to the booking's start (0: this hour). */
        startsInHours: z.int().min(0).max(24 * 60),
        hours: z.int().min(1).max(24 * 14),
        /** One of the driver's vehicles (as written above); the first unless given. */
        plate: z.string().optional(),
        payOnArrival: z.boolean().default(false),
      }),
    )
    .default([]),
});
export type SiteDriver = z.output<typeof siteDriverSchema>;

export const DEMO_DRIVERS_FILE = (): string => appPath('resources', 'demo-drivers.json');

/** The demo's regular drivers (a list in the site file's `drivers` shape). */
export function readDemoDrivers(file = DEMO_DRIVERS_FILE()): SiteDriver[] {
  return z.array(siteDriverSchema).parse(JSON.parse(readFileSync(file, 'utf8')));
}

const SET_UP: Actor = { id: 0, username: 'site set-up', role: 'admin' };
const HOUR = 3_600_000;

export function setUpDrivers(core: Core, drivers: DriverService, bookings: BookingService, list: readonly SiteDriver[]): void {
  const thisHour = Math.floor(core.now() / HOUR) * HOUR;
  list.forEach(({ vehicles, walletMinor, bookings: booked, ...fields }, i) => {
    const driver = drivers.create({ ...fields, vehicles, withWallet: walletMinor > 0 }, SET_UP);
    if (driver.walletId !== null) core.store.change(() => new WalletsRepo(core.store.db).move(driver.walletId!, walletMinor, { kind: 'topup', at: core.now(), by: SET_UP.username }));
    booked.forEach((b, j) => {
      const startsAt = thisHour + b.startsInHours * HOUR;
      const vehicle = vehicles.find((v) => v.plate === b.plate) ?? vehicles[0]!;
      bookings.create(
        { driverId: driver.id, plate: vehicle.plate, vehicleClass: vehicle.vehicleClass, zoneId: b.zoneId, spaceType: b.spaceType, spaceId: null, startsAt, endsAt: startsAt + b.hours * HOUR, payment: b.payOnArrival || driver.walletId === null ? { method: 'on_arrival' } : { method: 'wallet' }, idempotencyKey: `setup-${i}-${j}` },
        SET_UP,
      );
    });
  });
}
