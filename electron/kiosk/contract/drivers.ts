/**
 * Drivers: the customers of the lot (never kiosk users). Created and edited at the booth by an attendant; exported,
 * erased and merged by a supervisor. Plates are typed as read and matched fuzzily, as the exit lookup matches them.
 */
import { z } from 'zod';
import { call, reason } from './define';
import { e164 } from './sync';
import { rawPlateSchema } from '../domain/plate';

const vehicleClass = z.string().regex(/^[a-z]+$/, 'a vehicle class id is lower-case letters');
const driverId = z.int().min(1);

export const vehicleInputSchema = z.strictObject({
  plate: rawPlateSchema,
  vehicleClass,
  make: z.string().trim().max(60).default(''),
  colour: z.string().trim().max(40).default(''),
});

export const driverFieldsSchema = z.strictObject({
  name: z.string().trim().min(1, "type the driver's name").max(120),
  phone: z.preprocess((v) => (typeof v === 'string' ? v.replace(/[\s()-]/g, '') || null : v), e164.nullable()).default(null),
  email: z.preprocess((v) => (v === '' ? null : v), z.email('an email address like name@example.com').max(200).nullable()).default(null),
  smsConsent: z.boolean().default(false),
  notes: z.string().trim().max(500).default(''),
});

export const vehicleSchema = z.strictObject({ id: z.int(), plateRaw: z.string(), plateKey: z.string(), vehicleClass: z.string(), make: z.string(), colour: z.string() });
export const driverSchema = z.strictObject({
  id: z.int(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  smsConsent: z.boolean(),
  notes: z.string(),
  walletId: z.int().nullable(),
  origin: z.enum(['booth', 'headoffice']),
  version: z.int(),
  erased: z.boolean(),
  mergedInto: z.int().nullable(),
  vehicles: z.array(vehicleSchema),
});
export type DriverView = z.infer<typeof driverSchema>;

export const driverCalls = {
  /** By name, email or phone (text), or by plate (fuzzy: OCR confusions and one missing or extra character). */
  'drivers.search': call(
    z.strictObject({ text: z.string().trim().max(120).optional(), plate: z.string().trim().max(16).optional(), limit: z.int().min(1).max(100).default(25) }),
    z.strictObject({ drivers: z.array(driverSchema.extend({ score: z.number().nullable() })) }),
    'attendant',
  ),
  'drivers.get': call(z.strictObject({ id: driverId }), z.strictObject({ driver: driverSchema, walletBalanceMinor: z.int().nullable() }), 'attendant'),
  'drivers.create': call(
    driverFieldsSchema.extend({ vehicles: z.array(vehicleInputSchema).max(20).default([]), withWallet: z.boolean().default(false) }),
    z.strictObject({ driver: driverSchema }),
    'attendant',
  ),
  'drivers.update': call(driverFieldsSchema.extend({ id: driverId, version: z.int().min(1) }), z.strictObject({ driver: driverSchema }), 'attendant'),
  'drivers.addVehicle': call(vehicleInputSchema.extend({ driverId }), z.strictObject({ driver: driverSchema }), 'attendant'),
  'drivers.removeVehicle': call(z.strictObject({ driverId, vehicleId: z.int().min(1) }), z.strictObject({ driver: driverSchema }), 'attendant'),
  /** Everything the site holds on a driver, as JSON (a subject access request). Audited. */
  'drivers.export': call(z.strictObject({ id: driverId }), z.strictObject({ data: z.unknown() }), 'supervisor'),
  /** Personal fields removed, plates pseudonymised; money and audit rows stay valid. Refused while a booking is open. */
  'drivers.erase': call(z.strictObject({ id: driverId, reason }), z.strictObject({ driver: driverSchema }), 'supervisor'),
  /** Two records of one person: `fromId`'s vehicles and bookings move to `intoId`. */
  /** Against the versions read: another console's change to either driver meanwhile is a conflict. */
  'drivers.merge': call(z.strictObject({ fromId: driverId, fromVersion: z.int().min(1), intoId: driverId, intoVersion: z.int().min(1), reason }), z.strictObject({ driver: driverSchema }), 'supervisor'),
} as const;
