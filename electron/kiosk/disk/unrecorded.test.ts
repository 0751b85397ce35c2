import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../events';
import { isDiskFull, UnrecordedWrites } from './unrecorded';

/** better-sqlite3's error for a full disk carries this code (the real one is met on a tmpfs in disk-full.test.ts). */
const diskFull = () => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });

function keeper() {
  const bus = new EventBus();
  const events: string[] = [];
  bus.subscribe((name, payload) => name === 'event.logged' && events.push((payload as { text: string }).text));
  return { writes: new UnrecordedWrites(() => 1_000, pino({ level: 'silent' }), bus), events };
}

describe('UnrecordedWrites', () => {
  it('writes at once while there is room', () => {
    const { writes } = keeper();
    const done: string[] = [];
    expect(writes.attempt('entry A', () => done.push('A'))).toBe(true);
    expect(done).toEqual(['A']);
    expect(writes.list()).toEqual([]);
  });

  it('keeps what meets a full disk, and what comes after it, and writes them in order once there is room', () => {
    const { writes, events } = keeper();
    let full = true;
    const done: string[] = [];
    const write = (name: string) => () => {
      if (full) throw diskFull();
      done.push(name);
    };
    expect(writes.attempt('entry A', write('A'))).toBe(false);
    // B would fit on its own (say, a smaller row), but must not be written before A.
    expect(writes.attempt('exit B', () => done.push('B'))).toBe(false);
    expect(writes.list()).toEqual([{ at: 1_000, what: 'entry A' }, { at: 1_000, what: 'exit B' }]);
    expect(events).toEqual(['Disk full: not recorded yet: entry A', 'Disk full: not recorded yet: exit B']);
    expect(writes.flush()).toBe(0);
    full = false;
    expect(writes.flush()).toBe(2);
    expect(done).toEqual(['A', 'B']);
    expect(writes.list()).toEqual([]);
  });

  it('lets any other error through, and names a kept record that can no longer be written instead of retrying it for ever', () => {
    const { writes, events } = keeper();
    expect(() => writes.attempt('bad', () => {
      throw new Error('constraint failed');
    })).toThrow('constraint failed');
    let fail: Error = diskFull();
    writes.attempt('exit of session 7', () => {
      throw fail;
    });
    fail = new Error('session 7 has already left the lot');
    expect(writes.flush()).toBe(1);
    expect(writes.list()).toEqual([]);
    expect(events.at(-1)).toBe('Could not record (after the disk was full): exit of session 7');
  });

  it('knows a full disk by SQLite\'s code and by ENOSPC', () => {
    expect(isDiskFull(diskFull())).toBe(true);
    expect(isDiskFull(Object.assign(new Error('no space'), { code: 'ENOSPC' }))).toBe(true);
    expect(isDiskFull(new Error('other'))).toBe(false);
    expect(isDiskFull(null)).toBe(false);
  });
});
