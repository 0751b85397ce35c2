/**
 * The layout after first start: floors, and the individual spaces in each zone with their type, the vehicle
 * classes they take and whether they are in service. A zone/type with spaces has exactly the capacity of its spaces
 * in service; the dashboard shows availability with the places held for bookings apart.
 */
import { z } from 'zod';
import { call, id, none, reason } from './define';

export const SPACE_TYPES = ['regular', 'accessible', 'ev', 'motorcycle', 'vip', 'reserved'] as const;

export const floorSchema = z.strictObject({ id, name: z.string().trim().min(1).max(60), sort: z.int().min(-100).max(100).default(0) });
export const spaceInputSchema = z
  .strictObject({
    id: z.int().min(1).nullable().default(null),
    zoneId: id,
    floorId: id.nullable().default(null),
    label: z.string().trim().min(1, 'give the space a number or label').max(20),
    spaceType: z.enum(SPACE_TYPES),
    classes: z.array(z.string().regex(/^[a-z]+$/)).min(1, 'a space takes at least one vehicle class').max(20),
    inService: z.boolean().default(true),
    outReason: z.string().trim().min(3).max(200).nullable().default(null),
    distance: z.int().min(0).max(100_000).default(0),
  })
  .refine((s) => s.inService === (s.outReason === null), { message: 'a space out of service needs a reason (and one in service has none)', path: ['outReason'] });
export type SpaceInput = z.output<typeof spaceInputSchema>;
export const spaceSchema = z.strictObject({
  id: z.int(),
  zoneId: z.string(),
  floorId: z.string().nullable(),
  label: z.string(),
  spaceType: z.enum(SPACE_TYPES),
  classes: z.array(z.string()),
  inService: z.boolean(),
  outReason: z.string().nullable(),
  distance: z.int(),
});
export type SpaceView = z.infer<typeof spaceSchema>;

/** Live availability per zone and type: never negative; held = places kept for bookings now, shown apart. */
export const availabilityNowSchema = z.strictObject({ zoneId: z.string(), spaceType: z.enum(SPACE_TYPES), capacity: z.int(), occupied: z.int(), heldForBookings: z.int(), free: z.int() });

export const spaceCalls = {
  'spaces.list': call(none, z.strictObject({ floors: z.array(floorSchema), spaces: z.array(spaceSchema) }), 'attendant'),
  'spaces.availability': call(none, z.strictObject({ rows: z.array(availabilityNowSchema) }), 'attendant'),
  'spaces.saveFloor': call(z.strictObject({ floor: floorSchema, reason }), z.strictObject({ floor: floorSchema }), 'admin'),
  /** Adds (id null) or changes a space; taking one out of service never strands a car: the count only stops selling it. */
  'spaces.save': call(z.strictObject({ space: spaceInputSchema, reason }), z.strictObject({ space: spaceSchema }), 'admin'),
} as const;
