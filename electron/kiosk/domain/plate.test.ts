import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  foldConfusable,
  normalisePlate,
  plateDistance,
  PlateError,
  plateKeySchema,
  rankPlateCandidates,
  rawPlateSchema,
} from './plate';

const KEY = /^[A-Z0-9]{2,10}$/;
const PARTNER: Record<string, string> = { '0': 'O', O: '0', '1': 'I', I: '1', '8': 'B', B: '8', '5': 'S', S: '5', '2': 'Z', Z: '2' };

const keyArb = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), minLength: 2, maxLength: 10 });

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
}

/** Plain full-matrix weighted OSA distance, written independently, to check the bounded one against. */
function referenceDistance(a: string, b: string): number {
  const confusable = (x: string, y: string) => PARTNER[x] === y;
  // d[i][j] = distance between a's first i and b's first j characters; the first row and column are all indels.
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 || j === 0 ? (i + j) * 0.75 : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const sub = a[i - 1] === b[j - 1] ? 0 : confusable(a[i - 1]!, b[j - 1]!) ? 0.25 : 1;
      let v = Math.min(d[i - 1]![j - 1]! + sub, d[i - 1]![j]! + 0.75, d[i]![j - 1]! + 0.75);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

describe('normalisePlate', () => {
  it.each([
    ['AB12 CDE', 'AB12CDE'], // UK
    ['ab12 cde', 'AB12CDE'],
    ['7ABC123', '7ABC123'], // US (California)
    ['ABC1D23', 'ABC1D23'], // Brazil, Mercosul
    ['ABC-1234', 'ABC1234'], // Brazil, old format
    ['B-MW 1234', 'BMW1234'], // Germany
    ['B·MW·1234', 'BMW1234'],
    ['M–AB.123', 'MAB123'],
    ['ÖL 12', 'OL12'],
    ['ČR-1234', 'CR1234'],
    ['ｂｍｗ１２３４', 'BMW1234'], // full-width
    ['\tAB\u00a012\u200bCD\n', 'AB12CD'], // tab, no-break space, zero-width space
    ['ab_12/cd', 'AB12CD'],
    ['AB', 'AB'],
    ['ABCDE12345', 'ABCDE12345'],
  ])('%j -> %s', (raw, key) => {
    expect(normalisePlate(raw)).toBe(key);
  });

  it.each([
    ['', 'plate is empty (no letters or digits)'],
    [' - . ', 'plate is empty (no letters or digits)'],
    ['A', 'plate has 1 character, at least 2'],
    ['A'.repeat(40), 'plate has 40 characters, at most 10'],
    ['AB😀12', 'plate contains "😀" (U+1F600): only letters A-Z and digits 0-9 are allowed'],
    ['AB\u000012', 'plate contains U+0000: only letters A-Z and digits 0-9 are allowed'],
    ['AB\ud83d12', 'plate contains U+D83D: only letters A-Z and digits 0-9 are allowed'],
    ['ÆB 123', 'plate contains "Æ" (U+00C6): only letters A-Z and digits 0-9 are allowed'],
    ['AB#123', 'plate contains "#" (U+0023): only letters A-Z and digits 0-9 are allowed'],
  ])('rejects %j: %s', (raw, message) => {
    const error = thrownBy(() => normalisePlate(raw));
    expect(error).toBeInstanceOf(PlateError);
    expect(error).toMatchObject({ code: 'plate_invalid', message });
  });

  it('rejects a non-string at runtime', () => {
    expect(thrownBy(() => normalisePlate(42 as unknown as string))).toBeInstanceOf(PlateError);
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (raw) => {
        let key: string;
        try {
          key = normalisePlate(raw);
        } catch {
          return;
        }
        expect(normalisePlate(key)).toBe(key);
      }),
    );
    fc.assert(fc.property(keyArb, (key) => {
        expect(normalisePlate(key)).toBe(key);
      }));
  });

  it('fuzz: returns a valid key or throws PlateError, nothing else', () => {
    const nasty = fc.constantFrom('😀', '🇩🇪', '\u0000', '\u001b', '\u007f', '\ud800', '\udfff', '\u200d', '\u202e', '̈', 'ß', 'ﬁ', '·', '-', ' ');
    const utf16 = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 24 }).map((codes) => String.fromCharCode(...codes));
    const mixed = fc.array(fc.oneof(nasty, fc.constantFrom(...'AB12 cd-ÖĆ'), fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 40 }).map((parts) => parts.join(''));
    const raw = fc.oneof(utf16, mixed, fc.string({ unit: 'binary', minLength: 30, maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 12 }));
    fc.assert(
      fc.property(raw, (input) => {
        try {
          expect(normalisePlate(input)).toMatch(KEY);
        } catch (error) {
          expect(error).toBeInstanceOf(PlateError);
          expect((error as PlateError).code).toBe('plate_invalid');
          expect((error as PlateError).message).toMatch(/^plate /);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('plate schemas', () => {
  it('rawPlateSchema accepts text that normalises and keeps it as read', () => {
    expect(rawPlateSchema.parse('B-MW 1234')).toBe('B-MW 1234');
  });

  it.each([
    ['AB 12 CD EF GH 12 3', 'plate as read has 19 characters, at most 16'],
    ['ABCDEFGHIJK', 'plate has 11 characters, at most 10'],
    ['AB😀1', 'plate contains "😀" (U+1F600): only letters A-Z and digits 0-9 are allowed'],
    ['--', 'plate is empty (no letters or digits)'],
  ])('rawPlateSchema rejects %j with the same message', (raw, message) => {
    const result = rawPlateSchema.safeParse(raw);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([message]);
  });

  it('plateKeySchema accepts only normalised keys', () => {
    expect(plateKeySchema.parse('BMW1234')).toBe('BMW1234');
    const result = plateKeySchema.safeParse('bmw1234');
    expect(result.error?.issues[0]?.message).toBe('plate contains "b" (U+0062): only letters A-Z and digits 0-9 are allowed');
    expect(plateKeySchema.safeParse('B MW1234').success).toBe(false);
    expect(plateKeySchema.safeParse(1234).success).toBe(false);
  });
});

describe('foldConfusable', () => {
  it('folds each confusion class to one representative', () => {
    expect(foldConfusable('OI8B5S2Z0')).toBe('018855220');
    expect(foldConfusable('AB12CDE')).toBe(foldConfusable('A8I2CDE'));
    expect(foldConfusable('OQDG6T7')).toBe('0QDG6T7'); // only the house classes: Q, D, G/6, T/7 stay apart
  });

  it('maps keys that differ only by confusions to the same string', () => {
    fc.assert(
      fc.property(keyArb, fc.infiniteStream(fc.boolean()), (key, flips) => {
        const variant = [...key].map((c) => (PARTNER[c] !== undefined && flips.next().value ? PARTNER[c] : c)).join('');
        expect(foldConfusable(variant)).toBe(foldConfusable(key));
      }),
    );
  });
});

describe('plateDistance', () => {
  it.each([
    ['AB12CDE', 'AB12CDE', 0],
    ['AB12CDE', 'A812CDE', 0.25], // B/8
    ['7ABC123', '7A8CIZ3', 0.75], // B/8, 1/I, 2/Z
    ['AB12CDE', 'AB12CD', 0.75], // missing
    ['7ABC123', '7ABC1234', 0.75], // extra
    ['BMW1234', 'BMW1243', 1], // adjacent transposition
    ['ABC1D23', 'ABC1E23', 1], // unrelated substitution
    ['AB12CDE', 'XY34FGH', 7],
  ])('%s vs %s = %d', (a, b, cost) => {
    expect(plateDistance(a, b)).toBe(cost);
    expect(plateDistance(b, a)).toBe(cost);
  });

  it('stops at maxCost', () => {
    expect(plateDistance('AB12CDE', 'XY34FGH', 1)).toBe(Infinity);
    expect(plateDistance('AB', 'ABCDE', 1)).toBe(Infinity);
    expect(plateDistance('AB12CDE', 'AB12CDF', 1)).toBe(1);
  });

  it('matches an independent full-matrix implementation, bounded or not', () => {
    const near = keyArb.chain((key) => fc.tuple(fc.constant(key), fc.oneof(keyArb, mutate(key))));
    fc.assert(
      fc.property(near, fc.constantFrom(0.25, 0.5, 1, 1.5, Infinity), ([a, b], maxCost) => {
        const exact = referenceDistance(a, b);
        expect(plateDistance(a, b)).toBe(exact);
        expect(plateDistance(a, b, maxCost)).toBe(exact <= maxCost ? exact : Infinity);
      }),
      { numRuns: 2000 },
    );
  });

  it('is symmetric and 0 only for equal keys', () => {
    fc.assert(
      fc.property(keyArb, keyArb, (a, b) => {
        expect(plateDistance(a, b)).toBe(plateDistance(b, a));
        expect(plateDistance(a, b) === 0).toBe(a === b);
        expect(plateDistance(a, a)).toBe(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('costs at most 0.25 per character between fold-equivalent keys', () => {
    fc.assert(
      fc.property(keyArb, fc.infiniteStream(fc.boolean()), (key, flips) => {
        const variant = [...key].map((c) => (PARTNER[c] !== undefined && flips.next().value ? PARTNER[c] : c)).join('');
        expect(plateDistance(key, variant)).toBeLessThanOrEqual(0.25 * key.length);
      }),
    );
  });
});

/** A key with a few random edits: substitutions, confusions, insertions, deletions, swaps. */
function mutate(key: string): fc.Arbitrary<string> {
  const edit = fc.tuple(fc.nat(), fc.constantFrom('sub', 'confuse', 'insert', 'delete', 'swap'), fc.constantFrom(...'AOB8S5Z2I1X'));
  return fc.array(edit, { maxLength: 3 }).map((edits) => {
    let s = key;
    for (const [at, kind, ch] of edits) {
      const i = at % Math.max(1, s.length);
      if (kind === 'sub') s = s.slice(0, i) + ch + s.slice(i + 1);
      if (kind === 'confuse') s = s.slice(0, i) + (PARTNER[s[i] ?? ''] ?? s[i] ?? '') + s.slice(i + 1);
      if (kind === 'insert' && s.length < 10) s = s.slice(0, i) + ch + s.slice(i);
      if (kind === 'delete' && s.length > 2) s = s.slice(0, i) + s.slice(i + 1);
      if (kind === 'swap' && i + 1 < s.length) s = s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
    }
    return s;
  });
}

describe('rankPlateCandidates', () => {
  const open = ['AB12CDE', '7ABC123', 'ABC1D23', 'BMW1234', 'KL55MNO', 'SO0ISZ', 'XY99XYZ', 'AB12CDF'].map((plateKey, id) => ({ id, plateKey }));
  const keysFor = (read: string, opts?: { maxCost?: number; limit?: number }) =>
    rankPlateCandidates(read, open, opts).map((c) => `${c.item.plateKey}@${c.cost}`);

  it.each([
    ['exact', 'AB12CDE', ['AB12CDE@0', 'AB12CDF@1']],
    ['one confusion', 'A812CDE', ['AB12CDE@0.25']],
    ['several confusions', '7A8CIZ3', ['7ABC123@0.75']],
    ['confusions all over', '5OOI5Z', ['SO0ISZ@0.75']],
    ['missing character', 'BMW123', ['BMW1234@0.75']],
    ['extra character', 'ABC1D234', ['ABC1D23@0.75']],
    ['transposition', 'BMW1243', ['BMW1234@1']],
    ['unrelated plate', 'PQ77RST', []],
    ['same letters, other plate', 'CDE12AB', []],
  ])('%s: %s', (_, read, expected) => {
    expect(keysFor(read)).toEqual(expected);
  });

  it('scores 1 for exact, decreasing with cost: 1 / (1 + cost)', () => {
    const [exact, near] = rankPlateCandidates('AB12CDE', open);
    expect(exact).toMatchObject({ score: 1, cost: 0, item: { id: 0 } });
    expect(near).toMatchObject({ score: 0.5, cost: 1 });
    expect(rankPlateCandidates('A812CDE', open)[0]?.score).toBe(0.8);
  });

  it('breaks ties by plateKey, then input order, and honours limit and maxCost', () => {
    const tied = [{ plateKey: 'AB12CDG', n: 1 }, { plateKey: 'AB12CDF', n: 2 }, { plateKey: 'AB12CDF', n: 3 }, { plateKey: 'AB12CDE', n: 4 }];
    const ranked = rankPlateCandidates('AB12CDX', tied);
    expect(ranked.map((c) => c.item.n)).toEqual([4, 2, 3, 1]);
    expect(rankPlateCandidates('AB12CDX', tied, { limit: 2 }).map((c) => c.item.n)).toEqual([4, 2]);
    expect(rankPlateCandidates('AB12CDX', tied, { maxCost: 0.75 })).toEqual([]);
    expect(keysFor('AB12CD', { maxCost: 2 })).toEqual(['AB12CDE@0.75', 'AB12CDF@0.75']);
  });

  it('does not let a short key match through an unrelated substitution', () => {
    const short = [{ plateKey: 'XB' }, { plateKey: 'A8' }, { plateKey: 'ABC' }];
    expect(rankPlateCandidates('AB', short).map((c) => c.item.plateKey)).toEqual(['A8', 'ABC']);
  });

  it('rejects a read that is not a normalised key', () => {
    expect(thrownBy(() => rankPlateCandidates('ab 12', open))).toBeInstanceOf(PlateError);
  });
});
