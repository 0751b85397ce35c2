/**
 * Bookings: a place in a zone and space type (or one named space) for a time window, for a driver and a plate,
 * priced by the site's tariff (a table whose id starts with "booking" wins for its class) and paid at booking from
 * the driver's wallet or in cash, or on arrival where the policy allows. Modify, cancel under the policy, the
 * day/week view of held capacity.
 */
import { z } from 'zod';
import { call, epochMs, id, none, ok, reason } from './define';
import { cardOutcomeSchema, idempotencyKey } from './payments';
import { rawPlateSchema } from '../domain/plate';
import { SPACE_TYPES } from './spaces';

const spaceType = z.enum(SPACE_TYPES);
const vehicleClass = z.string().regex(/^[a-z]+$/, 'a vehicle class id is lower-case letters');
const bookingId = z.int().min(1);
const window = { startsAt: epochMs, endsAt: epochMs };

export const bookingPaymentSchema = z.discriminatedUnion(
  'method',
  [
    z.strictObject({ method: z.literal('wallet') }),
    z.strictObject({ method: z.literal('cash'), tenderedMinor: z.int().min(0).max(100_000_000) }),
    z.strictObject({ method: z.literal('card'), terminalId: id }),
    z.strictObject({ method: z.literal('on_arrival') }),
  ],
  { error: 'pay by wallet, cash, card, or on arrival' },
);

/** A booking paid on the booth's reader: 'pending' while the reader shows the amount; a card not taken releases the booking. */
const bookingCardSchema = z.strictObject({ outcome: cardOutcomeSchema, message: z.string() });

export const bookingSchema = z.strictObject({
  id: z.int(),
  ref: z.string(),
  origin: z.enum(['booth', 'headoffice']),
  driverId: z.int(),
  plateRaw: z.string(),
  plateKey: z.string(),
  vehicleClass: z.string(),
  zoneId: z.string(),
  spaceType,
  spaceId: z.int().nullable(),
  startsAt: epochMs,
  endsAt: epochMs,
  status: z.enum(['booked', 'arrived', 'completed', 'cancelled', 'no_show']),
  payMode: z.enum(['prepaid', 'on_arrival']),
  priceMinor: z.int(),
  paidMinor: z.int(),
  currency: z.string(),
  sessionId: z.int().nullable(),
  version: z.int(),
  createdBy: z.string(),
  createdAt: epochMs,
  updatedAt: epochMs,
});
export type BookingView = z.infer<typeof bookingSchema>;

export const bookingMoneySchema = z.strictObject({ kind: z.enum(['charge', 'refund', 'fee']), method: z.enum(['wallet', 'cash', 'card', 'owed']), amountMinor: z.int(), at: epochMs, by: z.string() });

export const availabilitySchema = z.strictObject({
  zoneId: z.string(),
  spaceType,
  capacity: z.int(),
  /** What the site may still sell in every slot of the window (head office's allotment is not counted). */
  free: z.int(),
  /** The nearest free named space, when the zone/type has spaces. */
  nearestSpace: z.strictObject({ id: z.int(), label: z.string(), floorId: z.string().nullable() }).nullable(),
});

export const bookingPolicySchema = z.strictObject({
  payOnArrival: z.boolean(),
  freeCancelHours: z.int().min(0).max(720),
  cancelFeeMinor: z.int().min(0).max(10_000_000),
  noShowGraceMinutes: z.int().min(0).max(1440),
  noShowFeeMinor: z.int().min(0).max(10_000_000),
  arriveEarlyMinutes: z.int().min(0).max(1440),
  headofficeAllotmentBp: z.int().min(0).max(10_000),
});

export const bookingCalls = {
  /** Free places for a window, cheapest then nearest first; filters narrow it. */
  'bookings.search': call(
    z.strictObject({ ...window, vehicleClass, zoneId: id.optional(), floorId: id.optional(), spaceType: spaceType.optional(), maxPriceMinor: z.int().min(0).optional() }),
    z.strictObject({ priceMinor: z.int(), currency: z.string(), options: z.array(availabilitySchema) }),
    'attendant',
  ),
  /** With a card, answers once the reader shows the amount ('pending') or the payment ended; the booking holds its place meanwhile. */
  'bookings.create': call(
    z.strictObject({ ...window, driverId: z.int().min(1), plate: rawPlateSchema, vehicleClass, zoneId: id, spaceType: spaceType.default('regular'), spaceId: z.int().min(1).nullable().default(null), payment: bookingPaymentSchema, idempotencyKey }),
    z.strictObject({ booking: bookingSchema, changeMinor: z.int(), card: bookingCardSchema.optional() }),
    'attendant',
  ),
  /** Where a booking's card payment stands (its attempt key is the booking's key + "-card"); the end also comes as 'payments.progress' 'finished'. */
  'bookings.cardStatus': call(z.strictObject({ idempotencyKey }), z.strictObject({ booking: bookingSchema, card: bookingCardSchema }), 'attendant'),
  'bookings.cancelCard': call(z.strictObject({ idempotencyKey }), ok, 'attendant'),
  /**
   * New window, plate or zone/type; the price difference is charged (wallet, cash, or card: the booking changes only
   * once the reader took it, answering 'pending' while it shows the amount; its attempt key is this key + "-card") or refunded.
   */
  'bookings.modify': call(
    z.strictObject({ id: bookingId, version: z.int().min(1), ...window, plate: rawPlateSchema, zoneId: id, spaceType, spaceId: z.int().min(1).nullable().default(null), payment: bookingPaymentSchema, idempotencyKey }),
    z.strictObject({ booking: bookingSchema, chargedMinor: z.int(), refundedMinor: z.int(), card: bookingCardSchema.optional() }),
    'attendant',
  ),
  'bookings.cancel': call(
    z.strictObject({ id: bookingId, reason, idempotencyKey }),
    z.strictObject({ booking: bookingSchema, feeMinor: z.int(), refundedMinor: z.int() }),
    'attendant',
  ),
  /** The fee and refund a cancellation now would give, shown before the attendant confirms it. */
  'bookings.cancelPreview': call(z.strictObject({ id: bookingId }), z.strictObject({ feeMinor: z.int(), refundMinor: z.int(), currency: z.string() }), 'attendant'),
  /** A booking whose car did not come, once the policy's grace is over: the hold goes, the no-show fee applies. */
  'bookings.noShow': call(
    z.strictObject({ id: bookingId, reason, idempotencyKey }),
    z.strictObject({ booking: bookingSchema, feeMinor: z.int(), refundedMinor: z.int() }),
    'attendant',
  ),
  'bookings.get': call(z.strictObject({ id: bookingId }), z.strictObject({ booking: bookingSchema, money: z.array(bookingMoneySchema) }), 'attendant'),
  'bookings.forDriver': call(z.strictObject({ driverId: z.int().min(1) }), z.strictObject({ bookings: z.array(bookingSchema) }), 'attendant'),
  /** Live bookings overlapping [from, to) and, per zone/type and day, the most held in any hour: the day/week view. */
  'bookings.calendar': call(
    z.strictObject({ from: epochMs, to: epochMs }).refine((r) => r.to > r.from && r.to - r.from <= 8 * 86_400_000, 'a calendar is up to 8 days, ending after it starts'),
    z.strictObject({ bookings: z.array(bookingSchema), held: z.array(z.strictObject({ zoneId: z.string(), spaceType, dayStart: epochMs, held: z.int(), capacity: z.int() })) }),
    'attendant',
  ),
  /** Every booking arriving in [from, to) (a day or a week), booked or not any more: the booth's list. */
  'bookings.arriving': call(
    z.strictObject({ from: epochMs, to: epochMs }).refine((r) => r.to > r.from && r.to - r.from <= 8 * 86_400_000, 'a list is up to 8 days, ending after it starts'),
    z.strictObject({ bookings: z.array(bookingSchema) }),
    'attendant',
  ),
  /** A car inside is of another class than the lane assumed (a van is not a car): re-priced from its entry, audited. */
  'sessions.changeClass': call(
    z.strictObject({ sessionId: z.int().min(1), vehicleClass, reason }),
    z.strictObject({ sessionId: z.int(), vehicleClass: z.string(), dueMinor: z.int(), currency: z.string() }),
    'attendant',
  ),
  'bookings.policy': call(none, bookingPolicySchema, 'attendant'),
  'bookings.savePolicy': call(z.strictObject({ policy: bookingPolicySchema, reason }), bookingPolicySchema, 'supervisor'),
} as const;
