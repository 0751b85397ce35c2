import { readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { evaluate, listLabelled } from '../../../native/alpr/evaluate';
import type { RecognizerKind } from '../../../native/alpr/models';
import { OnnxPlateReader } from '../../../native/alpr/onnx-reader';
import { PLATE_FORMATS } from '../../../native/alpr/plate-formats';
import { CliError, type Command } from '../command';

const USAGE = 'alpr read <image>... | alpr eval <dir> [--recognizer paddle|plate] [--regions us,eu,br,uk] [--threads N]';

function readerOptions(values: Record<string, unknown>): { recognizer: RecognizerKind; regions: string[]; threads: number } {
  const recognizer = (values['recognizer'] as string | undefined) ?? 'paddle';
  if (recognizer !== 'paddle' && recognizer !== 'plate') throw new CliError(`--recognizer must be paddle or plate, not "${recognizer}"`, 2);
  const regions = ((values['regions'] as string | undefined) ?? Object.keys(PLATE_FORMATS).join(',')).split(',').filter(Boolean);
  const unknown = regions.filter((r) => !(r in PLATE_FORMATS));
  if (unknown.length) throw new CliError(`unknown plate region(s) ${unknown.join(', ')} (known: ${Object.keys(PLATE_FORMATS).join(', ')})`, 2);
  const threads = values['threads'] === undefined ? cpus().length : Number(values['threads']);
  if (!Number.isInteger(threads) || threads < 1) throw new CliError('--threads must be a whole number of at least 1', 2);
  return { recognizer, regions, threads };
}

export const alprCommand: Command = {
  name: 'alpr',
  summary: 'Read plates from photos, or measure the reader on a labelled folder (like ../shared/alpr).',
  usage: USAGE,
  options: {
    recognizer: { type: 'string', description: 'paddle (PaddleOCR, general text) or plate (trained plate model); default paddle' },
    regions: { type: 'string', description: 'plate formats to expect, comma-separated (default: all known)' },
    threads: { type: 'string', description: 'inference threads (default: all cores)' },
    misreads: { type: 'boolean', description: 'eval: list each image read wrong' },
  },
  async run({ values, positionals, out }) {
    const [verb, ...paths] = positionals;
    if ((verb !== 'read' && verb !== 'eval') || !paths.length || (verb === 'eval' && paths.length !== 1)) throw new CliError(`usage: lotkeeper ${USAGE}`, 2);
    const options = readerOptions(values);
    const images = verb === 'eval' ? listLabelled(paths[0]!) : [];
    if (verb === 'eval' && !images.length) throw new CliError(`no labelled photos (NAME.jpg + NAME.txt) in ${paths[0]}`);
    const reader = await OnnxPlateReader.start(options);
    try {
      if (verb === 'read') {
        let failed = 0;
        for (const image of paths) {
          try {
            const { reading, decodeMs } = await reader.readImage(await readFile(image));
            out.result({ image, ...reading, decodeMs }, JSON.stringify({ image, ...reading, decodeMs }));
          } catch (error) {
            failed++;
            out.result({ image, error: (error as Error).message }, JSON.stringify({ image, error: (error as Error).message }));
          }
        }
        return failed ? 1 : 0;
      }
      const result = await evaluate(async (bytes) => (await reader.readImage(bytes)).reading, images, (done) => {
        if (done % 25 === 0) process.stderr.write(`[alpr eval] ${done}/${images.length}\n`);
      });
      const { misreads, ...figures } = result;
      const report = { recognizer: options.recognizer, regions: options.regions, threads: reader.threads, startup_ms: reader.startupMs, ...figures, ...(values['misreads'] ? { misreads } : {}) };
      out.result(report, JSON.stringify(report));
      return 0;
    } finally {
      await reader.close();
    }
  },
};
