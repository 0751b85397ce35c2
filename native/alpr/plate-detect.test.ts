// The plate detector: heatmap decoding on hand-made maps, and the shipped model on held-out photos of ../shared/alpr.
import { existsSync, readFileSync } from 'node:fs';
import { InferenceSession } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameToMat } from './cv';
import { listLabelled, selectPart } from './evaluate';
import { decodeImage } from './image/decode';
import { findAppRoot, findDetector, loadManifest, verifyModel } from './models';
import { detectPlates, peaksToBoxes, PLATE_DETECT_DEFAULTS } from './plate-detect';
import { ifAvailable, requirement, shippedFile } from '../../test/support/requires';

const W = 20, H = 10, PLANE = W * H;
const ctx = { threshold: 0.3, maxCandidates: 5, stride: 4, scale: 0.5, frameWidth: 160, frameHeight: 80 };

/** A heatmap with the given peaks and their box planes (dx, dy, log(w/4), log(h/4)). */
function maps(peaks: { x: number; y: number; score: number; w: number; h: number }[]) {
  const heat = new Float32Array(PLANE), box = new Float32Array(4 * PLANE);
  for (const p of peaks) {
    const i = p.y * W + p.x;
    heat[i] = p.score;
    if (p.x + 1 < W) heat[i + 1] = p.score * 0.8; // the blob around a centre is not a second plate
    box[i] = 0.5;
    box[PLANE + i] = 0.25;
    box[2 * PLANE + i] = Math.log(p.w / 4);
    box[3 * PLANE + i] = Math.log(p.h / 4);
  }
  return { heat, box };
}

describe('peaksToBoxes', () => {
  it('turns each local maximum into a box in frame pixels, best first', () => {
    const { heat, box } = maps([{ x: 5, y: 4, score: 0.6, w: 24, h: 8 }, { x: 15, y: 2, score: 0.9, w: 12, h: 6 }]);
    const boxes = peaksToBoxes(heat, box, W, H, ctx);
    expect(boxes.map((b) => b.score)).toEqual([expect.closeTo(0.9), expect.closeTo(0.6)]);
    // centre (5.5, 4.25) cells * 4 / 0.5 = (44, 34) frame px; 24x8 input px / 0.5 = 48x16 frame px
    expect(boxes[1]!.quad[0]).toEqual({ x: expect.closeTo(20), y: expect.closeTo(26) });
    expect(boxes[1]!.quad[2]).toEqual({ x: expect.closeTo(68), y: expect.closeTo(42) });
  });

  it('drops peaks under the threshold and clamps boxes to the frame', () => {
    const { heat, box } = maps([{ x: 1, y: 1, score: 0.2, w: 20, h: 8 }, { x: 19, y: 9, score: 0.5, w: 40, h: 20 }]);
    const [only, ...rest] = peaksToBoxes(heat, box, W, H, ctx);
    expect(rest).toEqual([]);
    expect(only!.quad[2]).toEqual({ x: 160, y: 80 });
  });

  it('keeps at most maxCandidates', () => {
    const { heat, box } = maps([0, 4, 8, 12, 16].map((x) => ({ x, y: 5, score: 0.5 + x / 100, w: 12, h: 6 })));
    expect(peaksToBoxes(heat, box, W, H, { ...ctx, maxCandidates: 2 }).map((b) => b.score)).toEqual([expect.closeTo(0.66), expect.closeTo(0.62)]);
  });
});

// The validation part of the split (evaluate.ts splitPart), never trained on: the model must find those plates.
const DATA = '../shared/alpr';
const held = existsSync(DATA) ? selectPart(listLabelled(DATA), 'validation') : [];
const models = loadManifest(findAppRoot());

const detectorShipped = requirement('shipped', () => (models.has('plate-detector') ? null : 'the plate detector in models/manifest.json'));

ifAvailable(shippedFile(DATA, 'the shared plate photos (../shared/alpr)'), detectorShipped).describe('the shipped plate detector on the validation photos', () => {
  let session: InferenceSession;
  beforeAll(async () => {
    const entry = findDetector(models, 'plate');
    verifyModel(entry, findAppRoot());
    session = await InferenceSession.create(readFileSync(entry.path), { intraOpNumThreads: 1 });
  });
  afterAll(async () => {
    await session?.release();
  });

  it('puts the labelled plate among its top 3 boxes in at least 85% of them', async () => {
    let found = 0;
    for (const item of held) {
      const labelled = readFileSync(item.image.replace(/\.jpg$/, '.txt'), 'utf8').split('\t').slice(1, 5).map(Number) as [number, number, number, number];
      const rgb = frameToMat({ ...(await decodeImage(readFileSync(item.image))), capturedAt: 0 });
      const boxes = await detectPlates(session, rgb, { ...PLATE_DETECT_DEFAULTS, maxCandidates: 3 });
      rgb.delete();
      if (boxes.some((b) => iou(b.quad, labelled) >= 0.5)) found++;
    }
    expect(found / held.length).toBeGreaterThanOrEqual(0.85);
  }, 60_000);
});

function iou(quad: { x: number; y: number }[], [x, y, w, h]: [number, number, number, number]): number {
  const [a, , c] = quad as [{ x: number; y: number }, unknown, { x: number; y: number }];
  const ix = Math.max(0, Math.min(c.x, x + w) - Math.max(a.x, x)), iy = Math.max(0, Math.min(c.y, y + h) - Math.max(a.y, y));
  return (ix * iy) / ((c.x - a.x) * (c.y - a.y) + w * h - ix * iy);
}
