import { readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { calibrationReport, describeSite, evaluate, listLabelled, PART_MEANING, PerFolderReader, selectPart, siteForFolder, splitEntries, SPLIT_PARTS, type PlateSite, type SplitPart } from '../../../native/alpr/evaluate';
import { crossValidated, FEATURE_NAMES, fitLogistic, thresholdTable, type ReadFeatures } from '../../../native/alpr/calibration';
import { FRAME_VARIANTS } from '../../../native/alpr/frame-variants';
import { LABEL_ERRATA, plateShown } from '../../../native/alpr/label-errata';
import { findAppRoot, findDetector, findRecognizer, loadManifest, writeCalibration, type DetectorKind, type RecognizerKind } from '../../../native/alpr/models';
import { OnnxPlateReader } from '../../../native/alpr/onnx-reader';
import { PLATE_FORMATS, siteFormats } from '../../../native/alpr/plate-formats';
import { CliError, type Command, type Output } from '../command';

const USAGE = 'alpr read <image>... | alpr split <dir> | alpr calibrate <dir> [--write] | alpr eval <dir> --part test|validation|training|all [--detector plate|paddle] [--recognizer paddle|plate] [--regions us,eu,br,uk] [--home sk] [--threads N]';

interface ReaderChoice {
  detector: DetectorKind;
  recognizer: RecognizerKind;
  /** Undefined: each folder read as its own site (evaluate.ts siteForFolder); `read` expects every region. */
  site: PlateSite | undefined;
  threads: number;
}

function readerOptions(values: Record<string, unknown>): ReaderChoice {
  const detector = (values['detector'] as string | undefined) ?? 'plate';
  if (detector !== 'paddle' && detector !== 'plate') throw new CliError(`--detector must be plate or paddle, not "${detector}"`, 2);
  const recognizer = (values['recognizer'] as string | undefined) ?? 'plate';
  if (recognizer !== 'paddle' && recognizer !== 'plate') throw new CliError(`--recognizer must be paddle or plate, not "${recognizer}"`, 2);
  const regions = (values['regions'] as string | undefined)?.split(',').filter(Boolean);
  const unknown = (regions ?? []).filter((r) => !Object.hasOwn(PLATE_FORMATS, r));
  if (unknown.length) throw new CliError(`unknown plate region(s) ${unknown.join(', ')} (known: ${Object.keys(PLATE_FORMATS).join(', ')})`, 2);
  const threads = values['threads'] === undefined ? cpus().length : Number(values['threads']);
  if (!Number.isInteger(threads) || threads < 1) throw new CliError('--threads must be a whole number of at least 1', 2);
  return { detector, recognizer, site: chosenSite(regions, values['home'] as string | undefined), threads };
}

/** Undefined when neither is given: `read` then expects every region, `eval` reads each folder as its own site. */
function chosenSite(given: string[] | undefined, homeCountry: string | undefined): PlateSite | undefined {
  if (!given && homeCountry === undefined) return undefined;
  const regions = given ?? Object.keys(PLATE_FORMATS);
  try {
    siteFormats(regions, homeCountry);
  } catch (error) {
    throw new CliError((error as Error).message, 2);
  }
  return { regions, homeCountry };
}

async function readImages(paths: readonly string[], options: ReaderChoice, out: Output): Promise<number> {
  const { site, ...choice } = options;
  const reader = await OnnxPlateReader.start({ ...choice, ...(site ?? { regions: Object.keys(PLATE_FORMATS) }) });
  let failed = 0;
  try {
    for (const image of paths) {
      let value: object;
      try {
        const { reading, decodeMs } = await reader.readImage(await readFile(image));
        value = { image, ...reading, decodeMs };
      } catch (error) {
        failed++;
        value = { image, error: (error as Error).message };
      }
      out.result(value, JSON.stringify(value));
    }
  } finally {
    await reader.close();
  }
  return failed ? 1 : 0;
}

/**
 * Fits the confidence calibration on the validation part of the split (never the test part), each photo read as it
 * is and as the frames FRAME_VARIANTS makes of it; reports the raw confidence's calibration and the fitted one's,
 * out of fold (5 folds by plate); with --write stores the fit in models/manifest.json for these two model files.
 */
async function calibrate(dir: string, options: ReaderChoice, write: boolean, out: Output): Promise<number> {
  if (options.detector !== 'plate' || options.recognizer !== 'plate') throw new CliError('calibrate fits the plate detector + plate recogniser pair only', 2);
  const images = selectPart(listLabelled(dir), 'validation');
  if (!images.length) throw new CliError(`no labelled photos of the validation part in ${dir}`);
  const reader = new PerFolderReader({ ...options, calibrated: false });
  const samples: { features: ReadFeatures | undefined; group: string; expected: string; read: string | null; confidence: number }[] = [];
  try {
    for (const [i, item] of images.entries()) {
      const bytes = await readFile(item.image);
      for (const frame of [bytes, ...(await Promise.all(FRAME_VARIANTS.map((v) => v.make(bytes))))]) {
        const best = (await reader.readImage(frame, item)).plates[0];
        const read = best?.text ?? null;
        // P(right) means the plate in the picture: a right read of a wrong label must not teach that sure reads are wrong.
        samples.push({ features: best?.features, group: item.plate, expected: plateShown(item), read, confidence: best?.confidence ?? 0 });
      }
      if ((i + 1) % 10 === 0) process.stderr.write(`[alpr calibrate] ${i + 1}/${images.length}\n`);
    }
  } finally {
    await reader.close();
  }
  // Frames without a plate are never trusted: they count in the reports (confidence 0) but teach the fit nothing.
  const readable = samples.flatMap((s) => (s.features ? [{ ...s, features: s.features, right: s.read === s.expected }] : []));
  const outOfFold = crossValidated(readable);
  const calibratedReads = [...readable.map((s, i) => ({ ...s, confidence: outOfFold[i]! })), ...samples.filter((s) => !s.features)];
  const thresholds = thresholdTable(calibratedReads.map((s) => ({ right: s.read !== null && s.read === s.expected, confidence: s.confidence })));
  const relabelled = images.filter((item) => plateShown(item) !== item.plate).length;
  const fittedOn = `validation part of ../shared/alpr (${images.length} photos x ${FRAME_VARIANTS.length + 1} frames) against the plates they show (${relabelled} labels known wrong), ${new Date().toISOString().slice(0, 10)}`;
  const fit = { features: [...FEATURE_NAMES], ...fitLogistic(readable), fittedOn, thresholds };
  const rootDir = findAppRoot(), models = loadManifest(rootDir);
  const stored = write ? writeCalibration(rootDir, fit, findDetector(models, 'plate'), findRecognizer(models, 'plate')) : undefined;
  const report = { part: 'validation', figure: `${PART_MEANING.validation}; against the plates the photos show`, photos: images.length, reads: samples.length, raw: calibrationReport(samples), calibrated_out_of_fold: calibrationReport(calibratedReads), fit, written: stored !== undefined };
  out.result(report, JSON.stringify(report));
  return 0;
}

/** "br/: br at home in br; eu/: eu at home in sk": how each folder of the photos was read. */
function eachFolderSite(images: readonly { folder: string }[]): string {
  return [...new Set(images.map((item) => item.folder))].map((folder) => `${folder}/: ${describeSite(siteForFolder(folder))}`).join('; ');
}

/** eval must say which photos it reads: the test part is the figure to quote, and it is never read by accident. */
function evalPart(values: Record<string, unknown>, required: boolean): SplitPart | 'all' {
  const part = values['part'] as string | undefined;
  if (part === undefined && !required) return 'all';
  if (part === 'all' || SPLIT_PARTS.includes(part as SplitPart)) return part as SplitPart | 'all';
  throw new CliError(`--part must be one of ${[...SPLIT_PARTS, 'all'].join(', ')}${part === undefined ? ' (eval reports one part of the split; test is the figure to quote)' : `, not "${part}"`}`, 2);
}

export const alprCommand: Command = {
  usage: USAGE,
  options: {
    detector: { type: 'string', description: 'plate (the trained plate detector; default) or paddle (PaddleOCR text lines: the baseline)' },
    recognizer: { type: 'string', description: 'plate (the trained plate model; default) or paddle (PaddleOCR general text: the baseline)' },
    regions: { type: 'string', description: 'plate formats to expect, comma-separated (default: all; eval: the folder\'s own, e.g. br/ -> br)' },
    home: { type: 'string', description: 'the site\'s home country (uk, sk, cz, hr, rs, us, br), whose layouts settle a confusable character first (eval default: eu/ at home in sk, us/ in us, br/ in br)' },
    threads: { type: 'string', description: 'inference threads (default: all cores)' },
    misreads: { type: 'boolean', description: 'eval: list each image read wrong' },
    write: { type: 'boolean', description: 'calibrate: store the fitted calibration in models/manifest.json' },
    part: { type: 'string', description: 'eval: which photos: test (the figure to quote), validation (what choices are made on), training, or all (a folder of unseen photos)' },
  },
  async run({ values, positionals, out }) {
    const [verb, ...paths] = positionals;
    if (!['read', 'eval', 'split', 'calibrate'].includes(verb ?? '') || !paths.length || (verb !== 'read' && paths.length !== 1)) throw new CliError(`usage: lotkeeper ${USAGE}`, 2);
    if (verb === 'split') {
      const split = { entries: splitEntries(paths[0]!), errata: LABEL_ERRATA };
      out.result(split, JSON.stringify(split));
      return 0;
    }
    const options = readerOptions(values);
    if (verb === 'calibrate') return calibrate(paths[0]!, options, values['write'] === true, out);
    const part = evalPart(values, verb === 'eval');
    const images = verb === 'eval' ? selectPart(listLabelled(paths[0]!), part) : [];
    if (verb === 'eval' && !images.length) throw new CliError(`no labelled photos (NAME.jpg + NAME.txt) of part ${part} in ${paths[0]}`);
    if (verb === 'read') return readImages(paths, options, out);
    const reader = new PerFolderReader(options);
    try {
      const result = await evaluate((bytes, item) => reader.readImage(bytes, item), images, {
        progress: (done) => {
          if (done % 25 === 0) process.stderr.write(`[alpr eval] ${done}/${images.length}\n`);
        },
      });
      const { misreads, reads, against_plates: againstPlates, ...figures } = result;
      // Beside the figure to quote (against the labels), the same against the plates where labels are known wrong.
      const byPlate = againstPlates && { against_plates: { ...againstPlates, calibration: calibrationReport(reads.map((r) => ({ ...r, expected: r.shows }))) } };
      const report = { part, figure: PART_MEANING[part], detector: options.detector, recognizer: options.recognizer, site: options.site ? describeSite(options.site) : eachFolderSite(images), threads: reader.threads, startup_ms: reader.startupMs, ...figures, calibration: calibrationReport(reads), ...byPlate, ...(values['misreads'] ? { misreads } : {}) };
      out.result(report, JSON.stringify(report));
      return 0;
    } finally {
      await reader.close();
    }
  },
};
