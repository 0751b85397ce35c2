import { describe, expect, it } from 'vitest';
import { rowAfterArrow } from './rows';

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
