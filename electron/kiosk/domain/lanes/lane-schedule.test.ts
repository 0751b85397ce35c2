import { describe, expect, it } from 'vitest';
import { localDateTime } from '../zoned-time';
import { effectiveMode, laneScheduleSchema, scheduledMode } from './lane-schedule';

const at = (iso: string) => localDateTime('Europe/London', Date.parse(iso));
const window = (days: string[], from: string, to: string) => ({ days, from, to });
const nightsClosed = [
  laneScheduleSchema.parse({ mode: 'closed', window: window(['mon', 'tue', 'wed', 'thu', 'fri'], '22:00', '24:00') }),
  laneScheduleSchema.parse({ mode: 'closed', window: window(['tue', 'wed', 'thu', 'fri', 'sat'], '00:00', '06:00') }),
];

describe('lane schedules', () => {
  it('closes a lane inside its windows, in the site time zone, and leaves it alone outside them', () => {
    expect(scheduledMode(nightsClosed, at('2026-11-23T22:30:00Z'))).toBe('closed'); // Monday 22:30 GMT
    expect(scheduledMode(nightsClosed, at('2026-11-24T05:59:00Z'))).toBe('closed'); // Tuesday 05:59
    expect(scheduledMode(nightsClosed, at('2026-11-24T06:00:00Z'))).toBeNull();
    expect(scheduledMode(nightsClosed, at('2026-11-22T23:00:00Z'))).toBeNull(); // Sunday night: no window
    // Summer time: 21:30 UTC is 22:30 in London.
    expect(scheduledMode(nightsClosed, at('2026-07-06T21:30:00Z'))).toBe('closed');
  });

  it('lets the strictest of overlapping windows win, and falls back to the lane mode', () => {
    const eventNight = [...nightsClosed, laneScheduleSchema.parse({ mode: 'free-flow', window: window(['mon'], '21:00', '23:00') })];
    expect(scheduledMode(eventNight, at('2026-11-23T21:30:00Z'))).toBe('free-flow');
    expect(scheduledMode(eventNight, at('2026-11-23T22:30:00Z'))).toBe('closed');
    expect(effectiveMode('attendant-confirms-every-car', eventNight, at('2026-11-23T12:00:00Z'))).toBe('attendant-confirms-every-car');
  });

  it('refuses a window that runs backwards or a mode a schedule may not set', () => {
    expect(laneScheduleSchema.safeParse({ mode: 'closed', window: window(['mon'], '22:00', '06:00') }).success).toBe(false);
    expect(laneScheduleSchema.safeParse({ mode: 'normal', window: window(['mon'], '01:00', '02:00') }).success).toBe(false);
  });
});
