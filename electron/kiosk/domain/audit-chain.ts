/**
 * Append-only, hash-chained audit rows: each row's hash covers its fields and the previous row's hash, so editing,
 * deleting, reordering or cutting off the head of the log is detected. Cutting off the tail is not detectable from
 * the rows alone: checkAuditAnchor compares the verified head with an anchor kept elsewhere (the store uses the
 * sync outbox, which carries every audit row in the same transaction and is never pruned). The hash is sha256 over a canonical JSON that another language can reproduce (RFC 8785-like).
 */
import { createHash } from 'node:crypto';

export interface AuditRow {
  seq: number;
  /** Epoch ms, UTC. */
  at: number;
  actor: string;
  action: string;
  subject: string | null;
  /** Any JSON value, as parsed (not as text): undefined counts as null. */
  detail: unknown;
  prevHash: string;
  hash: string;
}

export type AuditVerdict =
  | { ok: true; count: number; lastHash: string }
  | {
      ok: false;
      /** Rows verified good before the bad one. */
      count: number;
      firstBadSeq: number;
      reason: 'hash_mismatch' | 'broken_link' | 'gap_in_sequence' | 'not_starting_at_1' | 'anchor_mismatch';
    };

export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted by UTF-16 code units and no whitespace. Same value model as JSON.stringify (toJSON;
 * undefined and functions dropped from objects, null in arrays or at the top; non-finite numbers -> null; BigInt and
 * cycles throw), so a value hashes the same before and after a round trip through JSON text in the database.
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set()) ?? 'null';
}

/** undefined for what JSON.stringify leaves out: undefined, functions, symbols. */
function write(input: unknown, open: Set<object>): string | undefined {
  let value = input;
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean) value = value.valueOf();
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (typeof value === 'bigint') throw new TypeError('canonicalJson: BigInt is not JSON');
  if (typeof value !== 'object') return undefined;
  if (open.has(value)) throw new TypeError('canonicalJson: circular structure');
  open.add(value);
  let out: string;
  if (Array.isArray(value)) {
    out = `[${value.map((item) => write(item, open) ?? 'null').join(',')}]`;
  } else {
    const record = value as Record<string, unknown>;
    const fields: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const text = write(record[key], open);
      if (text !== undefined) fields.push(`${JSON.stringify(key)}:${text}`);
    }
    out = `{${fields.join(',')}}`;
  }
  open.delete(value);
  return out;
}

/** sha256 hex over the canonical JSON of the row's fields and prevHash (a `hash` field, if present, is ignored). */
export function auditRowHash(row: Omit<AuditRow, 'hash'>): string {
  const { seq, at, actor, action, subject, detail, prevHash } = row;
  const text = canonicalJson({ seq, at, actor, action, subject, detail: detail ?? null, prevHash });
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The row that follows `prev` (null for the first row of the log). The caller supplies the clock reading. */
export function nextAuditRow(
  prev: Pick<AuditRow, 'seq' | 'hash'> | null,
  fields: Pick<AuditRow, 'at' | 'actor' | 'action' | 'subject' | 'detail'>,
): AuditRow {
  const unhashed = { ...fields, seq: (prev?.seq ?? 0) + 1, prevHash: prev?.hash ?? GENESIS_HASH };
  return { ...unhashed, hash: auditRowHash(unhashed) };
}

/** Checks rows in order as they stream past (one row of memory), stopping at the first bad one. */
export function verifyAuditChain(rows: Iterable<AuditRow>): AuditVerdict {
  let count = 0;
  let lastSeq = 0;
  let lastHash = GENESIS_HASH;
  for (const row of rows) {
    const bad = (reason: Extract<AuditVerdict, { ok: false }>['reason']): AuditVerdict => ({
      ok: false,
      count,
      firstBadSeq: row.seq,
      reason,
    });
    if (count === 0 && row.seq !== 1) return bad('not_starting_at_1');
    if (row.seq !== lastSeq + 1) return bad('gap_in_sequence');
    if (row.prevHash !== lastHash) return bad('broken_link');
    if (row.hash !== auditRowHash(row)) return bad('hash_mismatch');
    count++;
    lastSeq = row.seq;
    lastHash = row.hash;
  }
  return { ok: true, count, lastHash };
}

/** The newest audit row as recorded outside audit_log (seq and hash), or null when none was ever recorded. */
export interface AuditAnchor {
  seq: number;
  hash: string;
}

/**
 * A chain that verifies must also end where the anchor says: rows cut off the tail (or the anchor's copy cut off
 * its own tail) show as an anchor mismatch at the first row the two disagree on.
 */
export function checkAuditAnchor(verdict: AuditVerdict, anchor: AuditAnchor | null): AuditVerdict {
  if (!verdict.ok) return verdict;
  const anchored = anchor ?? { seq: 0, hash: GENESIS_HASH };
  if (anchored.seq === verdict.count && anchored.hash === verdict.lastHash) return verdict;
  if (anchored.seq === verdict.count) return { ok: false, count: verdict.count - 1, firstBadSeq: verdict.count, reason: 'anchor_mismatch' };
  const agreed = Math.min(anchored.seq, verdict.count);
  return { ok: false, count: agreed, firstBadSeq: agreed + 1, reason: 'anchor_mismatch' };
}
