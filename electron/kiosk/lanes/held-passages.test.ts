import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Core } from '../core';
import { UnrecordedWrites } from '../disk/unrecorded';
import { EventBus } from '../events';
import { HeldPassages } from './held-passages';

/** better-sqlite3's error for a full disk carries this code (the real one is met on a tmpfs in disk-full.test.ts). */
const diskFull = () => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });

/** A disk that is full until `room()`, and a sessions table of rows written so far (ids from 1). */
function lanes() {
  const unrecorded = new UnrecordedWrites(() => 1_000, pino({ level: 'silent' }), new EventBus());
  const rows = new Map<number, { plateKey: string; zoneId: string; spaceType: string; vehicleClass: string; entryAt: number; open: boolean }>();
  const state = { full: false };
  const core = { unrecorded, store: { sessions: { require: (id: number) => rows.get(id)! } } } as unknown as Core;
  const held = new HeldPassages(core);
  const car = (plateKey: string, zoneId = 'ground') => ({ plateKey, zoneId, spaceType: 'regular', vehicleClass: 'car', entryAt: 1_000, laneId: 'in1', passback: true });
  const enter = (plateKey: string, zoneId = 'ground') =>
    held.enter(`entry of ${plateKey}`, car(plateKey, zoneId), () => {
      if (state.full) throw diskFull();
      const id = rows.size + 1;
      rows.set(id, { ...car(plateKey, zoneId), open: true });
      return id;
    });
  const leave = (sessionId: number, plateKey: string, zoneId = 'ground') =>
    held.leave(`exit of ${sessionId}`, { sessionId, plateKey, zoneId, spaceType: 'regular', laneId: 'out1', passback: true }, (id) => {
      if (state.full) throw diskFull();
      rows.get(id)!.open = false;
    });
  const inside = () => held.inside([...rows].filter(([, row]) => row.open).map(([sessionId, row]) => ({ sessionId, plateKey: row.plateKey })));
  return { held, rows, state, enter, leave, inside, room: () => unrecorded.flush(), waiting: () => unrecorded.list().map((item) => item.what) };
}

describe('HeldPassages', () => {
  it('holds nothing while there is room: ids are the rows', () => {
    const { held, enter, leave, inside } = lanes();
    const id = enter('AB12CDE');
    expect(id).toBe(1);
    expect(held.antiPassback('AB12CDE')).toBeNull();
    leave(id, 'AB12CDE');
    expect(inside()).toEqual([]);
    expect(held.insideDelta(() => true)).toBe(0);
  });

  it('shows a held entry inside, by a stand-in id, and its held exit takes it out again', () => {
    const { held, state, enter, leave, inside } = lanes();
    state.full = true;
    const standIn = enter('AB12CDE');
    expect(standIn).toBeLessThan(0);
    expect(held.antiPassback('AB12CDE')).toBe('inside');
    expect(held.antiPassback('A812CDE')).toBe('inside'); // an OCR look-alike is the same plate for anti-passback
    expect(inside()).toEqual([{ sessionId: standIn, plateKey: 'AB12CDE' }]);
    expect(held.insideDelta((car) => car.zoneId === 'ground')).toBe(1);
    expect(held.insideDelta((car) => car.zoneId === 'upper')).toBe(0);
    expect(held.stay(standIn)).toMatchObject({ plateKey: 'AB12CDE', entryAt: 1_000 });

    leave(standIn, 'AB12CDE');
    expect(held.antiPassback('AB12CDE')).toBe('outside');
    expect(inside()).toEqual([]);
    expect(held.insideDelta(() => true)).toBe(0);
    expect(held.entry(standIn)).toBeUndefined();
  });

  it('counts a recorded car held leaving as out, and writes everything in order once there is room', () => {
    const { held, rows, state, enter, leave, inside, room } = lanes();
    const recorded = enter('OLD1CAR');
    state.full = true;
    leave(recorded, 'OLD1CAR');
    const standIn = enter('NEW1CAR');
    expect(inside()).toEqual([{ sessionId: standIn, plateKey: 'NEW1CAR' }]);
    expect(held.insideDelta(() => true)).toBe(0);

    // Written with room, the held exit of the held entry closes the row that entry got.
    leave(standIn, 'NEW1CAR');
    state.full = false;
    expect(room()).toBe(3);
    expect([...rows].map(([id, row]) => [id, row.plateKey, row.open])).toEqual([
      [1, 'OLD1CAR', false],
      [2, 'NEW1CAR', false],
    ]);
    expect(held.antiPassback('NEW1CAR')).toBeNull();
    expect(inside()).toEqual([]);
  });

  it('withdraws a held exit (the car is inside again) or a held entry (its stay never began) before either is written', () => {
    const { held, rows, state, enter, leave, inside, room, waiting } = lanes();
    const recorded = enter('OLD1CAR');
    state.full = true;
    leave(recorded, 'OLD1CAR');
    const standIn = enter('NEW1CAR');
    expect(held.plateOf(recorded)).toBe('OLD1CAR');
    expect(held.plateOf(standIn)).toBe('NEW1CAR');

    expect(held.withdraw(recorded, 'entry')).toEqual([]); // its entry is a row: nothing of that kind is held
    expect(held.withdraw(recorded, 'exit')).toEqual([{ kind: 'exit', laneId: 'out1' }]);
    expect(held.antiPassback('OLD1CAR')).toBeNull();
    expect(held.withdraw(standIn, 'entry')).toEqual([{ kind: 'entry', laneId: 'in1' }]);
    expect(held.withdraw(standIn, 'entry')).toEqual([]);
    expect(waiting()).toEqual([]);
    expect(inside()).toEqual([{ sessionId: recorded, plateKey: 'OLD1CAR' }]);
    expect(held.insideDelta(() => true)).toBe(0);
    expect(held.ref(standIn)).toEqual({ sessionId: null, unrecorded: null });

    state.full = false;
    expect(room()).toBe(0);
    expect([...rows].map(([id, row]) => [id, row.plateKey, row.open])).toEqual([[1, 'OLD1CAR', true]]);
  });

  it('withdraws a held entry whose car has left again together with that exit: the stay never began, nor ended', () => {
    const { held, rows, state, enter, leave, inside, room, waiting } = lanes();
    state.full = true;
    const standIn = enter('AB12CDE');
    leave(standIn, 'AB12CDE');
    const other = enter('KX70PLM');
    expect(held.withdraw(standIn, 'exit')).toEqual([{ kind: 'exit', laneId: 'out1' }]); // an exit alone, as asked: the car is inside again
    expect(inside().map((car) => car.plateKey)).toEqual(['AB12CDE', 'KX70PLM']);
    leave(standIn, 'AB12CDE');
    expect(held.withdraw(standIn, 'entry')).toEqual([{ kind: 'entry', laneId: 'in1' }, { kind: 'exit', laneId: 'out1' }]);
    expect(waiting()).toEqual(['entry of KX70PLM']);
    expect(held.antiPassback('AB12CDE')).toBeNull();
    expect(inside()).toEqual([{ sessionId: other, plateKey: 'KX70PLM' }]);
    expect(held.insideDelta(() => true)).toBe(1);
    state.full = false;
    expect(room()).toBe(1);
    expect([...rows.values()].map((row) => row.plateKey)).toEqual(['KX70PLM']);
  });

  it('does not withdraw what was written meanwhile', () => {
    const { held, state, enter, leave, room } = lanes();
    const recorded = enter('OLD1CAR');
    state.full = true;
    leave(recorded, 'OLD1CAR');
    state.full = false;
    room();
    expect(held.withdraw(recorded, 'exit')).toEqual([]);
  });

  it('sees a held entry whose row is written while its exit still waits by the row id', () => {
    const { held, state, enter, leave, inside, room } = lanes();
    state.full = true;
    const standIn = enter('AB12CDE');
    state.full = false;
    room();
    state.full = true;
    // The console still names the stand-in id it was shown: the exit finds the row written for it.
    leave(standIn, 'AB12CDE');
    expect(inside()).toEqual([]);
    expect(held.insideDelta(() => true)).toBe(-1);
    state.full = false;
    room();
    expect(inside()).toEqual([]);
  });

  it('names a held car by plate, lane and time, never by its stand-in id; once written, by its row', () => {
    const { held, state, enter, leave, room } = lanes();
    const recorded = enter('OLD1CAR');
    expect(held.ref(recorded)).toEqual({ sessionId: recorded, unrecorded: null });
    expect(held.name(recorded, 'OLD1CAR')).toBe(`session ${recorded} (OLD1CAR)`);
    state.full = true;
    const standIn = enter('AB12CDE');
    const car = { ref: -standIn, plateKey: 'AB12CDE', laneId: 'in1', since: 1_000 };
    expect(car.ref).toBeGreaterThan(0);
    expect(held.ref(standIn)).toEqual({ sessionId: null, unrecorded: car });
    expect(held.name(standIn, 'AB12CDE')).toBe('AB12CDE (its entry not yet recorded)');
    expect(held.unrecordedInside()).toEqual([car]);
    expect(held.unrecordedInside('AB12')).toEqual([car]);
    expect(held.unrecordedInside('ZZ99')).toEqual([]);
    expect(held.standIn(car.ref)).toBe(standIn);
    expect(() => held.standIn(car.ref + 5)).toThrow(/no car kept in memory/);

    leave(standIn, 'AB12CDE');
    expect(held.unrecordedInside()).toEqual([]);
    expect(() => held.standIn(car.ref)).toThrow(/no car kept in memory/);
    state.full = false;
    room();
    // Written: the id the console was shown is its row's.
    expect(held.ref(standIn)).toEqual({ sessionId: 2, unrecorded: null });
  });
});
