import { readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { calibrationReport, evaluate, listLabelled, PART_MEANING, PerFolderReader, selectPart, splitEntries, SPLIT_PARTS, type SplitPart } from '../../../native/alpr/evaluate';
import type { DetectorKind, RecognizerKind } from '../../../native/alpr/models';
import { OnnxPlateReader } from '../../../native/alpr/onnx-reader';
import { PLATE_FORMATS } from '../../../native/alpr/plate-formats';
import { CliError, type Command, type Output } from '../command';

const USAGE = 'alpr read <image>... | alpr split <dir> | alpr eval <dir> --part test|validation|training|all [--detector plate|paddle] [--recognizer paddle|plate] [--regions us,eu,br,uk] [--threads N]';

interface ReaderChoice {
  detector: DetectorKind;
  recognizer: RecognizerKind;
  regions: string[] | undefined;
  threads: number;
}

function readerOptions(values: Record<string, unknown>): ReaderChoice {
  const detector = (values['detector'] as string | undefined) ?? 'plate';
  if (detector !== 'paddle' && detector !== 'plate') throw new CliError(`--detector must be plate or paddle, not "${detector}"`, 2);
  const recognizer = (values['recognizer'] as string | undefined) ?? 'plate';
  if (recognizer !== 'paddle' && recognizer !== 'plate') throw new CliError(`--recognizer must be paddle or plate, not "${recognizer}"`, 2);
  const regions = (values['regions'] as string | undefined)?.split(',').filter(Boolean);
  const unknown = (regions ?? []).filter((r) => !(r in PLATE_FORMATS));
  if (unknown.length) throw new CliError(`unknown plate region(s) ${unknown.join(', ')} (known: ${Object.keys(PLATE_FORMATS).join(', ')})`, 2);
  const threads = values['threads'] === undefined ? cpus().length : Number(values['threads']);
  if (!Number.isInteger(threads) || threads < 1) throw new CliError('--threads must be a whole number of at least 1', 2);
  return { detector, recognizer, regions, threads };
}

async function readImages(paths: readonly string[], options: ReaderChoice & { regions: string[] }, out: Output): Promise<number> {
  const reader = await OnnxPlateReader.start(options);
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

/** eval must say which photos it reads: the test part is the figure to quote, and it is never read by accident. */
function evalPart(values: Record<string, unknown>, required: boolean): SplitPart | 'all' {
  const part = values['part'] as string | undefined;
  if (part === undefined && !required) return 'all';
  if (part === 'all' || SPLIT_PARTS.includes(part as SplitPart)) return part as SplitPart | 'all';
  throw new CliError(`--part must be one of ${[...SPLIT_PARTS, 'all'].join(', ')}${part === undefined ? ' (eval reports one part of the split; test is the figure to quote)' : `, not "${part}"`}`, 2);
}

export const alprCommand: Command = {
  name: 'alpr',
  summary: 'Read plates from photos, or measure the reader on a labelled folder (like ../shared/alpr).',
  usage: USAGE,
  options: {
    detector: { type: 'string', description: 'plate (the trained plate detector; default) or paddle (PaddleOCR text lines: the baseline)' },
    recognizer: { type: 'string', description: 'plate (the trained plate model; default) or paddle (PaddleOCR general text: the baseline)' },
    regions: { type: 'string', description: 'plate formats to expect, comma-separated (default: all; eval: the folder\'s own, e.g. br/ -> br)' },
    threads: { type: 'string', description: 'inference threads (default: all cores)' },
    misreads: { type: 'boolean', description: 'eval: list each image read wrong' },
    part: { type: 'string', description: 'eval: which photos: test (the figure to quote), validation (what choices are made on), training, or all (a folder of unseen photos)' },
  },
  async run({ values, positionals, out }) {
    const [verb, ...paths] = positionals;
    if (!['read', 'eval', 'split'].includes(verb ?? '') || !paths.length || (verb !== 'read' && paths.length !== 1)) throw new CliError(`usage: lotkeeper ${USAGE}`, 2);
    if (verb === 'split') {
      const entries = splitEntries(paths[0]!);
      out.result({ entries }, JSON.stringify({ entries }));
      return 0;
    }
    const options = readerOptions(values);
    const part = evalPart(values, verb === 'eval');
    const images = verb === 'eval' ? selectPart(listLabelled(paths[0]!), part) : [];
    if (verb === 'eval' && !images.length) throw new CliError(`no labelled photos (NAME.jpg + NAME.txt) of part ${part} in ${paths[0]}`);
    if (verb === 'read') return readImages(paths, { ...options, regions: options.regions ?? Object.keys(PLATE_FORMATS) }, out);
    const reader = new PerFolderReader(options);
    try {
      const result = await evaluate((bytes, item) => reader.readImage(bytes, item), images, {
        progress: (done) => {
          if (done % 25 === 0) process.stderr.write(`[alpr eval] ${done}/${images.length}\n`);
        },
      });
      const { misreads, reads, ...figures } = result;
      const report = { part, figure: PART_MEANING[part], detector: options.detector, recognizer: options.recognizer, regions: options.regions ?? 'per folder', threads: reader.threads, startup_ms: reader.startupMs, ...figures, calibration: calibrationReport(reads), ...(values['misreads'] ? { misreads } : {}) };
      out.result(report, JSON.stringify(report));
      return 0;
    } finally {
      await reader.close();
    }
  },
};
