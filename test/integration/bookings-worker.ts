/**
 * One console booking over its own SQLite connection, for the overbooking test and bench/bookings:
 *   tsx bookings-worker.ts <dbFile> <driverId> <attempts> <zoneId> <spaceType> <startsAt> <endsAt>
 * Each booking is the real BookingService.create (one BEGIN IMMEDIATE transaction), retried with its own key when
 * the database stayed busy past the timeout (a loaded machine). Prints {"ok":n,"refused":m}.
 */
import { randomUUID } from 'node:crypto';
import { BookingService } from '../../electron/kiosk/bookings/booking-service';
import type { SpaceType } from '../../electron/kiosk/contract';
import { createCore } from '../../electron/kiosk/core';
import { DriverService } from '../../electron/kiosk/drivers/driver-service';
import { KioskError } from '../../electron/kiosk/errors';
import { createLogger } from '../../electron/kiosk/log';
import { openStore } from '../../electron/kiosk/store/store';
import { TariffService } from '../../electron/kiosk/tariffs/tariff-service';

const [file, driverText, attemptsText, zoneId, spaceType, startsText, endsText] = process.argv.slice(2);
const store = openStore(file!, { now: Date.now() });
const core = createCore(store, Date.now, createLogger({ dataDir: null, level: 'silent' }));
const drivers = new DriverService(core);
const bookings = new BookingService(core, new TariffService(core), drivers, null);
const actor = { id: 1, username: `console-${process.pid}`, role: 'attendant' as const };
const driver = drivers.require(Number(driverText));
let ok = 0;
let refused = 0;
/** Books once; a console that found the database busy past its timeout sends the same request (same key) again. */
function book(request: Parameters<BookingService['create']>[0]): 'ok' | 'refused' {
  for (;;) {
    try {
      bookings.create(request, actor);
      return 'ok';
    } catch (error) {
      if (error instanceof KioskError && error.code === 'conflict') return 'refused';
      if (!(error instanceof Error && 'code' in error && error.code === 'SQLITE_BUSY')) throw error;
    }
  }
}

for (let i = 0; i < Number(attemptsText); i++) {
  const request = { driverId: driver.id, plate: driver.vehicles[0]!.plateKey, vehicleClass: 'car', zoneId: zoneId!, spaceType: spaceType as SpaceType, spaceId: null, startsAt: Number(startsText), endsAt: Number(endsText), payment: { method: 'wallet' as const }, idempotencyKey: `w-${randomUUID()}` };
  if (book(request) === 'ok') ok += 1;
  else refused += 1;
  await new Promise((resolve) => setImmediate(resolve)); // let the other consoles interleave
}
await store.close();
console.log(JSON.stringify({ ok, refused }));
