/**
 * Drivers, the customers of the lot: registered at the booth or arriving from head office, searched by name,
 * phone, email or plate (fuzzy, as the exit lookup matches), exported and erased on request, merged when one person
 * has two records. Each change is one transaction with its audit and outbox rows. Audit rows name a driver by id and
 * list the fields that changed, never their values: erasing a driver then leaves the hash chain intact.
 */
import type { AuditAction } from '../contract';
import { driverFieldsSchema, type DriverView } from '../contract/drivers';
import { audit, type Actor, type Core } from '../core';
import { conflict, invalid, notFound } from '../errors';
import { foldConfusable, normalisePlate, rankPlateCandidates } from '../domain/plate';
import { BookingsRepo } from '../store/bookings-repo';
import { DriversRepo, type Driver, type DriverFields } from '../store/drivers-repo';
import { WalletsRepo } from '../store/wallets-repo';
import type { ErasureLedger } from './erasure-ledger';
import { erasePlates } from './plate-erasure';

export interface VehicleInput {
  plate: string;
  vehicleClass: string;
  make: string;
  colour: string;
}

export const driverView = (d: Driver): DriverView => ({
  id: d.id,
  name: d.name,
  phone: d.phone,
  email: d.email,
  smsConsent: d.smsConsent,
  notes: d.notes,
  walletId: d.walletId,
  origin: d.origin,
  version: d.version,
  erased: d.erasedAt !== null,
  mergedInto: d.mergedInto,
  vehicles: d.vehicles.map(({ id, plateRaw, plateKey, vehicleClass, make, colour }) => ({ id, plateRaw, plateKey, vehicleClass, make, colour })),
});

/** What head office and the audit hear of a driver: ids and flags, never personal fields. */
const driverRecord = (d: Driver) => ({ id: d.id, version: d.version, origin: d.origin, headofficeRef: d.headofficeRef, walletId: d.walletId, erased: d.erasedAt !== null, mergedInto: d.mergedInto, vehicles: d.vehicles.length });

export class DriverService {
  readonly repo: DriversRepo;
  private readonly bookings: BookingsRepo;
  private readonly wallets: WalletsRepo;

  constructor(
    private readonly core: Core,
    /** Where erasures are kept outside the database (null: a test store without a data folder). */
    readonly erasures: ErasureLedger | null = null,
  ) {
    this.repo = new DriversRepo(core.store.db);
    this.bookings = new BookingsRepo(core.store.db);
    this.wallets = new WalletsRepo(core.store.db);
  }

  require(id: number): Driver {
    const driver = this.repo.get(id);
    if (!driver) throw notFound(`driver ${id}`);
    return driver;
  }

  /** A driver who can still book and be edited: not erased, not merged away. */
  requireLive(id: number): Driver {
    const driver = this.require(id);
    if (driver.erasedAt !== null) throw conflict(`driver ${id} was erased: register the driver again`);
    if (driver.mergedInto !== null) throw conflict(`driver ${id} was merged into driver ${driver.mergedInto}`);
    return driver;
  }

  search(query: { text?: string | undefined; plate?: string | undefined; limit: number }): { driver: Driver; score: number | null }[] {
    const found = new Map<number, number | null>();
    if (query.plate) {
      const key = normalisePlateOrThrow(query.plate);
      for (const hit of rankPlateCandidates(key, this.repo.liveVehicles(), { limit: query.limit })) {
        if (!found.has(hit.item.driverId)) found.set(hit.item.driverId, hit.score);
      }
    }
    if (query.text) for (const id of this.repo.searchText(query.text, query.limit)) if (!found.has(id)) found.set(id, null);
    return [...found].slice(0, query.limit).map(([id, score]) => ({ driver: this.repo.get(id)!, score }));
  }

  create(fields: DriverFields & { vehicles: readonly VehicleInput[]; withWallet: boolean }, actor: Actor): Driver {
    const { store, now } = this.core;
    const vehicles = fields.vehicles.map((v) => this.checkedVehicle(v));
    const driver = store.change(() => {
      const created = this.repo.insert(fields, 'booth', null, now());
      for (const vehicle of vehicles) this.repo.addVehicle(created.id, vehicle);
      if (fields.withWallet) {
        const wallet = this.wallets.create({ holder: `driver ${created.id}`, currency: this.core.layout().site.currency, plates: vehicles.map((v) => ({ key: v.plateKey, fold: v.plateFold })) }, now());
        this.repo.setWallet(created.id, wallet.id, now());
      }
      return this.recorded(created.id, 'driver.created', actor.username, { fields: changedFields(null, fields), vehicles: vehicles.length });
    });
    return driver;
  }

  update(id: number, version: number, fields: DriverFields, actor: Actor): Driver {
    const before = this.requireLive(id);
    if (before.version !== version) throw conflict(`driver ${id} was changed by someone else meanwhile: reload it and try again`);
    return this.core.store.change(() => {
      this.repo.update(id, fields, this.core.now());
      return this.recorded(id, 'driver.updated', actor.username, { fields: changedFields(before, fields) });
    });
  }

  /** A new vehicle of the driver's; their wallet pays for its plate at the exit, as for the ones registered with it. */
  addVehicle(driverId: number, input: VehicleInput, actor: Actor): Driver {
    const driver = this.requireLive(driverId);
    const vehicle = this.checkedVehicle(input);
    return this.core.store.change(() => {
      const added = this.repo.addVehicle(driverId, vehicle);
      if (driver.walletId !== null) this.wallets.addPlates(driver.walletId, [{ key: vehicle.plateKey, fold: vehicle.plateFold }]);
      return this.recorded(driverId, 'driver.vehicle_added', actor.username, { vehicleId: added.id, vehicleClass: added.vehicleClass });
    });
  }

  /** The vehicle goes, and its plate from the driver's wallet unless another of their vehicles reads the same. */
  removeVehicle(driverId: number, vehicleId: number, actor: Actor): Driver {
    const driver = this.requireLive(driverId);
    const gone = driver.vehicles.find((v) => v.id === vehicleId);
    return this.core.store.change(() => {
      if (!gone || !this.repo.removeVehicle(driverId, vehicleId, this.core.now())) throw notFound(`vehicle ${vehicleId} of driver ${driverId}`);
      const fold = foldConfusable(gone.plateKey);
      const kept = driver.vehicles.some((v) => v.id !== vehicleId && foldConfusable(v.plateKey) === fold);
      if (driver.walletId !== null && !kept) this.wallets.removePlates(driver.walletId, [fold]);
      return this.recorded(driverId, 'driver.vehicle_removed', actor.username, { vehicleId });
    });
  }

  /** Everything held on the driver (profile, vehicles, bookings, wallet movements); the export is audited. */
  export(id: number, actor: Actor): unknown {
    const driver = this.require(id);
    const data = {
      exportedAt: new Date(this.core.now()).toISOString(),
      driver: driverView(driver),
      bookings: this.bookings.forDriver(id, 10_000),
      wallet: driver.walletId === null ? null : { ...this.wallets.get(driver.walletId), movements: this.wallets.movements(driver.walletId, 10_000) },
    };
    this.core.store.change(() => audit(this.core, { actor: actor.username, action: 'driver.exported', subject: `driver:${id}`, detail: {} }));
    return data;
  }

  /**
   * Removes the personal fields and pseudonymises the driver's plates everywhere the site keeps them but the audit
   * log (plate-erasure.ts). Refused while a booking is open (cancel it first: the lane would otherwise admit a plate
   * nobody can be traced to) or one of the plates is inside. Money records keep their amounts. Returns the stays
   * whose plate photos the caller deletes; the WAL is checkpointed and truncated so no older page keeps the plate.
   */
  erase(id: number, reason: string, actor: Actor, options: { recorded?: boolean } = {}): { driver: Driver; sessionIds: number[] } {
    const { walletId } = this.require(id);
    const { store, now } = this.core;
    const erased = store.change(() => {
      const open = this.bookings.openForDriver(id);
      if (open > 0) throw conflict(`driver ${id} has ${open} open booking${open === 1 ? '' : 's'}: cancel ${open === 1 ? 'it' : 'them'} before erasing`);
      const sessionIds = erasePlates(store.db, this.repo.platesEverHeld(id));
      this.repo.erase(id, now());
      // The wallet keeps its money (and its movements) but no longer names the driver's plates.
      if (walletId !== null) this.wallets.removePlates(walletId, null);
      store.db.prepare("UPDATE bookings SET plate_raw = 'ERASED', plate_key = 'ERASED', plate_fold = 'ERASED' WHERE driver_id = ?").run(id);
      return { driver: this.recorded(id, 'driver.erased', actor.username, { reason }), sessionIds };
    });
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    // Outside the database, so that restoring a copy made before now re-applies it (erasure-ledger.ts). A failed
    // append is made good at the next start, from the database.
    if (options.recorded !== false) {
      try {
        this.erasures?.record(erased.driver);
      } catch (error) {
        this.core.log.error({ err: error, driverId: id }, 'the erasure was not added to the erasure ledger yet; the next start adds it');
      }
    }
    return erased;
  }

  /**
   * One person's two records (registered online and at the booth) become one, against the versions the supervisor
   * read: `from`'s vehicles and bookings move to `into`; its wallet comes along when `into` has none, else its
   * balance and plates move into `into`'s wallet (two audited adjustments). `from` stays, marked merged, so its
   * history still resolves.
   */
  merge(from: { id: number; version: number }, into: { id: number; version: number }, reason: string, actor: Actor): Driver {
    if (from.id === into.id) throw invalid('a driver cannot be merged into itself');
    const { store, now } = this.core;
    return store.change(() => {
      const [source, target] = [this.requireLive(from.id), this.requireLive(into.id)];
      for (const [driver, read] of [[source, from], [target, into]] as const) {
        if (driver.version !== read.version) throw conflict(`driver ${driver.id} was changed meanwhile (version ${driver.version}, you read ${read.version}): reload both and try again`);
      }
      const walletMovedMinor = source.walletId !== null && target.walletId !== null ? this.moveWallet(source.walletId, target.walletId, source, actor) : 0;
      const moved = { vehicles: source.vehicles.length, bookings: this.bookings.forDriver(source.id, 10_000).length, walletMovedMinor };
      this.repo.merge(source.id, target.id, now());
      this.recorded(source.id, 'driver.merged', actor.username, { into: target.id, reason, ...moved });
      return this.recorded(target.id, 'driver.merged_into', actor.username, { from: source.id, reason, ...moved });
    });
  }

  /** Empties `fromWallet` into `intoWallet` (an adjustment on each) and hands over its plates; returns the amount moved. */
  private moveWallet(fromWallet: number, intoWallet: number, source: Driver, actor: Actor): number {
    const balance = this.wallets.get(fromWallet)!.balanceMinor;
    const at = this.core.now();
    if (balance > 0) {
      if (this.wallets.move(fromWallet, -balance, { kind: 'adjustment', at, by: actor.username }) === null || this.wallets.move(intoWallet, balance, { kind: 'adjustment', at, by: actor.username }) === null) {
        throw conflict(`wallet ${fromWallet} or ${intoWallet} is inactive: reactivate it before merging`);
      }
    }
    this.wallets.removePlates(fromWallet, null);
    this.wallets.addPlates(intoWallet, source.vehicles.map((v) => ({ key: v.plateKey, fold: foldConfusable(v.plateKey) })));
    return balance;
  }

  /**
   * A driver as head office sent them (registered online), inside the pull's transaction: created, or updated with
   * head office's fields winning over the site's copy (audited). Unusable contact details are dropped, not fatal.
   */
  fromHeadOffice(record: { ref: string; name: string; phone: string | null; email: string | null; smsConsent: boolean }): Driver {
    const parsed = driverFieldsSchema.safeParse({ name: record.name, phone: record.phone, email: record.email, smsConsent: record.smsConsent });
    const fields: DriverFields = parsed.success ? parsed.data : { name: record.name.trim().slice(0, 120) || 'online driver', phone: null, email: null, smsConsent: false, notes: '' };
    const known = this.repo.byHeadofficeRef(record.ref);
    if (!known) {
      const created = this.repo.insert(fields, 'headoffice', record.ref, this.core.now());
      return this.recorded(created.id, 'driver.created', 'headoffice', { fields: changedFields(null, fields) });
    }
    const changed = changedFields(known, { ...fields, notes: known.notes });
    if (changed.length === 0 || known.erasedAt !== null) return known;
    this.repo.update(known.id, { ...fields, notes: known.notes }, this.core.now());
    return this.recorded(known.id, 'driver.updated', 'headoffice', { fields: changed, headOfficeWins: true });
  }

  private checkedVehicle(input: VehicleInput) {
    const plateKey = normalisePlateOrThrow(input.plate);
    if (!this.core.layout().vehicleClasses.some((vc) => vc.id === input.vehicleClass)) throw invalid(`vehicle class ${input.vehicleClass} is not one of this site's`);
    return { plateRaw: input.plate, plateKey, plateFold: foldConfusable(plateKey), vehicleClass: input.vehicleClass, make: input.make, colour: input.colour };
  }

  /** Audit and outbox rows for a driver change; inside its transaction. */
  private recorded(id: number, action: Extract<AuditAction, `driver.${string}`>, actor: string, detail: Record<string, unknown>): Driver {
    const driver = this.repo.get(id)!;
    audit(this.core, { actor, action, subject: `driver:${id}`, detail });
    this.core.store.outbox.appendEvent('driver', `driver:${id}`, { action, ...driverRecord(driver) }, this.core.now());
    return driver;
  }
}

/** The names of the personal fields a change touched (the audit keeps names, never values). */
function changedFields(before: Driver | null, after: DriverFields): string[] {
  return (['name', 'phone', 'email', 'smsConsent', 'notes'] as const).filter((f) => before === null || before[f] !== after[f]);
}

function normalisePlateOrThrow(plate: string): string {
  try {
    return normalisePlate(plate);
  } catch (error) {
    throw invalid(error instanceof Error ? error.message : String(error));
  }
}
