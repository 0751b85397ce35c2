import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibrationReport, describeSite, evaluate, listLabelled, ReaderStartError, selectPart, siteForFolder, splitEntries, splitPart, SPLIT_PARTS, wilson95 } from './evaluate';
import { useTempDirs } from '../../test/support/temp-dir';

const tempDir = useTempDirs();

function plateOf(i: number): string {
  const letters = 'ABCDEFGHJKLMNPRSTUVWXYZ';
  return `${letters[i % 23]}${letters[Math.floor(i / 23) % 23]}${String(i).padStart(4, '0')}`;
}

describe('the split of ../shared/alpr (splitPart)', () => {
  it('puts about 20% in test, 20% in validation and the rest in training', () => {
    const counts = { test: 0, validation: 0, training: 0 };
    for (let i = 0; i < 5000; i++) counts[splitPart(plateOf(i))]++;
    expect(counts.test / 5000).toBeCloseTo(0.2, 1);
    expect(counts.validation / 5000).toBeCloseTo(0.2, 1);
    expect(counts.training / 5000).toBeCloseTo(0.6, 1);
  });

  it('decides by the plate text alone, however it is written', () => {
    for (let i = 0; i < 200; i++) {
      const plate = plateOf(i);
      expect(splitPart(plate.toLowerCase())).toBe(splitPart(plate));
      expect(splitPart(`${plate.slice(0, 3)}-${plate.slice(3)}`)).toBe(splitPart(plate));
    }
  });

  it('keeps photos of one car and its us-crop in the same part, and lists every item once', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'us'));
    mkdirSync(join(dir, 'us-crops'));
    const plates = Array.from({ length: 40 }, (_, i) => plateOf(i));
    plates.forEach((plate, i) => {
      for (const copy of ['a', 'b']) {
        writeFileSync(join(dir, 'us', `${i}${copy}.jpg`), 'x');
        writeFileSync(join(dir, 'us', `${i}${copy}.txt`), `${i}${copy}.jpg\t1\t2\t3\t4\t${plate}\n`);
      }
    });
    writeFileSync(join(dir, 'us-crops', 'labels.csv'), `image,state,plate\n${plates.map((p, i) => `c${i}.jpg,ca,${p}`).join('\n')}\n`);
    const entries = splitEntries(dir);
    expect(entries).toHaveLength(120);
    for (const plate of plates) expect(new Set(entries.filter((e) => e.plate === plate).map((e) => e.part))).toEqual(new Set([splitPart(plate)]));
    const photos = listLabelled(dir);
    for (const part of SPLIT_PARTS) expect(selectPart(photos, part).every((p) => splitPart(p.plate) === part)).toBe(true);
    expect(SPLIT_PARTS.reduce((n, part) => n + selectPart(photos, part).length, 0)).toBe(80);
    expect(selectPart(photos, 'all')).toHaveLength(80);
  });
});

describe('the site a folder of photos is read as', () => {
  it("is the folder's region at home in its country (eu/ is a Slovak site), and every region elsewhere", () => {
    expect(siteForFolder('eu')).toEqual({ regions: ['eu'], homeCountry: 'sk' });
    expect(siteForFolder('us')).toEqual({ regions: ['us'], homeCountry: 'us' });
    expect(siteForFolder('unseen')).toEqual({ regions: ['us', 'eu', 'br', 'uk'] });
    expect(siteForFolder('toString')).toEqual({ regions: ['us', 'eu', 'br', 'uk'] });
    expect(describeSite(siteForFolder('eu'))).toBe('eu at home in sk');
    expect(describeSite(siteForFolder('unseen'))).toBe('us, eu, br, uk');
  });
});

describe('calibrationReport', () => {
  it('is 0 for confidences that are the share right, and says what a threshold trusts', () => {
    // 10 reads at 0.9 of which 9 right, 10 at 0.3 of which 3 right (the rest wrong or no plate).
    const reads = [
      ...Array.from({ length: 10 }, (_, i) => ({ expected: 'AB123', read: i < 9 ? 'AB123' : 'AB128', confidence: 0.9 })),
      ...Array.from({ length: 10 }, (_, i) => ({ expected: 'CD456', read: i < 3 ? 'CD456' : i < 6 ? 'CD458' : null, confidence: 0.3 })),
    ];
    const report = calibrationReport(reads, [0.85]);
    expect(report.ece).toBeCloseTo(0, 6);
    expect(report.reliability).toEqual([
      { bin: '0.3-0.4', reads: 10, mean_confidence: 0.3, right: 0.3 },
      { bin: '0.9-1.0', reads: 10, mean_confidence: 0.9, right: 0.9 },
    ]);
    expect(report.at_threshold).toEqual([{ threshold: 0.85, trusted: 0.5, trusted_wrong: 0.05, wrong_per_1000_cars: 50 }]);
  });

  it('measures overconfidence: all at 0.99, half right', () => {
    const reads = Array.from({ length: 8 }, (_, i) => ({ expected: 'X1', read: i % 2 ? 'X1' : 'X7', confidence: 0.99 }));
    expect(calibrationReport(reads).ece).toBeCloseTo(0.49, 6);
  });
});

describe('wilson95', () => {
  it('gives the Wilson score interval, rounded outwards: 51 of 60 is 73.9% to 91.9%, 0 of 20 is 0 to 16.1%, inside 0..1', () => {
    expect(wilson95(51, 60)).toEqual([0.7388, 0.9191]);
    expect(wilson95(0, 20)).toEqual([0, 0.1612]);
    expect(wilson95(20, 20)).toEqual([0.8388, 1]);
    expect(wilson95(0, 0)).toEqual([0, 1]);
  });

  it('narrows as the photos grow: the same 85% on 600 photos is within about 3 points', () => {
    const [lo, hi] = wilson95(510, 600);
    expect(hi - lo).toBeLessThan(0.06);
    expect(lo).toBeLessThan(0.85);
    expect(hi).toBeGreaterThan(0.85);
  });
});

describe('evaluate', () => {
  const labelled = (dir: string, count: number) => {
    mkdirSync(join(dir, 'eu'));
    return Array.from({ length: count }, (_, i) => {
      const image = join(dir, 'eu', `${i}.jpg`);
      writeFileSync(image, 'x');
      return { image, folder: 'eu', plate: plateOf(i), index: i };
    });
  };

  it('counts a photo the reader fails on as an error and goes on', async () => {
    const images = labelled(tempDir(), 3);
    let calls = 0;
    const result = await evaluate(async (_bytes, item) => {
      if (calls++ === 1) throw new Error('cannot decode');
      const read = { box: { x: 0, y: 0, width: 10, height: 5 }, text: item.plate, confidence: 0.9, charConfidences: [], alternatives: [] };
      return { plates: [read], processingMs: 5 };
    }, images);
    expect(result).toMatchObject({ images: 3, errors: 1, accuracy: 0.6667, interval_95: wilson95(2, 3), folders: { eu: { images: 3, correct: 2, interval_95: wilson95(2, 3) } } });
  });

  it('scores against the labels, and beside that against the plates where a label is known wrong', async () => {
    const dir = tempDir();
    const photo = (folder: string, name: string, plate: string) => {
      mkdirSync(join(dir, folder), { recursive: true });
      writeFileSync(join(dir, folder, name), 'x');
      return { image: join(dir, folder, name), folder, plate, index: 0 };
    };
    // FZB9581.jpg's label swaps B and Z and test_024's has an O for a zero (label-errata.ts); AAA1111 is labelled right
    // and read wrong; test_024 reads what its wrong label says: right by the label, wrong by the plate.
    const images = [photo('br', 'FZB9581.jpg', 'FZB9581'), photo('br', 'AAA1111.jpg', 'AAA1111'), photo('eu', 'test_024.jpg', 'RKO26AJ')];
    const reads: Record<string, string> = { FZB9581: 'FBZ9581', AAA1111: 'AAA1117', RKO26AJ: 'RKO26AJ' };
    const result = await evaluate(async (_bytes, item) => ({ plates: [{ box: { x: 0, y: 0, width: 10, height: 5 }, text: reads[item.plate]!, confidence: 0.9, charConfidences: [], alternatives: [] }], processingMs: 5 }), images);
    expect(result).toMatchObject({ correct: 1, folders: { br: { images: 2, correct: 0 }, eu: { images: 1, correct: 1 } } });
    expect(result.against_plates).toMatchObject({ relabelled: [join('br', 'FZB9581.jpg'), join('eu', 'test_024.jpg')], correct: 1, folders: { br: { images: 2, correct: 1 }, eu: { images: 1, correct: 0 } } });
    expect(result.misreads).toEqual([
      { image: join('br', 'FZB9581.jpg'), expected: 'FZB9581', read: 'FBZ9581', plate_shows: 'FBZ9581' },
      { image: join('br', 'AAA1111.jpg'), expected: 'AAA1111', read: 'AAA1117' },
      { image: join('eu', 'test_024.jpg'), expected: 'RKO26AJ', read: 'RKO26AJ', plate_shows: 'RK026AJ' },
    ]);
  });

  it('has nothing to say against the plates where no label is known wrong', async () => {
    const result = await evaluate(async (_bytes, item) => ({ plates: [{ box: { x: 0, y: 0, width: 10, height: 5 }, text: item.plate, confidence: 0.9, charConfidences: [], alternatives: [] }], processingMs: 5 }), labelled(tempDir(), 2));
    expect(result.against_plates).toBeUndefined();
    expect(result.reads.every((r) => r.shows === r.expected)).toBe(true);
  });

  it('refuses outright when the reader cannot start, instead of scoring every photo as missed', async () => {
    const images = labelled(tempDir(), 3);
    await expect(evaluate(async () => { throw new ReaderStartError('the calibration was fitted for other model files'); }, images)).rejects.toThrow('other model files');
  });
});
