/**
 * The demo site's camera pictures: a lane seen from its pole, empty or with a car and its plate, drawn as SVG and
 * rasterised by sharp (off the event loop). Each scene is drawn once and kept: a demo car stands in the lane for
 * seconds, at five frames a second.
 */
import type { Frame } from '../alpr/reader';

export const SCENE_WIDTH = 1280;
export const SCENE_HEIGHT = 720;

export interface SceneCar {
  /** As printed on the plate, e.g. "AB12 CDE". */
  readonly plate: string;
  readonly colour: string;
}

export interface Scene {
  readonly frame: Omit<Frame, 'capturedAt'>;
  /** Where the plate is, in frame pixels; null for an empty lane. */
  readonly plateBox: { x: number; y: number; width: number; height: number } | null;
}

const PLATE_BOX = { x: 520, y: 470, width: 240, height: 56 };

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function svg(label: string, car: SceneCar | null): string {
  const body = car
    ? `<rect x="340" y="220" width="600" height="380" rx="60" fill="${escapeXml(car.colour)}"/>
       <rect x="400" y="260" width="480" height="130" rx="20" fill="#9fc3e6"/>
       <rect x="${PLATE_BOX.x}" y="${PLATE_BOX.y}" width="${PLATE_BOX.width}" height="${PLATE_BOX.height}" rx="6" fill="#f4d03f" stroke="#111" stroke-width="3"/>
       <text x="640" y="512" font-family="DejaVu Sans Mono, monospace" font-weight="bold" font-size="40" text-anchor="middle" fill="#111">${escapeXml(car.plate)}</text>`
    : `<rect x="0" y="560" width="${SCENE_WIDTH}" height="12" fill="#c9b037"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SCENE_WIDTH}" height="${SCENE_HEIGHT}">
    <defs><linearGradient id="road" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#4a5563"/><stop offset="1" stop-color="#1f242b"/></linearGradient></defs>
    <rect width="${SCENE_WIDTH}" height="${SCENE_HEIGHT}" fill="url(#road)"/>${body}
    <text x="40" y="60" font-family="DejaVu Sans, sans-serif" font-size="28" fill="#ddd">${escapeXml(label)} · demo camera</text>
  </svg>`;
}

export async function renderScene(label: string, car: SceneCar | null): Promise<Scene> {
  const { default: sharp } = await import('sharp'); // loaded by the first scene (camera/frame-jpeg.ts says why)
  const { data, info } = await sharp(Buffer.from(svg(label, car))).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    frame: { width: info.width, height: info.height, channels: 3, data: new Uint8Array(data.buffer, data.byteOffset, data.length) },
    plateBox: car ? PLATE_BOX : null,
  };
}
