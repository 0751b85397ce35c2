/**
 * The geometry of drawing a lane's region of interest on its camera's picture: a rectangle in shares of the picture
 * (0..1 from its top-left), moved, resized or drawn anew by the mouse or the keyboard, always kept inside the
 * picture and never smaller than the kiosk accepts (MIN_ROI_SIDE), so what is drawn is what the kiosk will take.
 */

/**
 * The smallest side the kiosk accepts, as a share of the picture (contract/lanes.ts MIN_ROI_SIDE: the console may
 * import the contract's types only, so test/integration/lane-roi.test.ts holds the two equal).
 */
export const MIN_ROI_SIDE = 0.05;
export interface RoiRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}
export interface Point {
  readonly x: number;
  readonly y: number;
}
/** What a keyboard or mouse gesture acts on: the whole region, or one of its corners. */
export type RoiHandle = 'region' | 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';
export const CORNERS: readonly Exclude<RoiHandle, 'region'>[] = ['top-left', 'top-right', 'bottom-left', 'bottom-right'];

/** One arrow key press: a percent of the picture (fine enough to frame a lane, few enough presses to cross it). */
export const KEY_STEP = 0.01;
/** Where a region starts when drawn from the keyboard: the picture with a tenth off each side. */
export const STARTING_REGION: RoiRect = { x: 0.1, y: 0.1, width: 0.8, height: 0.8 };

const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value));
/** Rounds to a tenth of a percent, the precision the form shows, so a drawn region and its typed figures agree. */
const tidy = (share: number): number => Math.round(share * 1000) / 1000;
/** Rounded by its edges, so left + width never passes the picture's edge by a rounding. */
function tidied(r: RoiRect): RoiRect {
  const [left, top] = [tidy(r.x), tidy(r.y)];
  return { x: left, y: top, width: tidy(tidy(r.x + r.width) - left), height: tidy(tidy(r.y + r.height) - top) };
}

/** The whole region shifted by (dx, dy), stopped at the picture's edges with its size kept. */
export function moveRegion(r: RoiRect, dx: number, dy: number): RoiRect {
  return tidied({ ...r, x: clamp(r.x + dx, 0, 1 - r.width), y: clamp(r.y + dy, 0, 1 - r.height) });
}

/** The corner `corner` moved by (dx, dy), the opposite corner staying put; stopped at the edges and at the smallest size. */
export function moveCorner(r: RoiRect, corner: Exclude<RoiHandle, 'region'>, dx: number, dy: number): RoiRect {
  let [left, top, right, bottom] = [r.x, r.y, r.x + r.width, r.y + r.height];
  if (corner.endsWith('left')) left = clamp(left + dx, 0, right - MIN_ROI_SIDE);
  else right = clamp(right + dx, left + MIN_ROI_SIDE, 1);
  if (corner.startsWith('top')) top = clamp(top + dy, 0, bottom - MIN_ROI_SIDE);
  else bottom = clamp(bottom + dy, top + MIN_ROI_SIDE, 1);
  return tidied({ x: left, y: top, width: right - left, height: bottom - top });
}

/** The region grown or shrunk by (dw, dh) from its top-left corner: Shift+arrows. */
export function resizeRegion(r: RoiRect, dw: number, dh: number): RoiRect {
  return moveCorner(r, 'bottom-right', dw, dh);
}

/**
 * The region a mouse drag from `start` to `end` draws (either way round), inside the picture; a drag shorter than the
 * smallest side grows to it, away from the picture's edge, so a click never makes a region the kiosk refuses.
 */
export function regionFromDrag(start: Point, end: Point): RoiRect {
  const side = (a: number, b: number): [number, number] => {
    const [low, high] = [clamp(Math.min(a, b), 0, 1), clamp(Math.max(a, b), 0, 1)];
    if (high - low >= MIN_ROI_SIDE) return [low, high - low];
    const from = clamp(low, 0, 1 - MIN_ROI_SIDE);
    return [from, MIN_ROI_SIDE];
  };
  const [x, width] = side(start.x, end.x);
  const [y, height] = side(start.y, end.y);
  return tidied({ x, y, width, height });
}

const ARROWS: Readonly<Record<string, Point>> = { ArrowLeft: { x: -1, y: 0 }, ArrowRight: { x: 1, y: 0 }, ArrowUp: { x: 0, y: -1 }, ArrowDown: { x: 0, y: 1 } };

/**
 * What an arrow key does to the region: on the region, an arrow moves it and Shift+arrow resizes it (right and down
 * grow it); on a corner, an arrow moves that corner. Undefined for any other key (the browser keeps it).
 */
export function regionAfterKey(r: RoiRect, handle: RoiHandle, key: string, shift: boolean): RoiRect | undefined {
  const arrow = ARROWS[key];
  if (!arrow) return undefined;
  const [dx, dy] = [arrow.x * KEY_STEP, arrow.y * KEY_STEP];
  if (handle !== 'region') return moveCorner(r, handle, dx, dy);
  return shift ? resizeRegion(r, dx, dy) : moveRegion(r, dx, dy);
}

/** A mouse drag of a handle already drawn: the region follows the pointer by the drag's distance. */
export function regionAfterDrag(r: RoiRect, handle: RoiHandle, dx: number, dy: number): RoiRect {
  return handle === 'region' ? moveRegion(r, dx, dy) : moveCorner(r, handle, dx, dy);
}

/** A pointer position on the picture's box on screen as shares of the picture. */
export function shareOf(point: { clientX: number; clientY: number }, box: { left: number; top: number; width: number; height: number }): Point {
  return { x: clamp((point.clientX - box.left) / box.width, 0, 1), y: clamp((point.clientY - box.top) / box.height, 0, 1) };
}
