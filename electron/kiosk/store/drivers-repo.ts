import type { Database, Statement } from 'better-sqlite3';

export interface DriverVehicle {
  id: number;
  driverId: number;
  plateRaw: string;
  plateKey: string;
  vehicleClass: string;
  make: string;
  colour: string;
}

export interface Driver {
  id: number;
  name: string | null;
  phone: string | null;
  email: string | null;
  smsConsent: boolean;
  notes: string;
  walletId: number | null;
  origin: 'booth' | 'headoffice';
  headofficeRef: string | null;
  version: number;
  erasedAt: number | null;
  mergedInto: number | null;
  createdAt: number;
  updatedAt: number;
  vehicles: DriverVehicle[];
}

export interface DriverFields {
  name: string;
  phone: string | null;
  email: string | null;
  smsConsent: boolean;
  notes: string;
}

export interface NewVehicle {
  plateRaw: string;
  plateKey: string;
  plateFold: string;
  vehicleClass: string;
  make: string;
  colour: string;
}

interface DriverRow {
  id: number;
  name: string | null;
  phone: string | null;
  email: string | null;
  sms_consent: number;
  notes: string;
  wallet_id: number | null;
  origin: Driver['origin'];
  headoffice_ref: string | null;
  version: number;
  erased_at: number | null;
  merged_into: number | null;
  created_at: number;
  updated_at: number;
}

interface VehicleRow {
  id: number;
  driver_id: number;
  plate_raw: string;
  plate_key: string;
  vehicle_class: string;
  make: string;
  colour: string;
}

const toVehicle = (r: VehicleRow): DriverVehicle => ({ id: r.id, driverId: r.driver_id, plateRaw: r.plate_raw, plateKey: r.plate_key, vehicleClass: r.vehicle_class, make: r.make, colour: r.colour });

/** Drivers (customers) and their vehicles. Every write runs inside the caller's change transaction. */
export class DriversRepo {
  private readonly getStmt: Statement;
  private readonly vehiclesStmt: Statement;

  constructor(private readonly db: Database) {
    this.getStmt = db.prepare('SELECT * FROM drivers WHERE id = ?');
    this.vehiclesStmt = db.prepare('SELECT id, driver_id, plate_raw, plate_key, vehicle_class, make, colour FROM driver_vehicles WHERE driver_id = ? AND removed_at IS NULL ORDER BY id');
  }

  insert(fields: DriverFields, origin: Driver['origin'], headofficeRef: string | null, at: number): Driver {
    const { lastInsertRowid } = this.db
      .prepare('INSERT INTO drivers (name, phone, email, sms_consent, notes, origin, headoffice_ref, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(fields.name, fields.phone, fields.email, fields.smsConsent ? 1 : 0, fields.notes, origin, headofficeRef, at, at);
    return this.get(Number(lastInsertRowid))!;
  }

  update(id: number, fields: DriverFields, at: number): void {
    this.db
      .prepare('UPDATE drivers SET name = ?, phone = ?, email = ?, sms_consent = ?, notes = ?, version = version + 1, updated_at = ? WHERE id = ?')
      .run(fields.name, fields.phone, fields.email, fields.smsConsent ? 1 : 0, fields.notes, at, id);
  }

  setWallet(id: number, walletId: number, at: number): void {
    this.db.prepare('UPDATE drivers SET wallet_id = ?, updated_at = ? WHERE id = ?').run(walletId, at, id);
  }

  /** The drivers erased, with when they were created (the erasure ledger tells them apart by both). */
  erased(): { id: number; createdAt: number; erasedAt: number }[] {
    return this.db.prepare('SELECT id, created_at AS createdAt, erased_at AS erasedAt FROM drivers WHERE erased_at IS NOT NULL ORDER BY id').all() as { id: number; createdAt: number; erasedAt: number }[];
  }

  get(id: number): Driver | undefined {
    const row = this.getStmt.get(id) as DriverRow | undefined;
    if (!row) return undefined;
    return {
      id: row.id,
      name: row.name,
      phone: row.phone,
      email: row.email,
      smsConsent: row.sms_consent === 1,
      notes: row.notes,
      walletId: row.wallet_id,
      origin: row.origin,
      headofficeRef: row.headoffice_ref,
      version: row.version,
      erasedAt: row.erased_at,
      mergedInto: row.merged_into,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      vehicles: (this.vehiclesStmt.all(row.id) as VehicleRow[]).map(toVehicle),
    };
  }

  byHeadofficeRef(ref: string): Driver | undefined {
    const id = this.db.prepare('SELECT id FROM drivers WHERE headoffice_ref = ?').pluck().get(ref) as number | undefined;
    return id === undefined ? undefined : this.get(id);
  }

  /** Drivers whose name or email starts with `text`, or whose phone ends with its digits; live ones only, by name. */
  searchText(text: string, limit: number): number[] {
    const digits = text.replace(/\D/g, '');
    return this.db
      .prepare(`SELECT id FROM drivers WHERE erased_at IS NULL AND merged_into IS NULL AND (
          name LIKE @prefix ESCAPE '\\' OR email LIKE @prefix ESCAPE '\\' OR (@digits <> '' AND length(@digits) >= 4 AND phone LIKE '%' || @digits)
        ) ORDER BY name, id LIMIT @limit`)
      .pluck()
      .all({ prefix: `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, digits, limit }) as number[];
  }

  /** Every live vehicle's key and driver (the fuzzy plate search ranks them); a site has thousands, not millions. */
  liveVehicles(): { plateKey: string; driverId: number; vehicleClass: string }[] {
    return this.db
      .prepare('SELECT v.plate_key AS plateKey, v.driver_id AS driverId, v.vehicle_class AS vehicleClass FROM driver_vehicles v JOIN drivers d ON d.id = v.driver_id WHERE v.removed_at IS NULL AND d.erased_at IS NULL AND d.merged_into IS NULL')
      .all() as { plateKey: string; driverId: number; vehicleClass: string }[];
  }

  addVehicle(driverId: number, vehicle: NewVehicle): DriverVehicle {
    const { lastInsertRowid } = this.db
      .prepare('INSERT INTO driver_vehicles (driver_id, plate_raw, plate_key, plate_fold, vehicle_class, make, colour) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(driverId, vehicle.plateRaw, vehicle.plateKey, vehicle.plateFold, vehicle.vehicleClass, vehicle.make, vehicle.colour);
    return toVehicle(this.db.prepare('SELECT * FROM driver_vehicles WHERE id = ?').get(Number(lastInsertRowid)) as VehicleRow);
  }

  removeVehicle(driverId: number, vehicleId: number, at: number): boolean {
    return this.db.prepare('UPDATE driver_vehicles SET removed_at = ? WHERE id = ? AND driver_id = ? AND removed_at IS NULL').run(at, vehicleId, driverId).changes === 1;
  }

  /**
   * Every plate the driver's vehicles and bookings ever named (removed vehicles too), and the plates as read of the
   * stays made on their bookings (a lane may have read the booked car with a confusion), as typed and as keys.
   */
  platesEverHeld(id: number): { raw: string; key: string }[] {
    return this.db
      .prepare(`SELECT plate_raw AS raw, plate_key AS key FROM driver_vehicles WHERE driver_id = @id
        UNION SELECT plate_raw, plate_key FROM bookings WHERE driver_id = @id
        UNION SELECT s.plate_raw, s.plate_key FROM sessions s JOIN bookings b ON b.session_id = s.id WHERE b.driver_id = @id`)
      .all({ id }) as { raw: string; key: string }[];
  }

  /** Personal fields gone, plates replaced by a pseudonym per vehicle; the row stays for the money that points at it. */
  erase(id: number, at: number): void {
    this.db.prepare("UPDATE drivers SET name = NULL, phone = NULL, email = NULL, notes = '', sms_consent = 0, erased_at = ?, updated_at = ?, version = version + 1 WHERE id = ?").run(at, at, id);
    this.db.prepare("UPDATE driver_vehicles SET plate_raw = 'ERASED' || id, plate_key = 'ERASED' || id, plate_fold = 'ERASED' || id, make = '', colour = '', removed_at = coalesce(removed_at, ?) WHERE driver_id = ?").run(at, id);
  }

  /** Moves `from`'s vehicles and bookings to `into` (and its wallet, when `into` has none) and marks `from` merged. */
  merge(from: number, into: number, at: number): void {
    this.db.prepare('UPDATE driver_vehicles SET driver_id = ? WHERE driver_id = ?').run(into, from);
    this.db.prepare('UPDATE bookings SET driver_id = ? WHERE driver_id = ?').run(into, from);
    this.db.prepare('UPDATE drivers SET wallet_id = (SELECT wallet_id FROM drivers WHERE id = ?) WHERE id = ? AND wallet_id IS NULL').run(from, into);
    this.db.prepare('UPDATE drivers SET merged_into = ?, updated_at = ?, version = version + 1 WHERE id = ?').run(into, at, from);
    this.db.prepare('UPDATE drivers SET updated_at = ?, version = version + 1 WHERE id = ?').run(at, into);
  }
}
