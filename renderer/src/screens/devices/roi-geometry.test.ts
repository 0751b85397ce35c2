import { describe, expect, it } from 'vitest';
import { MIN_ROI_SIDE, moveCorner, moveRegion, regionAfterDrag, regionAfterKey, regionFromDrag, resizeRegion, shareOf, type RoiRect } from './roi-geometry';

const r: RoiRect = { x: 0.2, y: 0.3, width: 0.4, height: 0.5 };

describe('moving the region', () => {
  it('shifts it with its size kept', () => {
    expect(moveRegion(r, 0.1, -0.1)).toEqual({ x: 0.3, y: 0.2, width: 0.4, height: 0.5 });
  });
  it('stops it at every edge of the picture', () => {
    expect(moveRegion(r, -1, -1)).toEqual({ x: 0, y: 0, width: 0.4, height: 0.5 });
    expect(moveRegion(r, 1, 1)).toEqual({ x: 0.6, y: 0.5, width: 0.4, height: 0.5 });
  });
});

describe('moving a corner', () => {
  it('keeps the opposite corner where it was', () => {
    expect(moveCorner(r, 'top-left', -0.1, -0.1)).toEqual({ x: 0.1, y: 0.2, width: 0.5, height: 0.6 });
    expect(moveCorner(r, 'bottom-right', 0.1, 0.1)).toEqual({ x: 0.2, y: 0.3, width: 0.5, height: 0.6 });
    expect(moveCorner(r, 'top-right', 0.1, 0.1)).toEqual({ x: 0.2, y: 0.4, width: 0.5, height: 0.4 });
    expect(moveCorner(r, 'bottom-left', 0.1, 0.1)).toEqual({ x: 0.3, y: 0.3, width: 0.3, height: 0.6 });
  });
  it('never takes the region past the picture or below the smallest side the kiosk accepts', () => {
    expect(moveCorner(r, 'top-left', -1, -1)).toEqual({ x: 0, y: 0, width: 0.6, height: 0.8 });
    expect(moveCorner(r, 'bottom-right', 1, 1)).toEqual({ x: 0.2, y: 0.3, width: 0.8, height: 0.7 });
    expect(moveCorner(r, 'top-left', 1, 1)).toEqual({ x: 0.55, y: 0.75, width: MIN_ROI_SIDE, height: MIN_ROI_SIDE });
    expect(moveCorner(r, 'bottom-right', -1, -1)).toEqual({ x: 0.2, y: 0.3, width: MIN_ROI_SIDE, height: MIN_ROI_SIDE });
  });
  it('resizing is the bottom-right corner moving', () => {
    expect(resizeRegion(r, 0.05, -0.05)).toEqual({ x: 0.2, y: 0.3, width: 0.45, height: 0.45 });
  });
});

describe('drawing by a drag', () => {
  it('gives the same region dragged either way round', () => {
    const there = regionFromDrag({ x: 0.1, y: 0.2 }, { x: 0.6, y: 0.9 });
    expect(there).toEqual({ x: 0.1, y: 0.2, width: 0.5, height: 0.7 });
    expect(regionFromDrag({ x: 0.6, y: 0.9 }, { x: 0.1, y: 0.2 })).toEqual(there);
  });
  it('grows a click or a tiny drag to the smallest side, inside the picture', () => {
    expect(regionFromDrag({ x: 0.5, y: 0.5 }, { x: 0.5, y: 0.51 })).toEqual({ x: 0.5, y: 0.5, width: MIN_ROI_SIDE, height: MIN_ROI_SIDE });
    expect(regionFromDrag({ x: 1, y: 1 }, { x: 0.99, y: 1 })).toEqual({ x: 0.95, y: 0.95, width: MIN_ROI_SIDE, height: MIN_ROI_SIDE });
  });
  it('keeps a drag that leaves the picture at its edge', () => {
    expect(regionFromDrag({ x: 0.5, y: 0.5 }, { x: 1.4, y: -0.3 })).toEqual({ x: 0.5, y: 0, width: 0.5, height: 0.5 });
  });
  it('moves the region or a corner by the pointer\'s travel', () => {
    expect(regionAfterDrag(r, 'region', 0.1, 0)).toEqual({ x: 0.3, y: 0.3, width: 0.4, height: 0.5 });
    expect(regionAfterDrag(r, 'bottom-left', 0, 0.1)).toEqual({ x: 0.2, y: 0.3, width: 0.4, height: 0.6 });
  });
  it('turns a pointer on the picture\'s box into shares of the picture, kept inside it', () => {
    const box = { left: 100, top: 50, width: 400, height: 200 };
    expect(shareOf({ clientX: 200, clientY: 100 }, box)).toEqual({ x: 0.25, y: 0.25 });
    expect(shareOf({ clientX: 0, clientY: 900 }, box)).toEqual({ x: 0, y: 1 });
  });
});

describe('the keyboard', () => {
  it('moves the region a percent per arrow and resizes it with Shift', () => {
    expect(regionAfterKey(r, 'region', 'ArrowRight', false)).toEqual({ x: 0.21, y: 0.3, width: 0.4, height: 0.5 });
    expect(regionAfterKey(r, 'region', 'ArrowUp', false)).toEqual({ x: 0.2, y: 0.29, width: 0.4, height: 0.5 });
    expect(regionAfterKey(r, 'region', 'ArrowRight', true)).toEqual({ x: 0.2, y: 0.3, width: 0.41, height: 0.5 });
    expect(regionAfterKey(r, 'region', 'ArrowUp', true)).toEqual({ x: 0.2, y: 0.3, width: 0.4, height: 0.49 });
  });
  it('moves only the corner it is on', () => {
    expect(regionAfterKey(r, 'top-left', 'ArrowLeft', false)).toEqual({ x: 0.19, y: 0.3, width: 0.41, height: 0.5 });
    expect(regionAfterKey(r, 'bottom-right', 'ArrowDown', true)).toEqual({ x: 0.2, y: 0.3, width: 0.4, height: 0.51 });
  });
  it('leaves every other key to the browser', () => {
    expect(regionAfterKey(r, 'region', 'Enter', false)).toBeUndefined();
    expect(regionAfterKey(r, 'region', 'a', true)).toBeUndefined();
  });
  it('a region drawn anywhere ends inside the picture and is never below the smallest side', () => {
    for (let i = 0; i <= 200; i++) {
      const a = { x: (i * 0.6180339) % 1, y: (i * 0.4142135) % 1 };
      const b = { x: (i * 0.7320508) % 1.2, y: (i * 0.2360679) % 1.1 };
      const drawn = regionFromDrag(a, b);
      expect(drawn.x + drawn.width).toBeLessThanOrEqual(1);
      expect(drawn.y + drawn.height).toBeLessThanOrEqual(1);
      expect(Math.min(drawn.width, drawn.height)).toBeGreaterThanOrEqual(MIN_ROI_SIDE);
    }
  });
  it('a hundred presses never leave the picture', () => {
    let region = r;
    for (let i = 0; i < 100; i++) region = regionAfterKey(region, 'region', 'ArrowRight', true)!;
    expect(region.x + region.width).toBeCloseTo(1, 9);
  });
});
