import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditRowHash, type AuditRow, canonicalJson, checkAuditAnchor, GENESIS_HASH, nextAuditRow, verifyAuditChain } from './audit-chain';

type Fields = Pick<AuditRow, 'at' | 'actor' | 'action' | 'subject' | 'detail'>;

function chain(fields: readonly Fields[]): AuditRow[] {
  const rows: AuditRow[] = [];
  for (const f of fields) rows.push(nextAuditRow(rows.at(-1) ?? null, f));
  return rows;
}

const sample = chain(
  ['login', 'session.open', 'payment.capture', 'barrier.manual_open', 'session.close', 'logout'].map((action, i) => ({
    at: 1_760_000_000_000 + i * 60_000,
    actor: i % 2 ? 'attendant:7' : 'lane:exit-1',
    action,
    subject: i === 0 ? null : `session:${100 + i}`,
    detail: { reason: i === 3 ? 'driver lost ticket' : null, amount: { minor: 450 * i, currency: 'GBP' } },
  })),
);

/** Rebuilds objects with their keys inserted in reverse order, all the way down. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
}

describe('canonicalJson', () => {
  it('sorts keys by UTF-16 code unit, no whitespace', () => {
    expect(canonicalJson({ b: [1, { z: true, a: null }], a: 'x', é: 1, Z: 2, '10': 3, '2': 4 })).toBe(
      '{"10":3,"2":4,"Z":2,"a":"x","b":[1,{"a":null,"z":true}],"é":1}',
    );
  });

  it('follows JSON.stringify for everything that is not plain JSON', () => {
    const shared = { k: 1 };
    expect(canonicalJson({ u: undefined, f: () => 1, d: new Date(0), n: NaN, i: -Infinity, z: -0 })).toBe(
      '{"d":"1970-01-01T00:00:00.000Z","i":null,"n":null,"z":0}',
    );
    expect(canonicalJson([undefined, shared, shared, new String('s')])).toBe('[null,{"k":1},{"k":1},"s"]');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson('\ud800 "q"')).toBe(JSON.stringify('\ud800 "q"'));
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson([cyclic])).toThrow(/circular/);
  });

  it('does not depend on key insertion order and survives a JSON round trip', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(reverseKeys(value))).toBe(text);
        expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(text.replace(/"(?:[^"\\]|\\.)*"/g, '""')).not.toMatch(/\s/); // no whitespace outside strings
      }),
      { numRuns: 500 },
    );
  });
});

describe('auditRowHash', () => {
  it('is sha256 hex over the canonical JSON of the fields and prevHash', () => {
    const row = { seq: 1, at: 5, actor: 'a', action: 'x', subject: null, detail: { b: 1, a: [2] }, prevHash: GENESIS_HASH };
    const text = `{"action":"x","actor":"a","at":5,"detail":{"a":[2],"b":1},"prevHash":"${GENESIS_HASH}","seq":1,"subject":null}`;
    expect(auditRowHash(row)).toBe(createHash('sha256').update(text).digest('hex'));
    expect(auditRowHash({ ...row, hash: 'ignored' } as AuditRow)).toBe(auditRowHash(row));
    expect(auditRowHash({ ...row, detail: undefined })).toBe(auditRowHash({ ...row, detail: null }));
  });
});

describe('verifyAuditChain', () => {
  const tamper = (i: number, patch: Partial<AuditRow>) => sample.map((row, j) => (j === i ? { ...row, ...patch } : row));

  it('accepts an intact chain and an empty one', () => {
    expect(verifyAuditChain(sample)).toEqual({ ok: true, count: 6, lastHash: sample[5]!.hash });
    expect(verifyAuditChain([])).toEqual({ ok: true, count: 0, lastHash: GENESIS_HASH });
    expect(sample[0]!.prevHash).toBe(GENESIS_HASH);
    expect(sample[3]!.prevHash).toBe(sample[2]!.hash);
  });

  it('accepts rows read back from JSON text with their keys in another order', () => {
    const stored = sample.map((row) => JSON.stringify(reverseKeys(row)));
    expect(verifyAuditChain(stored.map((text) => JSON.parse(text) as AuditRow))).toMatchObject({ ok: true, count: 6 });
  });

  it('detects an edited row', () => {
    const edited = tamper(2, { detail: { reason: null, amount: { minor: 1, currency: 'GBP' } } });
    expect(verifyAuditChain(edited)).toEqual({ ok: false, count: 2, firstBadSeq: 3, reason: 'hash_mismatch' });
  });

  it('detects an edited row whose hash was recomputed', () => {
    const forged = { ...sample[2]!, actor: 'attendant:9' };
    const edited = tamper(2, { actor: 'attendant:9', hash: auditRowHash(forged) });
    expect(verifyAuditChain(edited)).toEqual({ ok: false, count: 3, firstBadSeq: 4, reason: 'broken_link' });
  });

  it('detects a deleted row, renumbered or not', () => {
    const deleted = sample.filter((_, i) => i !== 3);
    expect(verifyAuditChain(deleted)).toEqual({ ok: false, count: 3, firstBadSeq: 5, reason: 'gap_in_sequence' });
    const renumbered = deleted.map((row, i) => ({ ...row, seq: i + 1 }));
    expect(verifyAuditChain(renumbered)).toEqual({ ok: false, count: 3, firstBadSeq: 4, reason: 'broken_link' });
  });

  it('detects reordered and replayed rows', () => {
    const swapped = [...sample];
    [swapped[3], swapped[4]] = [swapped[4]!, swapped[3]!];
    expect(verifyAuditChain(swapped)).toEqual({ ok: false, count: 3, firstBadSeq: 5, reason: 'gap_in_sequence' });
    const replayed = [...sample.slice(0, 4), sample[3]!, ...sample.slice(4)];
    expect(verifyAuditChain(replayed)).toEqual({ ok: false, count: 4, firstBadSeq: 4, reason: 'gap_in_sequence' });
  });

  it('detects a truncated head and a forged genesis', () => {
    expect(verifyAuditChain(sample.slice(2))).toEqual({ ok: false, count: 0, firstBadSeq: 3, reason: 'not_starting_at_1' });
    const forged = { ...sample[0]!, prevHash: 'f'.repeat(64) };
    const rows = [{ ...forged, hash: auditRowHash(forged) }, ...sample.slice(1)];
    expect(verifyAuditChain(rows)).toEqual({ ok: false, count: 0, firstBadSeq: 1, reason: 'broken_link' });
  });

  it('reports a truncated tail only through count and lastHash (compare with an anchor)', () => {
    const verdict = verifyAuditChain(sample.slice(0, 4));
    expect(verdict).toEqual({ ok: true, count: 4, lastHash: sample[3]!.hash });
    expect(verdict.ok && verdict.lastHash).not.toBe(sample[5]!.hash);
  });

  it('streams: consumes rows lazily and stops at the first bad one', () => {
    let pulled = 0;
    function* rows(): Generator<AuditRow> {
      let prev: AuditRow | null = null;
      for (let i = 0; i < 20_000; i++) {
        pulled++;
        const row: AuditRow = nextAuditRow(prev, { at: i, actor: 'lane:1', action: 'read', subject: null, detail: { i } });
        yield i === 10_000 ? { ...row, actor: 'x' } : row;
        prev = row;
      }
    }
    expect(verifyAuditChain(rows())).toEqual({ ok: false, count: 10_000, firstBadSeq: 10_001, reason: 'hash_mismatch' });
    expect(pulled).toBe(10_001);
  });

  it('property: any single-field edit of any row is detected at that row', () => {
    const fieldsArb = fc.record({
      at: fc.integer({ min: 0, max: 2 ** 42 }),
      actor: fc.string({ maxLength: 8 }),
      action: fc.string({ maxLength: 8 }),
      subject: fc.option(fc.string({ maxLength: 8 }), { nil: null }),
      detail: fc.jsonValue({ maxDepth: 2 }),
    });
    const hex = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });
    const edits: Record<keyof AuditRow, fc.Arbitrary<unknown>> = {
      seq: fc.integer({ min: -5, max: 50 }),
      at: fc.integer({ min: 0, max: 2 ** 42 }),
      actor: fc.string({ maxLength: 8 }),
      action: fc.string({ maxLength: 8 }),
      subject: fc.option(fc.string({ maxLength: 8 }), { nil: null }),
      detail: fc.jsonValue({ maxDepth: 2 }),
      prevHash: hex,
      hash: hex,
    };
    const edit = fc.constantFrom(...(Object.keys(edits) as Array<keyof AuditRow>)).chain((field) => fc.tuple(fc.constant(field), edits[field]));
    fc.assert(
      fc.property(fc.array(fieldsArb, { minLength: 1, maxLength: 8 }), fc.nat(), edit, (fields, at, [field, value]) => {
        const rows = chain(fields);
        const i = at % rows.length;
        fc.pre(canonicalJson(value) !== canonicalJson(rows[i]![field]));
        rows[i] = { ...rows[i]!, [field]: value } as AuditRow;
        expect(verifyAuditChain(chain(fields))).toMatchObject({ ok: true });
        expect(verifyAuditChain(rows)).toMatchObject({ ok: false, count: i });
      }),
      { numRuns: 1000 },
    );
  });
});

describe('checkAuditAnchor', () => {
  const rows = (n: number) => {
    const out: AuditRow[] = [];
    for (let i = 0; i < n; i++) out.push(nextAuditRow(out[i - 1] ?? null, { at: i, actor: 'anna', action: 'test', subject: null, detail: { i } }));
    return out;
  };
  const chain = rows(5);
  const anchorOf = (row: AuditRow) => ({ seq: row.seq, hash: row.hash });

  it('passes a chain that ends at the anchor, and an empty log with no anchor', () => {
    expect(checkAuditAnchor(verifyAuditChain(chain), anchorOf(chain[4]!))).toMatchObject({ ok: true, count: 5 });
    expect(checkAuditAnchor(verifyAuditChain([]), null)).toMatchObject({ ok: true, count: 0 });
  });

  it('fails a chain cut off its tail, at the first missing row', () => {
    expect(checkAuditAnchor(verifyAuditChain(chain.slice(0, 3)), anchorOf(chain[4]!))).toEqual({ ok: false, count: 3, firstBadSeq: 4, reason: 'anchor_mismatch' });
    expect(checkAuditAnchor(verifyAuditChain([]), anchorOf(chain[4]!))).toMatchObject({ ok: false, firstBadSeq: 1 });
  });

  it('fails a chain whose last row was rewritten (chain re-hashed) or whose anchor copy lost rows', () => {
    const rewritten = [...chain.slice(0, 4), nextAuditRow(chain[3]!, { at: 9, actor: 'mallory', action: 'test', subject: null, detail: null })];
    expect(checkAuditAnchor(verifyAuditChain(rewritten), anchorOf(chain[4]!))).toEqual({ ok: false, count: 4, firstBadSeq: 5, reason: 'anchor_mismatch' });
    expect(checkAuditAnchor(verifyAuditChain(chain), anchorOf(chain[2]!))).toEqual({ ok: false, count: 3, firstBadSeq: 4, reason: 'anchor_mismatch' });
  });

  it('leaves a broken chain as it was found', () => {
    const broken = verifyAuditChain([chain[0]!, chain[2]!]);
    expect(checkAuditAnchor(broken, anchorOf(chain[4]!))).toBe(broken);
  });
});
