import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test/support/temp-dir';
import { countDuplicateOutboxKeys } from './outbox-repo';
import { openStore, type Store } from './store';

const tempDir = useTempDirs();
const HOUR = 3_600_000;
const DAY0 = Date.UTC(2026, 10, 20); // a day in whole UTC hours; site days are checked in zoned-time tests
let store: Store;

afterEach(async () => store.close());

function openAt(): Store {
  store = openStore(join(tempDir(), 'lotkeeper.db'), { now: 0 });
  return store;
}

const add = (key: string, at: number) => store.change(() => store.outbox.append('test', key, { key }, at));
const keysOf = (from: number, to: number, maxSeq = Number.MAX_SAFE_INTEGER) => store.outbox.keysCreatedBetween(from, to, maxSeq).map((row) => row.key);

describe('OutboxRepo', () => {
  it("finds a day's rows alike before, while and after the hours are indexed, and only up to maxSeq", () => {
    openAt();
    add('day0-a', DAY0 + 1 * HOUR);
    add('day0-b', DAY0 + 23 * HOUR + 59 * 60_000);
    add('day1-a', DAY0 + 24 * HOUR);
    add('day1-b', DAY0 + 30 * HOUR);
    const day0 = () => keysOf(DAY0, DAY0 + 24 * HOUR);
    expect(day0()).toEqual(['day0-a', 'day0-b']);
    store.outbox.indexThrough(3); // day0-a, day0-b and day1-a indexed; day1-b not yet
    expect(day0()).toEqual(['day0-a', 'day0-b']);
    expect(keysOf(DAY0 + 24 * HOUR, DAY0 + 48 * HOUR)).toEqual(['day1-a', 'day1-b']);
    store.outbox.indexThrough(4);
    store.outbox.indexThrough(4); // again: nothing changes
    expect(keysOf(DAY0 + 24 * HOUR, DAY0 + 48 * HOUR)).toEqual(['day1-a', 'day1-b']);
    expect(keysOf(DAY0 + 24 * HOUR, DAY0 + 48 * HOUR, 3)).toEqual(['day1-a']);
    // A day that starts inside an hour (a half-hour time zone): the hour's other rows are filtered out by created_at.
    expect(keysOf(DAY0 + 30 * 60_000, DAY0 + 24 * HOUR + 30 * 60_000)).toEqual(['day0-a', 'day0-b', 'day1-a']);
    expect(store.db.prepare('SELECT hour, first_seq, last_seq FROM outbox_hours ORDER BY hour').all()).toEqual([
      { hour: DAY0 / HOUR + 1, first_seq: 1, last_seq: 1 },
      { hour: DAY0 / HOUR + 23, first_seq: 2, last_seq: 2 },
      { hour: DAY0 / HOUR + 24, first_seq: 3, last_seq: 3 },
      { hour: DAY0 / HOUR + 30, first_seq: 4, last_seq: 4 },
    ]);
  });

  it('still finds every row of a day after the clock jumped back into it', () => {
    openAt();
    add('day0-a', DAY0 + 10 * HOUR);
    add('day1-a', DAY0 + 30 * HOUR);
    add('day0-late', DAY0 + 10 * HOUR + 5); // the clock was set back a day: same hour as day0-a, far later in seq
    add('day1-b', DAY0 + 31 * HOUR);
    store.outbox.indexThrough(4);
    expect(keysOf(DAY0, DAY0 + 24 * HOUR)).toEqual(['day0-a', 'day0-late']);
    expect(store.outbox.createdBetween(DAY0, DAY0 + 24 * HOUR, 4).map((row) => [row.seq, row.kind, JSON.parse(row.payload)])).toEqual([
      [1, 'test', { key: 'day0-a' }],
      [3, 'test', { key: 'day0-late' }],
    ]);
  });

  it('names an occurrence with its own seq, so two alike in one millisecond are two changes for head office', () => {
    openAt();
    add('session:1:opened', DAY0);
    store.change(() => store.outbox.appendEvent('alarm', 'alarm:in1:barrier_stuck', {}, DAY0));
    store.change(() => store.outbox.appendEvent('alarm', 'alarm:in1:barrier_stuck', {}, DAY0));
    expect(store.outbox.after(0, 10).map((row) => row.key)).toEqual(['session:1:opened', 'alarm:in1:barrier_stuck:2', 'alarm:in1:barrier_stuck:3']);
    expect(countDuplicateOutboxKeys(store.db)).toBe(0);
    add('session:1:opened', DAY0); // a naming bug: db check reports it
    expect(countDuplicateOutboxKeys(store.db)).toBe(1);
  });

  it('gives back the seq of a rolled-back change and never reuses one that committed', () => {
    openAt();
    add('a', DAY0);
    expect(() =>
      store.change(() => {
        store.outbox.appendEvent('alarm', 'x', {}, DAY0);
        throw new Error('the change failed');
      }),
    ).toThrow('the change failed');
    add('b', DAY0);
    expect(store.outbox.after(0, 10).map((row) => [row.seq, row.key])).toEqual([[1, 'a'], [2, 'b']]);
    expect(store.outbox.lastSeq()).toBe(2);
  });
});
