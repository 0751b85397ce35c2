/**
 * A permit's hours as one line an attendant can read and a supervisor can type: "mon-fri 07:00-19:00; sat 08:00-12:00".
 * Windows are separated by ";", days by "," with "a-b" for a run of days. The kiosk checks the windows again.
 */
import type { Permit } from '../api/lane-types';

type HoursWindow = Permit['hours'][number];
type Day = HoursWindow['days'][number];

const DAYS: readonly Day[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const WINDOW = /^([a-z,\-\s]+?)\s+(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})$/;

function dayIndex(text: string): number {
  return DAYS.indexOf(text.trim() as Day);
}

function parseDays(text: string): Day[] | null {
  const days: Day[] = [];
  for (const token of text.split(',')) {
    const [from = -1, to = from] = token.split('-').map(dayIndex);
    if (from < 0 || to < from) return null;
    days.push(...DAYS.slice(from, to + 1));
  }
  return days.length ? [...new Set(days)] : null;
}

/** The windows in `text`, [] for an empty text (any time), null when it cannot be read. */
export function parseHours(text: string): HoursWindow[] | null {
  const windows: HoursWindow[] = [];
  for (const part of text.toLowerCase().split(';').map((s) => s.trim()).filter(Boolean)) {
    const m = WINDOW.exec(part);
    const days = m ? parseDays(m[1]!) : null;
    if (!m || !days) return null;
    windows.push({ days, from: m[2]!, to: m[3]! });
  }
  return windows;
}

/** Runs of consecutive days as "mon-fri", single days alone: "mon-wed,sat". */
function formatDays(days: readonly Day[]): string {
  const indexes = [...new Set(days.map((d) => DAYS.indexOf(d)))].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < indexes.length; ) {
    let j = i;
    while (indexes[j + 1] === indexes[j]! + 1) j++;
    runs.push(j > i ? `${DAYS[indexes[i]!]}-${DAYS[indexes[j]!]}` : DAYS[indexes[i]!]!);
    i = j + 1;
  }
  return runs.join(',');
}

export function formatHours(windows: readonly HoursWindow[]): string {
  return windows.map((w) => `${formatDays(w.days)} ${w.from}-${w.to}`).join('; ');
}
