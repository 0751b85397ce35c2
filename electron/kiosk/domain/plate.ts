/**
 * Licence plates. A read is kept as it came from the OCR or the keyboard (raw text, confidence, image ref) and as a
 * normalised key of 2..10 characters A-Z0-9. Entry and exit reads are matched with a weighted edit distance that
 * forgives the usual OCR confusions, never with a plain string compare.
 */
import { z } from 'zod';

export const PLATE_KEY_MIN = 2;
export const PLATE_KEY_MAX = 10;
/** Longest raw text accepted at the API edge, separators included. */
export const PLATE_RAW_MAX = 16;

export class PlateError extends Error {
  readonly code = 'plate_invalid' as const;
  constructor(message: string) {
    super(message);
    this.name = 'PlateError';
  }
}

// Whitespace, dashes, dots and middle dots, zero-width and other format characters (soft hyphen, BOM), '_' and '/'.
// Anything else that is not A-Z0-9 after folding is an error, so the attendant sees it rather than a silent guess.
const SEPARATORS = /[\s\p{Z}\p{Pd}\p{Cf}._/·•‧∙⋅・]/gu;
const MARKS = /\p{M}/gu;
const KEY_CHAR = /^[A-Z0-9]$/;
const PRINTABLE = /^[\p{L}\p{N}\p{P}\p{S}]$/u;

/** NFKD folds compatibility forms (full-width "Ａ", ligatures) and splits off diacritics (Ö -> O + ¨), which go. */
function fold(raw: string): string {
  const once = raw.normalize('NFKD').replace(MARKS, '').toUpperCase();
  // Upper-casing can produce composed letters again (e.g. "ǰ" -> "J̌"): decompose once more.
  return once.normalize('NFKD').replace(MARKS, '').replace(SEPARATORS, '');
}

function describe(ch: string): string {
  const hex = `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  return PRINTABLE.test(ch) ? `"${ch}" (${hex})` : hex;
}

/** Why `key` is not a valid plate key, or null when it is. Shared by normalisePlate and the schemas. */
function keyProblem(key: string): string | null {
  const chars = [...key];
  if (chars.length === 0) return 'plate is empty (no letters or digits)';
  const bad = chars.find((c) => !KEY_CHAR.test(c));
  if (bad !== undefined) return `plate contains ${describe(bad)}: only letters A-Z and digits 0-9 are allowed`;
  if (chars.length > PLATE_KEY_MAX) return `plate has ${chars.length} characters, at most ${PLATE_KEY_MAX}`;
  if (chars.length < PLATE_KEY_MIN) {
    return `plate has ${chars.length} character${chars.length === 1 ? '' : 's'}, at least ${PLATE_KEY_MIN}`;
  }
  return null;
}

/** "b-mw 1234" -> "BMW1234", "ÖL·12" -> "OL12". Throws PlateError saying what is wrong. Idempotent. */
export function normalisePlate(raw: string): string {
  if (typeof raw !== 'string') throw new PlateError('plate must be text');
  const key = fold(raw);
  const problem = keyProblem(key);
  if (problem !== null) throw new PlateError(problem);
  return key;
}

/** An already normalised key (e.g. a path parameter). No folding: "bmw1234" is rejected, naming the "b". */
export const plateKeySchema = z.string().superRefine((value, ctx) => {
  const problem = keyProblem(value);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});

/** Plate text as typed or read; outputs it unchanged (store it as read), call normalisePlate for the key. */
export const rawPlateSchema = z.string().superRefine((value, ctx) => {
  const length = [...value].length;
  if (length > PLATE_RAW_MAX) {
    ctx.addIssue({ code: 'custom', message: `plate as read has ${length} characters, at most ${PLATE_RAW_MAX}` });
    return;
  }
  const problem = keyProblem(fold(value));
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});

// OCR confusion classes, each folded to its digit. Only the house list (0/O, 1/I, 8/B, 5/S, 2/Z): 6/G and 7/T are
// left out on purpose, every extra class makes more unrelated plates collide (and 7/T is rare with our OCR).
const CONFUSABLE_PAIRS = ['0O', '1I', '8B', '5S', '2Z'] as const;
const FOLD_CODE = new Uint16Array(128).map((_, code) => code);
for (const pair of CONFUSABLE_PAIRS) FOLD_CODE[pair.charCodeAt(1)] = pair.charCodeAt(0);

function foldCode(code: number): number {
  return code < 128 ? FOLD_CODE[code]! : code;
}

/** Maps every confusable character to its class representative (the digit): "BOS" -> "805". */
export function foldConfusable(key: string): string {
  let out = '';
  for (let i = 0; i < key.length; i++) out += String.fromCharCode(foldCode(key.charCodeAt(i)));
  return out;
}

// Costs in quarters, so the arithmetic is exact integers (and the distance exactly symmetric).
const CONFUSION = 1; // 0.25
const INDEL = 3; // 0.75: one character missing or extra
const SUBSTITUTION = 4; // 1
const TRANSPOSITION = 4; // 1: adjacent characters swapped
let rows = [new Int32Array(16), new Int32Array(16), new Int32Array(16)];

/**
 * Weighted optimal-string-alignment distance (Damerau-Levenshtein with adjacent transpositions) between two keys.
 * Exact when it is at most `maxCost`; once it is known to exceed `maxCost` it returns Infinity without finishing.
 */
export function plateDistance(a: string, b: string, maxCost = Infinity): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  const max = maxCost * 4;
  if (Math.abs(la - lb) * INDEL > max) return Infinity;
  if (rows[0]!.length <= lb) rows = [new Int32Array(lb + 1), new Int32Array(lb + 1), new Int32Array(lb + 1)];
  let [older, prev, cur] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= lb; j++) prev[j] = j * INDEL;
  let prevMin = 0;
  for (let i = 1; i <= la; i++) {
    const ca = a.charCodeAt(i - 1);
    const fa = foldCode(ca);
    cur[0] = i * INDEL;
    let rowMin = cur[0];
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const sub = ca === cb ? 0 : fa === foldCode(cb) ? CONFUSION : SUBSTITUTION;
      let v = Math.min(prev[j - 1]! + sub, prev[j]! + INDEL, cur[j - 1]! + INDEL);
      if (i > 1 && j > 1 && ca !== cb && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        v = Math.min(v, older[j - 2]! + TRANSPOSITION);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    // Every later cell costs at least min(this row, previous row + a transposition): past the bound, give up.
    if (rowMin > max && prevMin + TRANSPOSITION > max) return Infinity;
    prevMin = rowMin;
    const spare = older;
    older = prev;
    prev = cur;
    cur = spare;
  }
  const cost = prev[lb]! / 4;
  return cost > maxCost ? Infinity : cost;
}

export interface PlateCandidate<T> {
  item: T;
  /** 1 / (1 + cost): 1 for an exact match, 0.8 for one confusion, 0.57 for a missing character, 0.5 at cost 1. */
  score: number;
  cost: number;
}

/**
 * The open sessions (or permits, ...) whose key is closest to `readKey`, best first: by cost, then by plateKey
 * (code-unit order), then input order. A candidate qualifies when cost <= maxCost (default 1) and also
 * cost <= 0.25 x the longer key's length, so a 2-3 character key cannot match through an unrelated substitution.
 */
export function rankPlateCandidates<T extends { plateKey: string }>(
  readKey: string,
  open: readonly T[],
  opts: { maxCost?: number; limit?: number } = {},
): Array<PlateCandidate<T>> {
  const problem = keyProblem(readKey);
  if (problem !== null) throw new PlateError(`read key is not normalised: ${problem}`);
  const maxCost = opts.maxCost ?? 1;
  const limit = Math.max(0, opts.limit ?? 5);
  const hits: Array<PlateCandidate<T>> = [];
  for (const item of open) {
    const bound = Math.min(maxCost, 0.25 * Math.max(readKey.length, item.plateKey.length));
    const cost = plateDistance(readKey, item.plateKey, bound);
    if (cost <= bound) hits.push({ item, score: 1 / (1 + cost), cost });
  }
  hits.sort((x, y) => x.cost - y.cost || compareKeys(x.item.plateKey, y.item.plateKey));
  return hits.slice(0, limit);
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
