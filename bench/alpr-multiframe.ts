/**
 * What voting over frames buys. A lane sees a car in several frames; here each photo of one part of the split
 * (ALPR_PART, default validation; test once a candidate is final) becomes 7 frames: the photo and the 6 of
 * native/alpr/frame-variants.ts (shifted, scaled, blurred, darker, brighter). Each frame is read as `alpr eval`
 * reads (each folder as its own site: evaluate.ts siteForFolder), then the lanes' own character-wise vote (domain/lanes/plate-vote.ts voteOn)
 * turns the 7 reads into one plate (`vote_over_frames`), and a lane's PlateVote, given the frames 100 ms apart in
 * that order, reports what a lane would decide on (`lane_vote`: it settles on the first two frames that agree).
 * Reported side by side: the single photo, each variant alone, and the votes;
 * exact match, the expected calibration error (`ece`), and at the lanes' default threshold the share trusted and
 * the share of all cars trusted wrong.
 * Frames made from one photo are more alike than a real lane's frames of a moving car: an optimistic vote.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MIN_CONFIDENCE } from '../electron/kiosk/domain/lanes/lane-policy';
import { PlateVote, voteOn, type FramePlate, type VotedPlate } from '../electron/kiosk/domain/lanes/plate-vote';
import { calibrationReport, listLabelled, PART_MEANING, PerFolderReader, selectPart, SPLIT_PARTS, type SplitPart } from '../native/alpr/evaluate';
import { FRAME_VARIANTS } from '../native/alpr/frame-variants';
import { findAppRoot } from '../native/alpr/models';
import { machine } from './lib/measure';

const DATA = process.env['ALPR_DATA'] ?? join(findAppRoot(), '..', 'shared', 'alpr');
const PART = (process.env['ALPR_PART'] ?? 'validation') as SplitPart | 'all';
if (PART !== 'all' && !SPLIT_PARTS.includes(PART)) throw new Error(`ALPR_PART must be one of ${SPLIT_PARTS.join(', ')}, all`);
const progress = (text: string) => process.stderr.write(`[bench alpr-multiframe] ${text}\n`);

const photos = selectPart(listLabelled(DATA), PART);
if (!photos.length) throw new Error(`no labelled photos of part ${PART} under ${DATA} (set ALPR_DATA)`);
progress(`${photos.length} photos x ${FRAME_VARIANTS.length + 1} frames, ${PART_MEANING[PART]}`);

interface Outcome {
  text: string | null;
  confidence: number;
}
const FRAMES = ['as_is', ...FRAME_VARIANTS.map((v) => v.name)];
const outcomes: Record<string, Outcome[]> = Object.fromEntries([...FRAMES, 'vote', 'lane'].map((name) => [name, []]));

/** What a lane's vote reports for these reads, arriving one frame every 100 ms (flushed after the last). */
function laneVote(reads: readonly (FramePlate | null)[]): VotedPlate | null {
  const vote = new PlateVote();
  for (const [k, read] of reads.entries()) {
    const settled = vote.add(read, k * 100);
    if (settled) return settled;
  }
  return vote.flush(60_000);
}
const expected: string[] = [];

const reader = new PerFolderReader({ detector: 'plate', recognizer: 'plate' });
try {
  for (const [i, item] of photos.entries()) {
    const bytes = readFileSync(item.image);
    const frames = [bytes, ...(await Promise.all(FRAME_VARIANTS.map((v) => v.make(bytes))))];
    const reads: (FramePlate | null)[] = [];
    for (const [k, frame] of frames.entries()) {
      const best = (await reader.readImage(frame, item)).plates[0];
      outcomes[FRAMES[k]!]!.push({ text: best?.text ?? null, confidence: best?.confidence ?? 0 });
      reads.push(best ? { text: best.text, confidence: best.confidence, charConfidences: best.charConfidences } : null);
    }
    const plates = reads.filter((r): r is FramePlate => r !== null);
    const voted = plates.length ? voteOn(plates) : null;
    outcomes['vote']!.push({ text: voted?.key ?? null, confidence: voted?.confidence ?? 0 });
    const lane = laneVote(reads);
    outcomes['lane']!.push({ text: lane?.key ?? null, confidence: lane?.confidence ?? 0 });
    expected.push(item.plate);
    if ((i + 1) % 10 === 0) progress(`${i + 1}/${photos.length}`);
  }
} finally {
  await reader.close();
}

const share = (n: number) => Math.round((n / photos.length) * 10000) / 10000;
function figures(list: Outcome[]) {
  const right = list.filter((o, i) => o.text === expected[i]).length;
  const trusted = list.filter((o) => o.text !== null && o.confidence >= DEFAULT_MIN_CONFIDENCE);
  const trustedWrong = list.filter((o, i) => o.text !== null && o.confidence >= DEFAULT_MIN_CONFIDENCE && o.text !== expected[i]).length;
  const ece = calibrationReport(list.map((o, i) => ({ expected: expected[i]!, read: o.text, confidence: o.confidence }))).ece;
  return { exact: share(right), trusted: share(trusted.length), trusted_wrong: share(trustedWrong), ece };
}
const perFrame = Object.fromEntries(FRAMES.map((name) => [name, figures(outcomes[name]!)]));
console.log(
  JSON.stringify({
    bench: 'alpr-multiframe',
    part: PART,
    figure: PART_MEANING[PART],
    photos: photos.length,
    frames_per_car: FRAMES.length,
    threshold: DEFAULT_MIN_CONFIDENCE,
    single_photo: perFrame['as_is'],
    each_frame_alone: perFrame,
    vote_over_frames: figures(outcomes['vote']!),
    lane_vote: figures(outcomes['lane']!),
    threads: reader.threads,
    load_average_1m: Math.round(loadavg()[0]! * 100) / 100,
    machine: machine(),
  }),
);
