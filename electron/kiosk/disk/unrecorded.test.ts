import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createCore } from '../core';
import { EventBus } from '../events';
import { openStore } from '../store/store';
import { isDiskFull, UnrecordedWrites } from './unrecorded';
import { useTempDirs } from '../../../test/support/temp-dir';

const tempDir = useTempDirs();

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

  it('withdraws a write still waiting, by its function, and leaves the others in order; a written one neither waits nor is withdrawn', () => {
    const { writes } = keeper();
    let full = true;
    const done: string[] = [];
    const write = (name: string) => () => {
      if (full) throw diskFull();
      done.push(name);
    };
    const changes: number[] = [];
    writes.onChange(() => changes.push(writes.list().length));
    const [a, b, c] = [write('A'), write('B'), write('C')];
    for (const [what, fn] of [['entry A', a], ['exit B', b], ['entry C', c]] as const) writes.attempt(what, fn);
    expect([writes.waits(a), writes.waits(b)]).toEqual([true, true]);
    expect(writes.withdraw(b)).toBe(true);
    expect(writes.waits(b)).toBe(false);
    expect(writes.withdraw(b)).toBe(false);
    expect(writes.withdraw(write('A'))).toBe(false); // the same words are another write
    expect(writes.list().map((item) => item.what)).toEqual(['entry A', 'entry C']);
    expect(changes).toEqual([1, 2, 3, 2]);
    full = false;
    expect(writes.flush()).toBe(2);
    expect(done).toEqual(['A', 'C']);
    expect(writes.waits(a)).toBe(false);
    expect(writes.withdraw(a)).toBe(false);
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

describe('records kept during a full disk and the changes after them', () => {
  it('are written before any later change, so nothing done after them is recorded ahead of them', () => {
    const store = openStore(join(tempDir(), 'lotkeeper.db'), { now: 0 });
    const core = createCore(store, () => 1_000, pino({ level: 'silent' }));
    store.db.exec('CREATE TABLE happened (id INTEGER PRIMARY KEY, what TEXT NOT NULL)');
    const record = (what: string) => () => store.change(() => store.db.prepare('INSERT INTO happened (what) VALUES (?)').run(what));
    let full = true;
    core.unrecorded.attempt('manual entry of HELD1 at lane in1', () => {
      if (full) throw diskFull();
      record('held entry')();
    });
    full = false; // space is back, and the disk watch has not looked yet
    record('booth entry after it')();
    expect(store.db.prepare('SELECT what FROM happened ORDER BY id').pluck().all()).toEqual(['held entry', 'booth entry after it']);
    expect(core.unrecorded.list()).toEqual([]);
    store.db.close();
  });

  it('stay kept while the disk is still full, and the change after them is not held up', () => {
    const store = openStore(join(tempDir(), 'lotkeeper.db'), { now: 0 });
    const core = createCore(store, () => 1_000, pino({ level: 'silent' }));
    store.db.exec('CREATE TABLE happened (id INTEGER PRIMARY KEY, what TEXT NOT NULL)');
    core.unrecorded.attempt('manual entry of HELD1 at lane in1', () => {
      throw diskFull();
    });
    store.change(() => store.db.prepare('INSERT INTO happened (what) VALUES (?)').run('small write that fits'));
    expect(store.db.prepare('SELECT what FROM happened').pluck().all()).toEqual(['small write that fits']);
    expect(core.unrecorded.list()).toEqual([{ at: 1_000, what: 'manual entry of HELD1 at lane in1' }]);
    store.db.close();
  });
});
