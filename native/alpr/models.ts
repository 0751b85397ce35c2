/**
 * models/manifest.json: what each model is, where its file lies (relative to models/, npm package files included
 * as ../node_modules/...), its size and sha256. Every file the reader will load is checked at start-up, so a missing, truncated
 * or swapped model is one clear error naming the file, not a strange read hours later.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { calibrationSchema, checkCalibration, type Calibration } from './calibration';

const fileRef = z.looseObject({ file: z.string(), sha256: z.string().optional(), blank: z.number().int().optional(), trailing: z.string().optional() });

const entrySchema = z.looseObject({
  /** detector | recognizer; models/training/export_onnx.py writes it as "kind". */
  role: z.string().optional(),
  kind: z.string().optional(),
  file: z.string(),
  bytes: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lower-case hex digits'),
  license: z.string(),
  source: z.string(),
  input: z.looseObject({ name: z.string().optional(), shape: z.array(z.union([z.number(), z.string()])).optional(), preprocess: z.unknown().optional() }),
  output: z.looseObject({ name: z.string().optional(), shape: z.array(z.union([z.number(), z.string()])).optional(), kind: z.string().optional() }).optional(),
  /** The recogniser's classes after the CTC blank: a string of characters, or a file of one character per line. */
  alphabet: z.union([z.string(), fileRef]).optional(),
});

const manifestSchema = z.looseObject({
  // Keyed by model id; an array of entries with an "id" is accepted too, so entries merge either way.
  models: z.union([z.record(z.string(), entrySchema), z.array(entrySchema.extend({ id: z.string() }))]),
  /** The plate detector + plate recogniser's confidence calibration (calibration.ts; `lotkeeper alpr calibrate`). */
  calibration: calibrationSchema.optional(),
});

export type ModelEntry = z.infer<typeof entrySchema> & { id: string; path: string };

export class ModelError extends Error {
  override name = 'ModelError';
}

/** The app root: the nearest folder above this module with models/manifest.json (source tree and bundles alike). */
export function findAppRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'models', 'manifest.json'))) return dir;
    if (dirname(dir) === dir) throw new ModelError(`no models/manifest.json in ${from} or any folder above it`);
  }
}

export function loadManifest(rootDir: string): Map<string, ModelEntry> {
  const parsed = parseManifest(rootDir);
  const list = Array.isArray(parsed.models) ? parsed.models : Object.entries(parsed.models).map(([id, entry]) => ({ ...entry, id }));
  return new Map(list.map((entry) => [entry.id, { ...entry, path: join(rootDir, 'models', entry.file) }]));
}

/**
 * The calibration for this detector + recogniser pair, or undefined when the manifest has none. A calibration
 * fitted for other model files is refused: its probabilities would mean nothing for these.
 */
export function loadCalibration(rootDir: string, detector: ModelEntry, recognizer: ModelEntry): Calibration | undefined {
  const calibration = parseManifest(rootDir).calibration;
  if (!calibration) return undefined;
  if (calibration.fittedFor.detector !== detector.sha256 || calibration.fittedFor.recognizer !== recognizer.sha256) {
    throw new ModelError(`models/manifest.json: the calibration was fitted for other model files than "${detector.id}" and "${recognizer.id}": refit it (lotkeeper alpr calibrate) or remove it`);
  }
  try {
    checkCalibration(calibration);
  } catch (error) {
    throw new ModelError(`models/manifest.json: ${(error as Error).message}`);
  }
  return calibration;
}

/**
 * What each lane threshold buys with the shipped plate models, from their calibration's reads (`alpr calibrate`),
 * and what those reads were; null when the manifest has no such table for the shipped pair.
 */
export function shippedThresholds(rootDir: string = findAppRoot()): { fittedOn: string; thresholds: NonNullable<Calibration['thresholds']> } | null {
  const models = loadManifest(rootDir);
  const calibration = loadCalibration(rootDir, findDetector(models, 'plate'), findRecognizer(models, 'plate'));
  return calibration?.thresholds ? { fittedOn: calibration.fittedOn, thresholds: calibration.thresholds } : null;
}

/** Writes the calibration into models/manifest.json, fitted for these two model entries (their sha256). */
export function writeCalibration(rootDir: string, fit: Omit<Calibration, 'fittedFor'>, detector: ModelEntry, recognizer: ModelEntry): Calibration {
  const file = join(rootDir, 'models', 'manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const calibration: Calibration = { ...fit, fittedFor: { detector: detector.sha256, recognizer: recognizer.sha256 } };
  writeFileSync(file, `${JSON.stringify({ ...manifest, calibration }, null, 2)}\n`);
  return calibration;
}

function parseManifest(rootDir: string): z.infer<typeof manifestSchema> {
  const file = join(rootDir, 'models', 'manifest.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ModelError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new ModelError(`${file} is not a valid model manifest: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Throws ModelError naming the first file that is missing, of the wrong size, or of the wrong sha256. */
export function verifyModel(entry: ModelEntry, rootDir: string): void {
  const check = (path: string, expect: { bytes?: number; sha256?: string }) => {
    if (!existsSync(path)) throw new ModelError(`model "${entry.id}": file ${path} is missing (see models/manifest.json)`);
    const size = statSync(path).size;
    if (expect.bytes !== undefined && size !== expect.bytes) throw new ModelError(`model "${entry.id}": ${path} has ${size} bytes, the manifest says ${expect.bytes}: wrong or truncated file`);
    if (expect.sha256 && sha256(path) !== expect.sha256) throw new ModelError(`model "${entry.id}": ${path} does not match the manifest's sha256: wrong or corrupted file`);
  };
  check(entry.path, entry);
  if (entry.alphabet && typeof entry.alphabet !== 'string') check(join(rootDir, 'models', entry.alphabet.file), { ...(entry.alphabet.sha256 ? { sha256: entry.alphabet.sha256 } : {}) });
}

/** The recogniser's plate characters by class index after the blank (class 0). */
export function recognizerCharacters(entry: ModelEntry, rootDir: string): string[] {
  const alphabet = entry.alphabet;
  if (alphabet === undefined) throw new ModelError(`model "${entry.id}": a recogniser needs an "alphabet" in models/manifest.json`);
  if (typeof alphabet === 'string') return [...alphabet];
  const lines = readFileSync(join(rootDir, 'models', alphabet.file), 'utf8').split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return alphabet.trailing ? [...lines, alphabet.trailing] : lines;
}

export type RecognizerKind = 'paddle' | 'plate';

/** The manifest entry for a recogniser kind: "paddle-rec", or the trained plate recogniser. */
export function findRecognizer(models: Map<string, ModelEntry>, kind: RecognizerKind): ModelEntry {
  const entry = kind === 'paddle' ? models.get('paddle-rec') : (models.get('plate-recognizer') ?? [...models.values()].find((m) => m.file.endsWith('plate-recognizer.onnx')));
  if (!entry) throw new ModelError(`models/manifest.json has no ${kind === 'paddle' ? '"paddle-rec"' : 'plate recogniser ("plate-recognizer")'} entry`);
  return entry;
}

/**
 * The detectors: "plate" is our trained plate detector (plate-detector.onnx: finds plates, not text; the default),
 * "paddle" PaddleOCR's general text detector (the measured baseline: finds every text line, slogans included).
 */
export type DetectorKind = 'paddle' | 'plate';

export function findDetector(models: Map<string, ModelEntry>, kind: DetectorKind = 'paddle'): ModelEntry {
  const id = kind === 'paddle' ? 'paddle-det' : 'plate-detector';
  const entry = models.get(id);
  if (!entry) throw new ModelError(`models/manifest.json has no "${id}" entry`);
  return entry;
}
