/**
 * Which recognised text is the plate. Every text line in the frame is a candidate: the plate, but also state
 * names, slogans, dealer frames, phone numbers on vans, the camera's timestamp. A candidate scores by its
 * recogniser confidence, whether it fits a configured plate format (after confusable fixes the recogniser
 * supports), the shape of its text line, and its size against the frame's other text.
 */
import { calibratedConfidence, type Calibration, type ReadFeatures } from './calibration';
import type { Point, PlateRead } from './reader';
import { matchesFormat, settleFormat, type CharOptions, type PlateFormat, type SiteFormats } from './plate-formats';

export interface Candidate {
  quad: [Point, Point, Point, Point];
  chars: CharOptions[];
  /** The plate detector's confidence that this box is a plate (0..1); absent for a text detector's lines. */
  detectorScore?: number;
}

export interface RankOptions {
  formats: SiteFormats;
  /** Candidates scoring below this are not plates ("no plate" when none is left). */
  minScore: number;
  maxPlates: number;
  /** Write the letter O as the digit 0 (regions whose plates do: plate-formats.writesOAsZero). */
  oAsZero?: boolean;
  /** Turns what is known about a read into P(right) (calibration.ts); without it the confidence is the raw score. */
  calibration?: Calibration | undefined;
}

interface Scored { read: PlateRead; score: number; features: Omit<ReadFeatures, 'agreement' | 'rival'> }

const dist = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

/** The plate detector's score above which a box is a plate even when its text is letters only (a vanity plate). */
const SURE_PLATE = 0.5;

/**
 * How plate-like a text is, 0..1, before looking at the image. Letters only are a state name, a slogan or
 * "DEALER" on a text line, but on a box the plate detector is sure of they are a vanity plate ("FZ RULZ").
 */
function formatEvidence(text: string, formats: readonly PlateFormat[], detectorScore: number | undefined): number {
  if (matchesFormat(text, formats)) return 1;
  const digits = text.replace(/\D/g, '').length;
  const plateLength = text.length >= 4 && text.length <= 8;
  if (!digits) return plateLength && (detectorScore ?? 0) >= SURE_PLATE ? 0.3 : 0.02;
  if (!plateLength) return 0.05; // phone numbers, timestamps, stray characters
  return text.length >= 5 ? 0.4 : 0.15; // a plate of a format the site did not configure (vanity, other state)
}

export function rankCandidates(candidates: readonly Candidate[], options: RankOptions): PlateRead[] {
  const scored: Scored[] = [];
  const heights = candidates.map((c) => (dist(c.quad[0], c.quad[3]) + dist(c.quad[1], c.quad[2])) / 2);
  const plausibleHeights = candidates.flatMap((c, i) => (c.chars.length >= 4 && c.chars.some((o) => o.char >= '0' && o.char <= '9') ? [heights[i]!] : []));
  const tallest = Math.max(1, ...plausibleHeights);
  candidates.forEach((candidate, i) => {
    const raw = candidate.chars.map((c) => c.char).join('');
    if (raw.length < 2) return;
    const fix = settleFormat(candidate.chars, options.formats);
    const text = spell(fix?.text ?? raw, options);
    const charConfidences = candidate.chars.map((c, k) => fix?.changed.find((x) => x.index === k)?.p ?? c.p);
    const recogniser = Math.exp(charConfidences.reduce((s, p) => s + Math.log(Math.max(p, 1e-6)), 0) / charConfidences.length);
    const evidence = formatEvidence(text, options.formats.all, candidate.detectorScore);
    const height = heights[i]!;
    const aspect = (dist(candidate.quad[0], candidate.quad[1]) + dist(candidate.quad[3], candidate.quad[2])) / 2 / Math.max(1, height);
    const shape = aspect >= 1.3 && aspect <= 10 ? 1 : 0.4;
    const size = Math.sqrt(Math.min(1, height / tallest));
    const confidence = round(recogniser * evidence);
    // A plate detector's score counts, softly: it separates a plate from a sign, but a faint plate still reads.
    const detector = candidate.detectorScore === undefined ? 1 : Math.sqrt(candidate.detectorScore);
    const score = confidence * shape * size * detector;
    if (score < options.minScore) return;
    const alternatives = alternativesOf(candidate.chars, charConfidences, text, confidence, options, fix ? raw : undefined);
    const corners = candidate.quad.map((p) => ({ x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 })) as Candidate['quad'];
    const features = { meanCharP: round(recogniser), minCharP: round(Math.min(...charConfidences)), detectorScore: round(candidate.detectorScore ?? 1), formatFit: evidence, heightPx: Math.round(height), swaps: fix?.changed.length ?? 0 };
    scored.push({ read: { box: boundingBox(candidate.quad), corners, text, confidence, charConfidences: charConfidences.map(round), alternatives }, score, features });
  });
  scored.sort((a, b) => b.score - a.score);
  // The same plate read twice (a text line and the merged line around it, or one box at several margins): keep the
  // better one, and count how many of its reads agreed.
  const kept: Scored[] = [];
  for (const s of scored) if (!kept.some((k) => overlaps(k.read.box, s.read.box))) kept.push(s);
  return kept.slice(0, options.maxPlates).map((s, i) => {
    const same = scored.filter((o) => overlaps(o.read.box, s.read.box));
    const rival = Math.max(0, ...kept.filter((_, k) => k !== i).map((o) => o.score));
    const features: ReadFeatures = { ...s.features, agreement: round(same.filter((o) => o.read.text === s.read.text).length / same.length), rival: round(Math.min(1, rival / Math.max(s.score, 1e-6))) };
    return calibrated({ ...s.read, features }, features, options.calibration);
  });
}

/** The read with its confidence as P(right); its alternatives scaled alike, never above what the read leaves. */
function calibrated(read: PlateRead, features: ReadFeatures, calibration: Calibration | undefined): PlateRead {
  if (!calibration) return read;
  const confidence = round(calibratedConfidence(calibration, features));
  const scale = confidence / Math.max(read.confidence, 1e-6);
  return { ...read, confidence, alternatives: read.alternatives.map((a) => ({ ...a, confidence: round(Math.min(a.confidence * scale, 1 - confidence)) })) };
}

const spell = (text: string, options: RankOptions) => (options.oAsZero ? text.replaceAll('O', '0') : text);

/** Readings with the least sure character replaced by the recogniser's runner-up there, best first. */
function alternativesOf(chars: readonly CharOptions[], conf: readonly number[], text: string, confidence: number, options: RankOptions, unfixed?: string): PlateRead['alternatives'] {
  const out = new Map<string, number>();
  if (unfixed && spell(unfixed, options) !== text) out.set(spell(unfixed, options), confidence * 0.5);
  chars.forEach((c, i) => {
    const alt = c.alternatives[0];
    if (!alt || alt.p < 0.01) return;
    const candidate = spell(text.slice(0, i) + alt.char + text.slice(i + 1), options);
    if (candidate !== text) out.set(candidate, Math.max(out.get(candidate) ?? 0, round((confidence * alt.p) / Math.max(conf[i]!, 1e-6))));
  });
  return [...out].map(([t, c]) => ({ text: t, confidence: round(c) })).sort((a, b) => b.confidence - a.confidence).slice(0, 3);
}

function boundingBox(quad: readonly Point[]): PlateRead['box'] {
  const xs = quad.map((p) => p.x), ys = quad.map((p) => p.y);
  const x = Math.floor(Math.min(...xs)), y = Math.floor(Math.min(...ys));
  return { x, y, width: Math.ceil(Math.max(...xs)) - x, height: Math.ceil(Math.max(...ys)) - y };
}

function overlaps(a: PlateRead['box'], b: PlateRead['box']): boolean {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x), h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 && w * h > 0.5 * Math.min(a.width * a.height, b.width * b.height);
}

const round = (v: number) => Math.round(v * 1000) / 1000;
