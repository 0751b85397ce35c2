/**
 * Lanes, barriers and access lists: what the lane tiles, the attendant queue, the manual barrier buttons and the
 * permits/lists screen ask and hear.
 */
import { z } from 'zod';
import { LANE_MODES } from '../domain/lanes/lane-policy';
import { laneScheduleSchema, SCHEDULED_MODES } from '../domain/lanes/lane-schedule';
import { LANE_PHASES } from '../domain/lanes/lane-machine-types';
import { listEntrySchema, permitSchema, reservationSchema } from '../domain/lanes/access-rules';
import { rawPlateSchema } from '../domain/plate';
import { call, epochMs, id, none, ok, reason } from './define';

/** Why an attendant overrode a lane: a code for reports, and a note where the code is not enough. */
export const REASON_CODES = [
  'driver_assistance',
  'plate_misread',
  'payment_problem',
  'permit_problem',
  'emergency_vehicle',
  'staff_or_contractor',
  'equipment_fault',
  'maintenance',
  'other',
] as const;
export const reasonCodeSchema = z.enum(REASON_CODES);
export type ReasonCode = z.infer<typeof reasonCodeSchema>;

export const LANE_ACTIONS = ['open', 'hold_open', 'close_barrier', 'close_lane', 'open_lane', 'deny', 'confirm', 'correct', 'choose'] as const;
/** Actions that change how a lane runs for everyone after, not just for the car in front: supervisors only. */
export const SUPERVISOR_LANE_ACTIONS: readonly LaneAction[] = ['hold_open', 'close_lane', 'open_lane'];
export type LaneAction = (typeof LANE_ACTIONS)[number];
/** Actions on the car waiting at the lane: each names the car it was taken on (the view's `car`), so it never lands on the next one. */
export const CAR_ACTIONS: readonly LaneAction[] = ['deny', 'confirm', 'correct', 'choose'];

const box = z.strictObject({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });
const deviceState = z.strictObject({ id: z.string(), healthy: z.boolean(), detail: z.string() }).nullable();

/**
 * A car let through while the disk was full, its entry not yet recorded: named by plate, lane and time, never by a
 * session id (it has none yet). `ref` picks it at an exit (lanes.command 'choose').
 */
export const unrecordedCarSchema = z.strictObject({ ref: z.int().min(1), plateKey: z.string(), laneId: z.string(), since: epochMs });
export type UnrecordedCarView = z.infer<typeof unrecordedCarSchema>;

export const laneViewSchema = z.strictObject({
  laneId: z.string(),
  name: z.string(),
  direction: z.enum(['entry', 'exit']),
  zoneId: z.string(),
  /** The mode the lane runs in now: its own, or its schedule's while a window is open (then `scheduled` says so). */
  mode: z.enum(LANE_MODES),
  scheduled: z.enum(SCHEDULED_MODES).nullable(),
  minConfidence: z.number(),
  phase: z.enum(LANE_PHASES),
  since: epochMs,
  /** The car waiting now (an id the lane gives each car as it arrives); null while no car waits. */
  car: z.int().nullable(),
  /** The last car a person acted on here: who, what and when, so a second console's late action is told who handled it. */
  lastHandled: z.strictObject({ car: z.int(), action: z.enum(LANE_ACTIONS), by: z.string(), at: epochMs }).nullable(),
  display: z.string(),
  plate: z.strictObject({ key: z.string(), confidence: z.number(), voteAgreed: z.boolean(), confirmedBy: z.string().nullable() }).nullable(),
  /**
   * proposal: when the lane asks the attendant (a doubtful read, or a lane that confirms every car), what the rules
   * would do with the read as it stands (deny list with its note, permit, booking): the card says that first.
   */
  decision: z
    .strictObject({
      outcome: z.enum(['open', 'deny', 'attendant', 'pay']),
      code: z.string(),
      why: z.string(),
      proposal: z.strictObject({ outcome: z.enum(['open', 'deny', 'attendant', 'pay']), code: z.string(), why: z.string() }).optional(),
    })
    .nullable(),
  /** A recorded session; null with `unrecorded` set while the car's entry waits in memory (a full disk). */
  sessionId: z.int().min(1).nullable(),
  unrecorded: unrecordedCarSchema.nullable(),
  candidates: z.array(z.strictObject({ sessionId: z.int().min(1).nullable(), unrecorded: unrecordedCarSchema.nullable(), plateKey: z.string(), score: z.number(), entryAt: epochMs })),
  amountDue: z.strictObject({ minor: z.int(), currency: z.string() }).nullable(),
  barrier: z.enum(['down', 'opening', 'up', 'held']),
  relay: deviceState,
  camera: deviceState,
  alarms: z.array(z.strictObject({ kind: z.string(), text: z.string(), at: epochMs })),
  lastRead: z.strictObject({ text: z.string(), confidence: z.number(), alternatives: z.array(z.string()), at: epochMs, processingMs: z.number() }).nullable(),
  frameAt: epochMs.nullable(),
});
export type LaneView = z.infer<typeof laneViewSchema>;

export const ACCESS_KINDS = ['permit', 'allow', 'deny', 'reservation'] as const;
export const accessKindSchema = z.enum(ACCESS_KINDS);

/** One schema per kind of record, with `extra` fields beside kind and definition (none for a record being saved). */
function accessRecordVariants<E extends z.ZodRawShape>(extra: E) {
  return z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('permit'), definition: permitSchema, ...extra }),
    z.strictObject({ kind: z.literal('allow'), definition: listEntrySchema, ...extra }),
    z.strictObject({ kind: z.literal('deny'), definition: listEntrySchema, ...extra }),
    z.strictObject({ kind: z.literal('reservation'), definition: reservationSchema, ...extra }),
  ]);
}
export const accessRecordSchema = accessRecordVariants({});
export const storedAccessRecordSchema = accessRecordVariants({
  id: z.string(),
  origin: z.enum(['site', 'headoffice']),
  version: z.int(),
  updatedAt: epochMs,
  updatedBy: z.string(),
});
export type StoredAccessRecord = z.infer<typeof storedAccessRecordSchema>;

export const evidenceSchema = z.strictObject({
  id: z.int(),
  laneId: z.string(),
  stage: z.enum(['entry', 'exit']),
  capturedAt: epochMs,
  hasPlate: z.boolean(),
  purged: z.boolean(),
});
export type EvidenceView = z.infer<typeof evidenceSchema>;

/** The smallest region of interest, per side, as a share of the picture: a plate needs a few dozen pixels to read. */
export const MIN_ROI_SIDE = 0.05;
const share = (side: string) => z.number({ error: `${side}: a share of the picture, 0 to 1` }).min(0, `${side}: not below 0 (the picture's edge)`).max(1, `${side}: at most 1 (the whole picture)`);

/**
 * A lane's region of interest: the part of its camera's picture where the lane's plates appear, from the picture's
 * top-left, in shares of its width and height (so it holds whatever resolution the camera sends). The reader looks
 * for plates there only: a sign, a passing car or the next lane's car never competes with the car in the lane.
 */
export const laneRoiSchema = z
  .strictObject({
    x: share('left'),
    y: share('top'),
    width: share('width').min(MIN_ROI_SIDE, `width: at least ${MIN_ROI_SIDE * 100}% of the picture`),
    height: share('height').min(MIN_ROI_SIDE, `height: at least ${MIN_ROI_SIDE * 100}% of the picture`),
  })
  .refine((r) => r.x + r.width <= 1 + 1e-9, { path: ['width'], message: 'the region ends inside the picture: left + width at most 100%' })
  .refine((r) => r.y + r.height <= 1 + 1e-9, { path: ['height'], message: 'the region ends inside the picture: top + height at most 100%' });
export type LaneRoi = z.infer<typeof laneRoiSchema>;

export const laneSettingsSchema = z.strictObject({
  laneId: id,
  mode: z.enum(LANE_MODES),
  minConfidence: z.number().min(0).max(1),
  relayBoard: id.nullable(),
  pulseMs: z.int().min(50).max(10_000),
  loopInput: z.int().min(0).max(63).nullable(),
  barrierInput: z.int().min(0).max(63).nullable(),
  camera: id.nullable(),
  terminal: id.nullable(),
  /** The class a car nothing else classifies is given here (a motorcycle lane); null: the site's first class. */
  defaultVehicleClass: z.string().regex(/^[a-z]+$/, 'a vehicle class id is lower-case letters').nullable().default(null),
  /** Where in the camera's picture the lane's plates appear; null: the whole picture. */
  roi: laneRoiSchema.nullable().default(null),
});
/** One lane's reader over a period, from the corrections people made (lanes/reader-report.ts). */
const laneReaderFiguresSchema = z.strictObject({
  laneId: id,
  name: z.string(),
  direction: z.enum(['entry', 'exit']),
  minConfidence: z.number(),
  readDecisions: z.int(),
  correctedAtLane: z.int(),
  fixedOnSession: z.int(),
  correctedDespiteSureRead: z.int(),
  readRight: z.number().nullable(),
  /**
   * What each threshold (50% to 99%) would have bought on the lane's own reads over the period: the share trusted and
   * the trusted reads found wrong later, per 1,000 cars; with how many reads that rests on. Null without a read with a
   * confidence (an exit lane: exits keep none).
   */
  history: z
    .strictObject({
      reads: z.int(),
      thresholds: z.array(z.strictObject({ threshold: z.number(), trusted: z.number(), wrongPerThousand: z.number() })),
    })
    .nullable(),
});
/**
 * What a lane threshold means for the shipped plate reader, from its calibration (`alpr calibrate` on the validation
 * photos): per threshold from 0.50 to 0.99, the share of reads trusted and the share of trusted reads that were wrong.
 */
const readerCalibrationSchema = z.strictObject({
  fittedOn: z.string(),
  thresholds: z.array(z.strictObject({ threshold: z.number(), trusted: z.number(), wrongOfTrusted: z.number() })),
});
export const deviceConfigSchema = z.strictObject({ id, kind: z.enum(['relay', 'camera', 'terminal']), config: z.record(z.string(), z.unknown()) });
const serialPortSchema = z.strictObject({
  path: z.string(),
  manufacturer: z.string().nullable(),
  serialNumber: z.string().nullable(),
  vendorId: z.string().nullable(),
  productId: z.string().nullable(),
});

const jpeg = z.strictObject({ jpegBase64: z.string(), at: epochMs, box: box.nullable() });

export const laneCalls = {
  'lanes.list': call(none, z.strictObject({ lanes: z.array(laneViewSchema) }), 'attendant'),
  'lanes.frame': call(z.strictObject({ laneId: id }), z.strictObject({ frame: jpeg.nullable() }), 'attendant'),
  'lanes.command': call(
    z
      .strictObject({
        laneId: id,
        action: z.enum(LANE_ACTIONS),
        reasonCode: reasonCodeSchema,
        note: z.string().trim().max(200).default(''),
        plate: rawPlateSchema.optional(),
        sessionId: z.int().min(1).optional(),
        /** choose: a car whose entry waits in memory, by its `unrecorded.ref`. */
        unrecordedRef: z.int().min(1).optional(),
        /** The car the console was looking at (the lane view's `car`); needed for an action on a car, and for an open while one waits. */
        car: z.int().min(1).optional(),
      })
      .refine((c) => c.reasonCode !== 'other' || c.note.length >= 3, { path: ['note'], message: 'say what happened (at least 3 characters) when the reason is "other"' })
      .refine((c) => c.action !== 'correct' || c.plate !== undefined, { path: ['plate'], message: 'type the plate to correct the read to' })
      .refine((c) => c.action !== 'choose' || (c.sessionId === undefined) !== (c.unrecordedRef === undefined), { path: ['sessionId'], message: 'choose which session this car is' })
      .refine((c) => !CAR_ACTIONS.includes(c.action) || c.car !== undefined, { path: ['car'], message: 'say which car this is for (the lane view\'s car)' }),
    z.strictObject({ lane: laneViewSchema }),
    'attendant',
  ),
  /** The attendant has seen the lane's alarms and dealt with them: the tile clears, the audit keeps them. */
  'lanes.ackAlarms': call(z.strictObject({ laneId: id, note: z.string().trim().max(200).default('') }), z.strictObject({ lane: laneViewSchema }), 'attendant'),
  'lanes.setMode': call(
    z.strictObject({ laneId: id, mode: z.enum(LANE_MODES), minConfidence: z.number().min(0).max(1).optional(), reason }),
    z.strictObject({ lane: laneViewSchema }),
    'supervisor',
  ),
  'lanes.schedules': call(z.strictObject({ laneId: id }), z.strictObject({ schedules: z.array(laneScheduleSchema) }), 'attendant'),
  'lanes.saveSchedules': call(z.strictObject({ laneId: id, schedules: z.array(laneScheduleSchema).max(50), reason }), z.strictObject({ lane: laneViewSchema }), 'supervisor'),
  'lanes.readerReport': call(
    z.strictObject({ days: z.int().min(1).max(90).default(7) }),
    z.strictObject({ since: epochMs, lanes: z.array(laneReaderFiguresSchema), calibration: readerCalibrationSchema.nullable() }),
    'supervisor',
  ),
  'lanes.resetAntiPassback': call(z.strictObject({ plate: rawPlateSchema, reason }), ok, 'supervisor'),

  'access.list': call(
    z.strictObject({ kinds: z.array(accessKindSchema).min(1).default([...ACCESS_KINDS]), plate: z.string().trim().max(16).optional(), limit: z.int().min(1).max(500).default(200) }),
    z.strictObject({ records: z.array(storedAccessRecordSchema) }),
    'attendant',
  ),
  'access.save': call(z.strictObject({ record: accessRecordSchema, reason }), z.strictObject({ record: storedAccessRecordSchema }), 'supervisor'),
  'access.remove': call(z.strictObject({ kind: accessKindSchema, id, reason }), ok, 'supervisor'),

  'devices.ports': call(none, z.strictObject({ ports: z.array(serialPortSchema) }), 'admin'),
  /** Each built-in Modbus board's register map at its full channel count: where the Devices screen's map table starts from. */
  'devices.modbusMaps': call(none, z.strictObject({ maps: z.array(z.strictObject({ profile: z.string(), maxChannels: z.int(), map: z.record(z.string(), z.unknown()) })) }), 'admin'),
  'devices.configs': call(none, z.strictObject({ devices: z.array(deviceConfigSchema), lanes: z.array(laneSettingsSchema) }), 'admin'),
  'devices.save': call(z.strictObject({ device: deviceConfigSchema, reason }), z.strictObject({ device: deviceConfigSchema }), 'admin'),
  'lanes.saveSettings': call(z.strictObject({ settings: laneSettingsSchema, reason }), z.strictObject({ lane: laneViewSchema }), 'admin'),

  'evidence.list': call(z.strictObject({ sessionId: z.int().min(1) }), z.strictObject({ evidence: z.array(evidenceSchema) }), 'attendant'),
  'evidence.image': call(
    z.strictObject({ evidenceId: z.int().min(1), which: z.enum(['frame', 'plate']) }),
    z.strictObject({ jpegBase64: z.string().nullable() }),
    'attendant',
  ),
} as const;

export const laneEvents = {
  'lanes.changed': z.strictObject({ lane: laneViewSchema }),
  /** A permit, list entry or reservation was saved or removed, here or by head office (after it committed). */
  'access.changed': z.strictObject({ kind: accessKindSchema, id: z.string(), origin: z.enum(['site', 'headoffice']) }),
} as const;
