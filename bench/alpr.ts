/**
 * The plate reader as a lane runs it: OnnxPlateReader (models in its worker thread) on decoded 1280x720 frames
 * (photos of ../shared/alpr of that size; decoding is not timed). Figures per recogniser: start-up (worker spawn,
 * model checks, sessions, warm-up), whole-pipeline latency median/p95 (frame in -> plates out, in the worker, and
 * round trip from the caller), the process RSS the reader added, and accuracy on those frames. Three readers run
 * one after another in this process: the PaddleOCR baseline (text detector + general recogniser), PaddleOCR's text
 * detector with our plate recogniser (the previous pipeline), and our plate detector with our plate recogniser
 * (the default). Ratios compare the default against the baseline.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { decodeImage } from '../native/alpr/image/decode';
import { listLabelled, PART_MEANING, splitPart, SPLIT_PARTS, type SplitPart } from '../native/alpr/evaluate';
import { findAppRoot, type DetectorKind, type RecognizerKind } from '../native/alpr/models';
import { OnnxPlateReader } from '../native/alpr/onnx-reader';
import type { Frame } from '../native/alpr/reader';
import { machine, summarise } from './lib/measure';

const DATA = process.env['ALPR_DATA'] ?? join(findAppRoot(), '..', 'shared', 'alpr');
const FRAMES = Number(process.env['BENCH_FRAMES'] ?? 60);
/** Speed is timed on every frame; accuracy is counted on the frames of this part of the split only (ALPR_PART). */
const PART = (process.env['ALPR_PART'] ?? 'validation') as SplitPart | 'all';
if (PART !== 'all' && !SPLIT_PARTS.includes(PART)) throw new Error(`ALPR_PART must be one of ${SPLIT_PARTS.join(', ')}, all`);
const counted = (plate: string) => PART === 'all' || splitPart(plate) === PART;
const progress = (text: string) => process.stderr.write(`[bench alpr] ${text}\n`);
const mb = (bytes: number) => Math.round(bytes / 1048576);

const frames: { frame: Frame; plate: string }[] = [];
for (const item of listLabelled(DATA)) {
  if (frames.length >= FRAMES) break;
  const image = await decodeImage(readFileSync(item.image));
  if (image.width === 1280 && image.height === 720) frames.push({ frame: { ...image, capturedAt: 0 }, plate: item.plate });
}
if (!frames.length) throw new Error(`no 1280x720 labelled photos under ${DATA} (set ALPR_DATA)`);
progress(`${frames.length} decoded 1280x720 frames`);

async function measure(detector: DetectorKind, recognizer: RecognizerKind) {
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const reader = await OnnxPlateReader.start({ detector, recognizer, regions: ['us', 'eu', 'br', 'uk'] });
  const startupMs = performance.now() - started;
  const pipeline: number[] = [], roundTrip: number[] = [];
  let correct = 0, frameCount = 0;
  try {
    for (const { frame, plate } of frames) {
      const t = performance.now();
      const reading = await reader.read(frame);
      roundTrip.push(performance.now() - t);
      pipeline.push(reading.processingMs);
      if (!counted(plate)) continue;
      frameCount++;
      if (reading.plates[0]?.text === plate) correct++;
    }
    const rssMb = mb(process.memoryUsage().rss - rssBefore);
    const figures = {
      startup_ms: Math.round(startupMs),
      worker_startup_ms: reader.startupMs,
      threads: reader.threads,
      pipeline: summarise(pipeline),
      round_trip: summarise(roundTrip),
      reader_rss_mb: rssMb,
      accuracy_on_part_frames: Math.round((correct / Math.max(1, frameCount)) * 1000) / 1000,
      part_frames: frameCount,
    };
    progress(`${detector} detector + ${recognizer} recogniser: ${JSON.stringify(figures)}`);
    return figures;
  } finally {
    await reader.close();
  }
}

const baseline = await measure('paddle', 'paddle');
const previous = await measure('paddle', 'plate');
const plate = await measure('plate', 'plate');

const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
console.log(
  JSON.stringify({
    bench: 'alpr',
    frames: frames.length,
    accuracy_part: PART,
    accuracy_figure: PART_MEANING[PART],
    frame: '1280x720 RGB, decoded beforehand',
    paddle_baseline: baseline,
    paddle_detector_plate_recognizer: previous,
    plate_detector_plate_recognizer: plate,
    plate_vs_baseline_median_ratio: ratio(plate.pipeline.median_ms, baseline.pipeline.median_ms),
    plate_vs_baseline_p95_ratio: ratio(plate.pipeline.p95_ms, baseline.pipeline.p95_ms),
    rss_total_mb: mb(process.memoryUsage().rss),
    load_average_1m: Math.round(loadavg()[0]! * 100) / 100,
    machine: machine(),
  }),
);
