/**
 * The record of the clock guard's jumps (clock-guard.ts), which must outlive the process: a stay that began before a
 * jump is priced with it taken out after a kill or a restart too. A jump is audited (`clock.jumped`); on a full disk
 * the audit row waits in memory with the other held writes (disk/unrecorded.ts) and is written once space returns.
 * So that a kill meanwhile does not forget it, each jump not yet audited is also kept in a small journal file whose
 * blocks are reserved at start: overwriting them needs no new space, so it is written on a full disk too. At the next
 * start the journal's jumps that no audit row holds are alarmed and recorded again, and a wall clock that reads
 * earlier than the newest record is taken as a jump back while the kiosk was stopped.
 */
import { closeSync, fdatasyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { describeJump, type ClockGuard, type ClockJump } from './clock-guard';
import { audit, type Core } from './core';
import { isDiskFull } from './disk/unrecorded';
import type { Logger } from './log';

export const CLOCK_JOURNAL = 'clock-jumps.journal';
/** The journal's reserved size: about eighty jumps; more (all unaudited at once) are added together per stay range. */
const JOURNAL_BYTES = 8 * 1024;
/**
 * How much earlier than the newest record the clock may read at start before it is taken as set back: less is no
 * price (stays are priced by the minute) and is what two processes' clocks differ by (NTP still slewing after a boot).
 */
const SET_BACK_AT_START_MS = 60_000;

/** A clock jump as it is audited and journaled. */
const CLOCK_JUMP = z.object({ at: z.number(), jumpMs: z.number(), lastSessionId: z.number().int() });
const JOURNAL = z.array(CLOCK_JUMP);

type Seen = Pick<ClockJump, 'at' | 'jumpMs'>;
const sameJump = (a: Seen, b: Seen) => a.at === b.at && a.jumpMs === b.jumpMs;

/** The journal's jumps that no audit row holds: lost with the process that saw them. */
export function lostClockJumps(audited: readonly Seen[], journaled: readonly ClockJump[]): ClockJump[] {
  return journaled.filter((jump) => !audited.some((row) => sameJump(row, jump)));
}

/** The jumps a journal holds (none when it is missing or unreadable): the fault campaign reads it before a life starts. */
export function readClockJournal(dataDir: string): ClockJump[] {
  try {
    return JOURNAL.parse(JSON.parse(readFileSync(join(dataDir, CLOCK_JOURNAL), 'utf8')));
  } catch {
    return [];
  }
}

export class ClockJumps {
  /** Seen but not yet audited, as the journal holds them. */
  private unaudited: ClockJump[];
  private readonly file: string;

  constructor(
    private readonly core: Core,
    dataDir: string,
  ) {
    this.file = join(dataDir, CLOCK_JOURNAL);
    this.unaudited = readClockJournal(dataDir);
    this.persist();
  }

  /**
   * At start, before any stay is priced: the audited jumps of stays still inside, the journal's jumps lost with the
   * last process, and a clock set back while the kiosk was stopped. Forgotten, a jump would price a stay across it
   * after a restart: a card payment reconciled at start-up charged two hours nobody parked.
   */
  restore(guard: ClockGuard): void {
    const audited = this.core.store.audit.detailsOf('clock.jumped').map((detail) => CLOCK_JUMP.parse(detail));
    const oldestInside = this.core.store.sessions.inside().reduce((oldest, vehicle) => Math.min(oldest, vehicle.id), Infinity);
    guard.restore(audited.filter((jump) => jump.lastSessionId >= oldestInside));
    const lost = lostClockJumps(audited, this.unaudited);
    this.unaudited = lost;
    // Nothing was recorded after a lost jump (the disk stayed full): the clock should read at least the newest record
    // moved by them (read before their own rows are written).
    const newest = this.core.store.outbox.newestAt();
    const expected = newest === null ? null : newest + lost.reduce((sum, jump) => sum + jump.jumpMs, 0);
    for (const jump of lost) guard.recover(jump, 'seen before the last stop, not recorded then: the disk was full');
    const now = this.core.now();
    if (expected !== null && now < expected - SET_BACK_AT_START_MS) {
      guard.recover({ at: now, jumpMs: now - expected, lastSessionId: this.core.store.sessions.lastId() }, `it reads earlier than the newest record, ${new Date(expected).toISOString()}`);
    }
  }

  /**
   * Journals the jump, then audits it, now or once the disk has room; `settled` hears which stays began before it
   * (those recorded by the time its row is written). Never throws: a jump must not fail the check that saw it.
   */
  record(jump: ClockJump, settled: (lastSessionId: number) => void): void {
    const { core } = this;
    if (!this.unaudited.some((kept) => sameJump(kept, jump))) this.unaudited.push(jump);
    this.persist();
    try {
      core.unrecorded.attempt(`clock jump ${describeJump(jump)}`, () => {
        const lastSessionId = Math.max(jump.lastSessionId, core.store.sessions.lastId());
        core.store.change(() => audit(core, { actor: 'kiosk', action: 'clock.jumped', subject: 'clock', detail: { ...jump, lastSessionId }, at: jump.at }));
        settled(lastSessionId);
        this.unaudited = this.unaudited.filter((kept) => !sameJump(kept, jump));
        this.persist();
      });
    } catch (error) {
      core.log.error({ err: error, jump }, 'clock jump not audited');
    }
    core.log.warn({ jump }, `wall clock jumped ${jump.jumpMs} ms`);
    core.bus.log({ at: jump.at, kind: 'clock', text: `The clock jumped ${Math.round(jump.jumpMs / 60_000)} min: stays in progress are priced from their own durations`, sessionId: null });
  }

  /** The unaudited jumps over the reserved blocks, in place; padded with spaces so the file never grows or shrinks. */
  private persist(): void {
    const bytes = Buffer.alloc(JOURNAL_BYTES, ' ');
    bytes.write(fitted(this.unaudited, this.core.log));
    try {
      const fd = openJournal(this.file);
      try {
        writeSync(fd, bytes, 0, bytes.length, 0);
        fdatasyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      this.core.log.error({ err: error, diskFull: isDiskFull(error) }, 'clock journal not written');
    }
  }
}

/** An existing journal is overwritten in place; a fresh one takes its blocks now (at start, while there is room). */
function openJournal(file: string): number {
  try {
    return openSync(file, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return openSync(file, 'w', 0o600);
  }
}

/** The jumps as JSON within the reserved size: jumps of the same stays are added together when there are too many. */
function fitted(jumps: readonly ClockJump[], log: Logger): string {
  const json = JSON.stringify(jumps);
  if (json.length <= JOURNAL_BYTES) return json;
  const merged = new Map<number, ClockJump>();
  for (const jump of jumps) {
    const earlier = merged.get(jump.lastSessionId);
    merged.set(jump.lastSessionId, earlier ? { at: jump.at, jumpMs: earlier.jumpMs + jump.jumpMs, lastSessionId: jump.lastSessionId } : jump);
  }
  const kept = [...merged.values()];
  while (JSON.stringify(kept).length > JOURNAL_BYTES) kept.shift();
  log.warn({ jumps: jumps.length, kept: kept.length }, 'clock journal full: jumps of the same stays added together');
  return JSON.stringify(kept);
}
