import { describe, expect, it } from 'vitest';
import { useMigratedDb } from './migrated-db';

/** Migration 0015 (bookings): drivers, vehicles, spaces, bookings and their holds, with the checks the rows keep. */
const db = useMigratedDb(`INSERT INTO drivers (id, name, origin, created_at, updated_at) VALUES (1, 'Jane', 'booth', 0, 0);`);

const booking = (extra = '') => `INSERT INTO bookings (ref, origin, driver_id, plate_raw, plate_key, plate_fold, vehicle_class, zone_id, space_type, starts_at, ends_at, status, pay_mode, price_minor, currency, created_by, created_at, updated_at)
  VALUES ('ref-${Math.random()}', 'booth', 1, 'AB12CDE', 'AB12CDE', 'A812CDE', 'car', 'main', 'regular', 0, 3600000, 'booked', 'prepaid', 100, 'GBP', 't', 0, 0) ${extra}`;

describe('0015_bookings', () => {
  it('keeps an erased driver free of personal fields and refuses malformed phones and emails', () => {
    expect(() => db().exec("UPDATE drivers SET erased_at = 5 WHERE id = 1")).toThrow(/CHECK/);
    db().exec("UPDATE drivers SET name = NULL, erased_at = 5 WHERE id = 1");
    expect(() => db().exec("INSERT INTO drivers (name, phone, origin, created_at, updated_at) VALUES ('X', '07700', 'booth', 0, 0)")).toThrow(/CHECK/);
    expect(() => db().exec("INSERT INTO drivers (name, email, origin, created_at, updated_at) VALUES ('X', 'nobody', 'booth', 0, 0)")).toThrow(/CHECK/);
  });

  it('refuses a window that ends before it starts, negative holds, and a space out of service without a reason', () => {
    db().exec(booking());
    expect(() => db().exec(booking().replace("0, 3600000, 'booked'", "3600000, 0, 'booked'"))).toThrow(/CHECK/);
    expect(() => db().exec("INSERT INTO booking_holds VALUES ('main', 'regular', 1, -1, 0)")).toThrow(/CHECK/);
    expect(() => db().exec(`INSERT INTO spaces (zone_id, label, space_type, classes, in_service) VALUES ('main', 'A1', 'regular', '["car"]', 0)`)).toThrow(/CHECK/);
    expect(() => db().exec(`INSERT INTO spaces (zone_id, label, space_type, classes) VALUES ('main', 'A1', 'regular', 'car')`)).toThrow(/CHECK/);
    expect(db().prepare('SELECT headoffice_allotment_bp FROM booking_policy').pluck().get()).toBe(2000);
  });

  it('never takes the same money key twice and lets sessions point at their booking', () => {
    db().exec(booking());
    const money = "INSERT INTO booking_payments (booking_id, idempotency_key, kind, method, amount_minor, at, by) VALUES (1, 'key-00001', 'charge', 'owed', 100, 0, 't')";
    db().exec(money);
    expect(() => db().exec(money)).toThrow(/UNIQUE/);
    expect(db().prepare("SELECT count(*) FROM pragma_table_info('sessions') WHERE name = 'booking_id'").pluck().get()).toBe(1);
  });

  it('answers the availability and arrival queries from their indexes', () => {
    const plan = (sql: string) => (db().prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan("SELECT max(site_held) FROM booking_holds WHERE zone_id = 'main' AND space_type = 'regular' AND slot >= 1 AND slot < 25")).toMatch(/SEARCH booking_holds USING PRIMARY KEY \(zone_id=\? AND space_type=\? AND slot>\? AND slot<\?\)/);
    expect(plan("SELECT * FROM bookings WHERE plate_fold = 'A812CDE' AND status = 'booked' AND starts_at BETWEEN 0 AND 10")).toMatch(/USING INDEX bookings_arrival/);
    expect(plan("SELECT 1 FROM bookings WHERE space_id = 1 AND status IN ('booked','arrived') AND starts_at < 10 AND ends_at > 0")).toMatch(/USING INDEX bookings_space/);
    expect(plan("SELECT id FROM driver_vehicles WHERE plate_fold = 'A812CDE' AND removed_at IS NULL")).toMatch(/USING INDEX driver_vehicles_plate/);
  });
});
