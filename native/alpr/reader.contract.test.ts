// The PlateReader contract, run against every driver: the simulator always, the ONNX reader (in its worker) too.
import { existsSync, readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from './image/decode';
import { findAppRoot, findDetector, findRecognizer, loadManifest } from './models';
import { OnnxPlateReader } from './onnx-reader';
import { PlateReaderError, type Frame, type PlateReader } from './reader';
import { scriptedRead, SimulatedPlateReader } from './simulated-reader';
import { ifAvailable, requirement, shippedFile } from '../../test/support/requires';

const SAMPLE = '../shared/alpr/us/us4.jpg';
const SAMPLE_PLATE = '520MRK';
const sample = existsSync(SAMPLE) ? await decodeImage(readFileSync(SAMPLE)) : null;
const withSample = ifAvailable(shippedFile(SAMPLE, 'the shared plate photos (../shared/alpr)'));

function noise(width: number, height: number, channels: 3 | 4 = 3): Frame {
  const data = new Uint8Array(width * height * channels);
  let seed = 12345;
  for (let i = 0; i < data.length; i++) data[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  return { width, height, data, channels, capturedAt: 0 };
}

/** Vertical bars of random widths and greys: stroke-like edges, what a recogniser may mistake for characters. */
function bars(width: number, height: number): Frame {
  const data = new Uint8Array(width * height * 3);
  let seed = 777;
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  const column = new Uint8Array(width);
  for (let x = 0; x < width; ) {
    const run = 2 + (next() % 12), grey = next() < 128 ? 20 : 235;
    column.fill(grey, x, x + run);
    x += run;
  }
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.fill(column[x]!, (y * width + x) * 3, (y * width + x) * 3 + 3);
  return { width, height, data, capturedAt: 0 };
}

/** The lanes' default threshold (domain/lanes/lane-policy.ts DEFAULT_MIN_CONFIDENCE): a read at or above it opens a barrier. */
const LANE_DEFAULT_THRESHOLD = 0.85;

function contract(name: string, make: () => Promise<PlateReader>, reads: { sample: boolean }) {
  describe(`PlateReader contract: ${name}`, () => {
    let reader: PlateReader;
    beforeAll(async () => {
      reader = await make();
    });
    afterAll(async () => {
      await reader?.close();
    });

    it('answers a frame with well-formed plates and a processing time', async () => {
      const reading = await reader.read(noise(640, 360));
      expect(reading.processingMs).toBeGreaterThanOrEqual(0);
      for (const plate of reading.plates) {
        expect(plate.text).toMatch(/^[A-Z0-9]+$/);
        expect(plate.charConfidences).toHaveLength(plate.text.length);
        expect(plate.confidence).toBeGreaterThanOrEqual(0);
        expect(plate.confidence).toBeLessThanOrEqual(1);
        for (const alt of plate.alternatives) expect(alt.text).not.toBe(plate.text);
      }
    });

    it('never reads noise, bars or a blank picture confidently enough to open a barrier', async () => {
      const blank = { width: 640, height: 360, data: new Uint8Array(640 * 360 * 3).fill(128), capturedAt: 0 };
      for (const frame of [noise(640, 360), noise(1280, 720), bars(640, 360), bars(1280, 200), blank]) {
        const reading = await reader.read(frame);
        for (const plate of reading.plates) expect(plate.confidence, `${plate.text} on a ${frame.width}x${frame.height} frame`).toBeLessThan(LANE_DEFAULT_THRESHOLD);
      }
    });

    it('accepts RGBA frames', async () => {
      await expect(reader.read(noise(320, 240, 4))).resolves.toHaveProperty('plates');
    });

    // A trained model reads what its training run taught it: only the readers that must read this photo are asked to.
    if (reads.sample) withSample.it('reads the plate of a real photo', async () => {
      const reading = await reader.read({ ...sample!, capturedAt: 0 });
      expect(reading.plates[0]?.text).toBe(SAMPLE_PLATE);
      const box = reading.plates[0]!.box;
      expect(box.x).toBeGreaterThan(45); // the labelled box is at 65,54 156x78
      expect(box.x).toBeLessThan(85);
    });

    if (reads.sample) withSample.it('reads only the plate inside the region of interest', async () => {
      const frame = { ...sample!, capturedAt: 0 };
      const around = await reader.read({ ...frame, roi: { x: 40, y: 30, width: 220, height: 130 } });
      expect(around.plates[0]?.text).toBe(SAMPLE_PLATE);
      const elsewhere = await reader.read({ ...frame, roi: { x: 0, y: 140, width: 300, height: 59 } });
      expect(elsewhere.plates.map((p) => p.text)).not.toContain(SAMPLE_PLATE);
    });

    it("refuses a frame's plate regions when there are none or one is unknown, and keeps working", async () => {
      const frame = noise(320, 240);
      await expect(reader.read({ ...frame, regions: [] })).rejects.toMatchObject({ code: 'bad-frame', message: expect.stringMatching(/no plate regions for this frame \(known: us, eu, br, uk\)/) });
      await expect(reader.read({ ...frame, regions: ['uk', 'mars'] })).rejects.toMatchObject({ code: 'bad-frame', message: expect.stringMatching(/unknown plate region "mars"/) });
      await expect(reader.read({ ...frame, regions: ['uk'] })).resolves.toHaveProperty('plates');
    });

    it("refuses a home country that is unknown, outside the frame's plate regions or without them, and keeps working", async () => {
      const frame = noise(320, 240);
      await expect(reader.read({ ...frame, regions: ['eu'], homeCountry: 'de' })).rejects.toMatchObject({ code: 'bad-frame', message: expect.stringMatching(/unknown home country "de"/) });
      await expect(reader.read({ ...frame, regions: ['uk', 'us'], homeCountry: 'sk' })).rejects.toMatchObject({ code: 'bad-frame', message: expect.stringMatching(/"sk" has eu plates, which are not among the plate regions/) });
      await expect(reader.read({ ...frame, homeCountry: 'sk' })).rejects.toMatchObject({ code: 'bad-frame', message: expect.stringMatching(/a home country comes with the plate regions/) });
      await expect(reader.read({ ...frame, regions: ['uk', 'eu'], homeCountry: 'sk' })).resolves.toHaveProperty('plates');
    });

    it('refuses a region of interest outside the frame or of zero size, and keeps working', async () => {
      const frame = noise(320, 240);
      await expect(reader.read({ ...frame, roi: { x: 300, y: 0, width: 40, height: 40 } })).rejects.toMatchObject({ code: 'bad-frame', message: expect.stringMatching(/not inside the 320x240 frame/) });
      await expect(reader.read({ ...frame, roi: { x: 10, y: 10, width: 0, height: 40 } })).rejects.toMatchObject({ code: 'bad-frame', message: expect.stringMatching(/has no area/) });
      await expect(reader.read({ ...frame, roi: { x: -1, y: 0, width: 10, height: 10 } })).rejects.toBeInstanceOf(PlateReaderError);
      await expect(reader.read({ ...frame, roi: { x: 0, y: 0, width: 320, height: 240 } })).resolves.toHaveProperty('plates');
    });

    it('rejects a malformed frame with a PlateReaderError, and keeps working', async () => {
      const bad = { width: 100, height: 100, data: new Uint8Array(10), capturedAt: 0 };
      await expect(reader.read(bad)).rejects.toMatchObject({ name: 'PlateReaderError', code: 'bad-frame' });
      await expect(reader.read({ ...bad, width: 0, height: 0, data: new Uint8Array(0) })).rejects.toBeInstanceOf(PlateReaderError);
      await expect(reader.read(noise(64, 64))).resolves.toHaveProperty('plates');
    });

    it('refuses a 12000x12000 frame before touching its data', async () => {
      await expect(reader.read({ width: 12000, height: 12000, data: new Uint8Array(0), capturedAt: 0 })).rejects.toThrow(/too large/);
    });

    it('rejects reads after close', async () => {
      const other = await make();
      await other.close();
      await expect(other.read(noise(64, 64))).rejects.toMatchObject({ code: 'closed' });
    });
  });
}

contract('SimulatedPlateReader', async () => new SimulatedPlateReader((frame) => (frame.width === sample?.width ? [scriptedRead(SAMPLE_PLATE, 0.9, { x: 65, y: 54, width: 156, height: 78 })] : [])), { sample: true });
contract('OnnxPlateReader (PaddleOCR baseline)', () => OnnxPlateReader.start({ detector: 'paddle', recognizer: 'paddle', regions: ['us', 'eu', 'br'] }), { sample: true });
// The trained plate detector + recogniser (the default), once models/ has them; which photos they read depends on
// their training run, so the contract checks their shape of answers, not one photo's text.
const plateModels = requirement('shipped', () => {
  try {
    const models = loadManifest(findAppRoot());
    findRecognizer(models, 'plate');
    findDetector(models, 'plate');
    return null;
  } catch (error) {
    return `the plate models in models/: ${(error as Error).message}`;
  }
});
ifAvailable(plateModels).describe('the shipped plate models', () =>
  contract('OnnxPlateReader (plate detector + plate recogniser)', () => OnnxPlateReader.start({ recognizer: 'plate', regions: ['us', 'eu', 'br'] }), { sample: false }),
);

ifAvailable(plateModels).describe('OnnxPlateReader plate regions', () => {
  it('refuses to start with no plate regions, an unknown one or a home country outside them, naming the known ones', async () => {
    await expect(OnnxPlateReader.start({ recognizer: 'plate', regions: [] })).rejects.toThrow(/no plate regions configured \(known: us, eu, br, uk\)/);
    await expect(OnnxPlateReader.start({ recognizer: 'plate', regions: ['us', 'mars'] })).rejects.toThrow(/unknown plate region "mars"/);
    await expect(OnnxPlateReader.start({ recognizer: 'plate', regions: ['us'], homeCountry: 'hr' })).rejects.toThrow(/"hr" has eu plates, which are not among the plate regions \(us\)/);
  });
});

/** A car's back with one plate on it, drawn as SVG: the plate's rows of text, stacked. */
async function carWithPlate(rows: readonly string[]): Promise<Frame> {
  const height = 20 + rows.length * 46, width = 30 + Math.max(...rows.map((r) => r.length)) * 24;
  const text = rows.map((row, i) => `<text x="320" y="${222 + i * 46}" font-family="DejaVu Sans Mono" font-weight="bold" font-size="38" fill="#111" text-anchor="middle">${row}</text>`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360"><rect width="640" height="360" fill="#6b6f73"/>
    <rect x="120" y="60" width="400" height="260" rx="30" fill="#2f4f7f"/>
    <rect x="${320 - width / 2}" y="180" width="${width}" height="${height}" fill="#f4f4f0" stroke="#111" stroke-width="3"/>${text.join('')}</svg>`;
  const { data, info } = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data), capturedAt: 0 };
}

// Two-line (stacked) plates, as on motorcycles and some square rear plates: the recogniser reads one line of text, so
// the reader cuts a two-line box at the gap between its rows and joins the rows' reads where they make a plate of the
// site's formats (stacked.ts). The calibration has seen no two-line plate: such a read is offered to the attendant
// to confirm, never trusted alone, and a row is never taken for the plate.
ifAvailable(plateModels).describe('a stacked two-line plate', () => {
  it('is read row by row as one plate, and never confidently: the attendant confirms it', async () => {
    const reader = await OnnxPlateReader.start({ recognizer: 'plate', regions: ['uk', 'eu', 'us', 'br'], threads: 1 });
    try {
      const oneLine = await reader.read(await carWithPlate(['AB12CDE']));
      expect(oneLine.plates[0]?.text).toBe('AB12CDE');
      expect((await reader.read(await carWithPlate(['AB12', 'CDE']))).plates[0]?.text).toBe('AB12CDE');
      for (const rows of [['AB12', 'CDE'], ['5UH', '4215']]) {
        const stacked = await reader.read(await carWithPlate(rows));
        for (const plate of stacked.plates) expect(plate.confidence, `${plate.text} read on ${rows.join('/')}`).toBeLessThan(LANE_DEFAULT_THRESHOLD);
      }
    } finally {
      await reader.close();
    }
  }, 60_000);
});

describe('SimulatedPlateReader', () => {
  it('cycles through its script', async () => {
    const reader = new SimulatedPlateReader([[scriptedRead('AB123CD')], []]);
    const frame = noise(8, 8);
    expect((await reader.read(frame)).plates.map((p) => p.text)).toEqual(['AB123CD']);
    expect((await reader.read(frame)).plates).toEqual([]);
    expect((await reader.read(frame)).plates.map((p) => p.text)).toEqual(['AB123CD']);
  });
});
