/**
 * CTC greedy decoding with per-character confidences and runners-up. Works for any recogniser given a map from its
 * classes to plate characters (A-Z0-9) or null: PaddleOCR's general model has 6,625 classes (Chinese, punctuation,
 * lower case); characters that are not plate characters are skipped, not guessed.
 */
import type { CharOptions } from './plate-formats';

export interface CtcAlphabet {
  /** classChar[k] = the plate character of class k, or null (blank, punctuation, anything not A-Z0-9). */
  classChar: (string | null)[];
  blank: number;
}

export function alphabetFrom(chars: readonly string[], blank = 0, offset = 1): CtcAlphabet {
  const classChar: (string | null)[] = new Array(chars.length + offset).fill(null);
  chars.forEach((c, i) => {
    const up = c.toUpperCase();
    classChar[i + offset] = /^[A-Z0-9]$/.test(up) ? up : null;
  });
  return { classChar, blank };
}

/** Softmax over the last axis, in place; for recognisers whose output is raw logits. */
export function softmaxRows(values: Float32Array, classes: number): void {
  for (let o = 0; o < values.length; o += classes) {
    let max = -Infinity;
    for (let k = 0; k < classes; k++) max = Math.max(max, values[o + k]!);
    let sum = 0;
    for (let k = 0; k < classes; k++) sum += values[o + k] = Math.exp(values[o + k]! - max);
    for (let k = 0; k < classes; k++) values[o + k]! /= sum;
  }
}

/**
 * Decodes one sequence of probabilities [T, C]. A character's confidence is its best frame's probability; its
 * runners-up are the other plate characters at that frame (top 3).
 */
export function ctcGreedy(probs: Float32Array, steps: number, classes: number, alphabet: CtcAlphabet): CharOptions[] {
  const out: CharOptions[] = [];
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    const o = t * classes;
    let best = 0;
    for (let k = 1; k < classes; k++) if (probs[o + k]! > probs[o + best]!) best = k;
    const char = alphabet.classChar[best] ?? null;
    if (best !== alphabet.blank && char !== null) {
      const p = probs[o + best]!;
      if (best === previous) {
        const last = out[out.length - 1]!;
        if (p > last.p) Object.assign(last, { p, alternatives: runnersUp(probs, o, classes, alphabet, best) });
      } else out.push({ char, p, alternatives: runnersUp(probs, o, classes, alphabet, best) });
    }
    previous = best;
  }
  return out;
}

function runnersUp(probs: Float32Array, o: number, classes: number, alphabet: CtcAlphabet, chosen: number): { char: string; p: number }[] {
  const top: { char: string; p: number }[] = [];
  for (let k = 0; k < classes; k++) {
    const char = alphabet.classChar[k];
    if (k === chosen || !char || char === alphabet.classChar[chosen]) continue;
    const p = probs[o + k]!;
    if (top.length < 3 || p > top[top.length - 1]!.p) {
      const same = top.findIndex((a) => a.char === char);
      if (same >= 0) { top[same]!.p += p; top.sort((a, b) => b.p - a.p); continue; } // 'a' and 'A' are one plate character
      top.push({ char, p });
      top.sort((a, b) => b.p - a.p);
      if (top.length > 3) top.pop();
    }
  }
  return top;
}
