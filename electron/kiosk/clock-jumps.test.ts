import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/support/temp-dir';
import { CLOCK_JOURNAL, ClockJumps, lostClockJumps, readClockJournal } from './clock-jumps';
import { createCore } from './core';
import { openStore } from './store/store';

const tempDir = useTempDirs();
const HOUR = 3_600_000;

/** A kiosk's core whose disk is full: every write waits in memory behind one that keeps failing. */
function fullDisk(dataDir: string) {
  const store = openStore(join(dataDir, 'lotkeeper.db'), { now: 0 });
  const core = createCore(store, () => 0, pino({ level: 'silent' }));
  core.unrecorded.attempt('a write the full disk refuses', () => {
    throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
  });
  return { core, close: () => store.db.close() };
}

describe('ClockJumps journal', () => {
  it('keeps each jump not yet audited in a file of fixed size, so a kill on a full disk does not lose it', () => {
    const dataDir = tempDir();
    const { core, close } = fullDisk(dataDir);
    const jumps = new ClockJumps(core, dataDir);
    const size = statSync(join(dataDir, CLOCK_JOURNAL)).size;
    const jump = { at: 2 * HOUR, jumpMs: 2 * HOUR, lastSessionId: 3 };
    jumps.record(jump, () => undefined);
    expect(readClockJournal(dataDir)).toEqual([jump]);
    expect(statSync(join(dataDir, CLOCK_JOURNAL)).size).toBe(size);
    expect(lostClockJumps([], readClockJournal(dataDir))).toEqual([jump]);
    expect(lostClockJumps([{ at: jump.at, jumpMs: jump.jumpMs }], readClockJournal(dataDir))).toEqual([]);
    close();
  });

  it('adds together the jumps of the same stays when more wait than the file holds, keeping their sum', () => {
    const dataDir = tempDir();
    const { core, close } = fullDisk(dataDir);
    const jumps = new ClockJumps(core, dataDir);
    // A clock stepping back and forth every few seconds on a full disk: far more than the file's eighty or so.
    for (let n = 1; n <= 300; n++) jumps.record({ at: n * 10_000, jumpMs: n % 2 === 0 ? HOUR : -HOUR / 2, lastSessionId: n <= 150 ? 7 : 8 }, () => undefined);
    const kept = readClockJournal(dataDir);
    expect(kept.map((jump) => jump.lastSessionId)).toEqual([7, 8]);
    expect(kept.map((jump) => jump.jumpMs)).toEqual([75 * HOUR - 75 * (HOUR / 2), 75 * HOUR - 75 * (HOUR / 2)]);
    expect(kept.at(-1)!.at).toBe(300 * 10_000);
    close();
  });

  it('reads a missing or damaged journal as holding nothing', () => {
    expect(readClockJournal(tempDir())).toEqual([]);
    const damaged = tempDir();
    writeFileSync(join(damaged, CLOCK_JOURNAL), '[{"at":1,"jumpMs":');
    expect(readClockJournal(damaged)).toEqual([]);
  });
});
