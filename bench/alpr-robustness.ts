/**
 * How the plate reader holds up on worse pictures than ../shared/alpr's own: one part of the split (evaluate.ts
 * splitPart; ALPR_PART, default validation, the part choices are made on; test once a candidate is final) read as they are, at half resolution (a camera farther away,
 * a lower-resolution stream), blurred and saved at JPEG quality 40 (focus, motion, a cheap IP camera), and darkened
 * with sensor noise (a lane at night). Each variant is made here from the photo, deterministically, and read as
 * `alpr eval` reads: each folder as its own site (evaluate.ts siteForFolder: its plate regions, at home in its
 * country), exact match against the label. The figures are shares of photos read
 * exactly, per variant and per folder: a model or reader change that helps the plain photos but costs the others is
 * a change tuned for these photos, not for plates.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { evaluate, listLabelled, PART_MEANING, PerFolderReader, selectPart, SPLIT_PARTS, type EvalResult, type SplitPart } from '../native/alpr/evaluate';
import { findAppRoot } from '../native/alpr/models';
import { machine } from './lib/measure';
import { seededRandom } from './lib/plates';

const DATA = process.env['ALPR_DATA'] ?? join(findAppRoot(), '..', 'shared', 'alpr');
const PART = (process.env['ALPR_PART'] ?? 'validation') as SplitPart | 'all';
if (PART !== 'all' && !SPLIT_PARTS.includes(PART)) throw new Error(`ALPR_PART must be one of ${SPLIT_PARTS.join(', ')}, all`);
const progress = (text: string) => process.stderr.write(`[bench alpr-robustness] ${text}\n`);

/** Fixed-seed Gaussian noise (Box-Muller over bench/lib's mulberry32): the same noise every run. */
function gaussian(seed: number): () => number {
  const uniform = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

async function darkWithNoise(bytes: Uint8Array): Promise<Buffer> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const noise = gaussian(data.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, Math.round(data[i]! * 0.35 + noise() * 6)));
  return sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
}

async function halfSize(bytes: Uint8Array): Promise<Buffer> {
  const { width = 2 } = await sharp(bytes).metadata();
  return sharp(bytes).resize({ width: Math.round(width / 2), kernel: 'cubic' }).jpeg({ quality: 92 }).toBuffer();
}

const VARIANTS: Record<string, (bytes: Uint8Array) => Promise<Uint8Array>> = {
  as_is: async (bytes) => bytes,
  half_resolution: halfSize,
  blur_jpeg40: (bytes) => sharp(bytes).blur(1.2).jpeg({ quality: 40 }).toBuffer(),
  dark_noise: darkWithNoise,
};

const held = selectPart(listLabelled(DATA), PART);
if (!held.length) throw new Error(`no labelled photos of part ${PART} under ${DATA} (set ALPR_DATA)`);
progress(`${held.length} photos, ${PART_MEANING[PART]}`);

const reader = new PerFolderReader({ detector: 'plate', recognizer: 'plate' });
const results: Record<string, Pick<EvalResult, 'accuracy' | 'folders'> & { misread: string[] }> = {};
try {
  for (const [name, degrade] of Object.entries(VARIANTS)) {
    const result = await evaluate(async (bytes, item) => reader.readImage(await degrade(bytes), item), held);
    results[name] = { accuracy: result.accuracy, folders: result.folders, misread: result.misreads.map((m) => `${m.image}: ${m.read ?? 'nothing'} (label ${m.expected})`) };
    progress(`${name}: ${result.accuracy} ${JSON.stringify(result.folders)}`);
  }
} finally {
  await reader.close();
}

const readCount = (name: string) => Object.values(results[name]!.folders).reduce((n, f) => n + f.correct, 0);
console.log(
  JSON.stringify({
    bench: 'alpr-robustness',
    part: PART,
    figure: PART_MEANING[PART],
    photos: held.length,
    ...results,
    all_variants_read: Object.keys(VARIANTS).reduce((n, name) => n + readCount(name), 0),
    all_variants_photos: held.length * Object.keys(VARIANTS).length,
    threads: reader.threads,
    load_average_1m: Math.round(loadavg()[0]! * 100) / 100,
    machine: machine(),
  }),
);
