import { describe, expect, it } from 'vitest';
import { listKeys, rowAfterArrow } from './rows';

const rows = [{ id: 7 }, { id: 3 }, { id: 9 }];

describe('rowAfterArrow', () => {
  it('moves down and up through the rows and stops at either end', () => {
    expect(rowAfterArrow('ArrowDown', rows, null)).toEqual({ id: 7 });
    expect(rowAfterArrow('ArrowDown', rows, 7)).toEqual({ id: 3 });
    expect(rowAfterArrow('ArrowDown', rows, 9)).toBeUndefined();
    expect(rowAfterArrow('ArrowUp', rows, 3)).toEqual({ id: 7 });
    expect(rowAfterArrow('ArrowUp', rows, 7)).toEqual({ id: 7 });
  });

  it('ignores every other key', () => {
    expect(rowAfterArrow('Enter', rows, 7)).toBeUndefined();
  });
});

describe('listKeys', () => {
  const press = (key: string, picked: number | null) => {
    const seen: string[] = [];
    const event = { key, preventDefault: () => seen.push('prevented') };
    listKeys(rows, picked, (id) => seen.push(`pick ${id}`), (row) => seen.push(`enter ${row.id}`))(event);
    return seen;
  };

  it('picks with the arrows and acts on the picked row with Enter, leaving other keys alone', () => {
    expect(press('ArrowDown', null)).toEqual(['prevented', 'pick 7']);
    expect(press('ArrowUp', 9)).toEqual(['prevented', 'pick 3']);
    expect(press('Enter', 3)).toEqual(['prevented', 'enter 3']);
    expect(press('Enter', null)).toEqual([]);
    expect(press('a', 3)).toEqual([]);
  });
});
