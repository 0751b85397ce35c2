/**
 * A lane's region of interest through the real reader: LaneCapture turns the lane's shares of the picture into the
 * frame's pixels, and the ONNX pipeline (plate detector + recogniser in their worker) looks for plates there only.
 * The frame is two photos of ../shared/alpr side by side, as a camera that also sees the next lane would.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';
import { decodeImage } from '../../native/alpr/image/decode';
import { OnnxPlateReader } from '../../native/alpr';
import type { Frame } from '../../native/alpr';
import { LaneCapture, type LastRead, type ReadScope } from '../../electron/kiosk/lanes/lane-capture';
import { laneRoiSchema } from '../../electron/kiosk/contract/lanes';
import { ifAvailable, shippedFile } from '../support/requires';

const LEFT = '../shared/alpr/br/AYO9034.jpg', RIGHT = '../shared/alpr/br/AZJ6991.jpg';
const photos = ifAvailable(shippedFile(LEFT, 'the shared plate photos (../shared/alpr)'), shippedFile(RIGHT, 'the shared plate photos (../shared/alpr)'));

/** The two photos side by side (same height), RGB. */
async function sideBySide(): Promise<Frame> {
  const [a, b] = await Promise.all([LEFT, RIGHT].map(async (path) => decodeImage(readFileSync(path))));
  const width = a!.width + b!.width, height = a!.height;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    data.set(a!.data.subarray(y * a!.width * 3, (y + 1) * a!.width * 3), y * width * 3);
    data.set(b!.data.subarray(y * b!.width * 3, (y + 1) * b!.width * 3), (y * width + a!.width) * 3);
  }
  return { width, height, data, capturedAt: 0 };
}

let reader: OnnxPlateReader;
beforeAll(async () => {
  if (existsSync(LEFT) && existsSync(RIGHT)) reader = await OnnxPlateReader.start({ recognizer: 'plate', regions: ['us'], threads: 1 });
}, 60_000);
afterAll(async () => {
  await reader?.close();
});

/** One frame through a lane's capture with the lane's scope; what the lane's tile would show of it. */
async function readThroughLane(frame: Frame, scope: ReadScope): Promise<LastRead | null> {
  let listener: ((frame: Frame) => void) | undefined;
  return new Promise((resolve, reject) => {
    const capture = new LaneCapture({ onFrame: (l) => ((listener = l), () => undefined) }, { accept: () => true, trigger: () => undefined }, reader, {
      voted: () => undefined,
      read: (last) => resolve(last),
      failed: reject,
    }, () => scope);
    capture.start();
    listener!(frame);
  });
}

photos.describe("a lane's region of interest, through the plate reader", () => {
  photos.it('reads the plate in the region only, the same text as that photo alone, and a lane with none reads the whole picture', async () => {
    const frame = await sideBySide();
    const half = frame.width / 2;
    const alone = await Promise.all([LEFT, RIGHT].map(async (path) => (await reader.read({ ...(await decodeImage(readFileSync(path))), capturedAt: 0, regions: ['br'] })).plates[0]?.text));
    expect(alone[0]).toBeTruthy();
    expect(alone[1]).toBeTruthy();
    expect(alone[0]).not.toBe(alone[1]);

    const left = await readThroughLane(frame, { plateRegions: ['br'], plateHomeCountry: null, roi: laneRoiSchema.parse({ x: 0, y: 0, width: 0.5, height: 1 }) });
    expect(left?.text).toBe(alone[0]);
    expect(left!.box.x + left!.box.width / 2).toBeLessThan(half);
    const right = await readThroughLane(frame, { plateRegions: ['br'], plateHomeCountry: null, roi: laneRoiSchema.parse({ x: 0.5, y: 0, width: 0.5, height: 1 }) });
    expect(right?.text).toBe(alone[1]);
    expect(right!.box.x + right!.box.width / 2).toBeGreaterThan(half);
    // A strip of sky with no plate: nothing is read for this lane, whatever the rest of the picture shows.
    expect(await readThroughLane(frame, { plateRegions: ['br'], plateHomeCountry: null, roi: laneRoiSchema.parse({ x: 0, y: 0, width: 1, height: 0.08 }) })).toBeNull();
    const whole = await readThroughLane(frame, { plateRegions: ['br'], plateHomeCountry: null, roi: null });
    expect(alone).toContain(whole?.text);
  }, 60_000);
});
