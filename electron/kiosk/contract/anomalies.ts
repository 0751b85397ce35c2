/**
 * Anomalies (issue 16): what looked wrong in the lot, raised as it happens (a car inside twice, a barrier that
 * opened for nobody, a reader that stopped trusting its reads...) and listed for a supervisor to acknowledge with a
 * note, audited and sent to head office. The detectors are electron/kiosk/domain/anomalies.ts.
 */
import { z } from 'zod';
import { ANOMALY_KINDS } from '../domain/anomalies';
import { call, epochMs } from './define';

export { ANOMALY_KINDS };
export const anomalyKindSchema = z.enum(ANOMALY_KINDS);
export type AnomalyKindName = z.infer<typeof anomalyKindSchema>;

export const anomalySchema = z.strictObject({
  id: z.int(),
  kind: anomalyKindSchema,
  at: epochMs,
  subject: z.string(),
  laneId: z.string().nullable(),
  actor: z.string().nullable(),
  text: z.string(),
  detail: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
  raisedAt: epochMs,
  acknowledgedAt: epochMs.nullable(),
  acknowledgedBy: z.string().nullable(),
  note: z.string().nullable(),
});
export type Anomaly = z.infer<typeof anomalySchema>;

export const anomalyCalls = {
  /** Newest first; `open` only the ones nobody acknowledged yet. */
  'anomalies.list': call(
    z.strictObject({ status: z.enum(['open', 'all']).default('open'), limit: z.int().min(1).max(500).default(100) }),
    z.strictObject({ anomalies: z.array(anomalySchema), open: z.int() }),
    'supervisor',
  ),
  'anomalies.acknowledge': call(
    z.strictObject({ id: z.int().min(1), note: z.string().trim().min(3, 'say what was found or done (at least 3 characters)').max(500) }),
    z.strictObject({ anomaly: anomalySchema }),
    'supervisor',
  ),
} as const;

export const anomalyEvents = {
  /** A new anomaly was raised, or one was acknowledged; `open` is how many wait for acknowledgement. */
  'anomalies.changed': z.strictObject({ anomaly: anomalySchema, open: z.int() }),
} as const;
