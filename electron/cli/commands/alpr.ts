import { readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { evaluate, listLabelled, PerFolderReader } from '../../../native/alpr/evaluate';
import type { DetectorKind, RecognizerKind } from '../../../native/alpr/models';
import { OnnxPlateReader } from '../../../native/alpr/onnx-reader';
import { PLATE_FORMATS } from '../../../native/alpr/plate-formats';
import { CliError, type Command, type Output } from '../command';

const USAGE = 'alpr read <image>... | alpr eval <dir> [--detector plate|paddle] [--recognizer paddle|plate] [--regions us,eu,br,uk] [--threads N]';

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
    'holdout-every': { type: 'string', description: 'eval: also report images index % N = N-1 per folder (a trained model\'s held-out part; 5 for models/training)' },
  },
  async run({ values, positionals, out }) {
    const [verb, ...paths] = positionals;
    if ((verb !== 'read' && verb !== 'eval') || !paths.length || (verb === 'eval' && paths.length !== 1)) throw new CliError(`usage: lotkeeper ${USAGE}`, 2);
    const options = readerOptions(values);
    const images = verb === 'eval' ? listLabelled(paths[0]!) : [];
    if (verb === 'eval' && !images.length) throw new CliError(`no labelled photos (NAME.jpg + NAME.txt) in ${paths[0]}`);
    const holdoutEvery = values['holdout-every'] === undefined ? undefined : Number(values['holdout-every']);
    if (holdoutEvery !== undefined && (!Number.isInteger(holdoutEvery) || holdoutEvery < 2)) throw new CliError('--holdout-every must be a whole number of at least 2', 2);
    if (verb === 'read') return readImages(paths, { ...options, regions: options.regions ?? Object.keys(PLATE_FORMATS) }, out);
    const reader = new PerFolderReader(options);
    try {
      const result = await evaluate((bytes, item) => reader.readImage(bytes, item), images, {
        progress: (done) => {
          if (done % 25 === 0) process.stderr.write(`[alpr eval] ${done}/${images.length}\n`);
        },
        ...(holdoutEvery ? { holdoutEvery } : {}),
      });
      const { misreads, ...figures } = result;
      const report = { detector: options.detector, recognizer: options.recognizer, regions: options.regions ?? 'per folder', threads: reader.threads, startup_ms: reader.startupMs, ...figures, ...(values['misreads'] ? { misreads } : {}) };
      out.result(report, JSON.stringify(report));
      return 0;
    } finally {
      await reader.close();
    }
  },
};
