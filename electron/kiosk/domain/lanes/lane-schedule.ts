/**
 * Lane modes on a schedule: a gate closed at night, an exit in free-flow after the evening's event. A window is a
 * span of local site time on some weekdays (from < to; an overnight window is two windows, as for permits).
 * Where windows overlap, the strictest mode wins: closed over free-flow over confirm-every-car, since a closed
 * gate is a safety matter and free-flow only a convenience.
 */
import { z } from 'zod';
import { WEEKDAYS, minutesOfDay } from '../tariff-rules';
import type { LocalDateTime } from '../zoned-time';
import { permitHoursSchema } from './access-rules';
import type { LaneMode } from './lane-policy';

export const SCHEDULED_MODES = ['closed', 'free-flow', 'attendant-confirms-every-car'] as const;
export type ScheduledMode = (typeof SCHEDULED_MODES)[number];

export const laneScheduleSchema = z.strictObject({
  mode: z.enum(SCHEDULED_MODES),
  window: permitHoursSchema,
  note: z.string().trim().max(200).default(''),
});
export type LaneSchedule = z.output<typeof laneScheduleSchema>;

const STRICTNESS: Record<ScheduledMode, number> = { closed: 3, 'free-flow': 2, 'attendant-confirms-every-car': 1 };

/** The mode the schedule puts the lane in at this local time, or null: the lane runs in its own mode. */
export function scheduledMode(schedules: readonly LaneSchedule[], local: LocalDateTime): ScheduledMode | null {
  const day = WEEKDAYS[local.weekday - 1]!;
  const minute = local.hour * 60 + local.minute;
  const active = schedules.filter(({ window }) => window.days.includes(day) && minutesOfDay(window.from) <= minute && minute < minutesOfDay(window.to));
  return active.map((s) => s.mode).sort((a, b) => STRICTNESS[b] - STRICTNESS[a])[0] ?? null;
}

/** The mode a lane runs in: the schedule's while a window is open, else its own. */
export function effectiveMode(own: LaneMode, schedules: readonly LaneSchedule[], local: LocalDateTime): LaneMode {
  return scheduledMode(schedules, local) ?? own;
}
