import { createHash } from 'node:crypto';

/**
 * The per-day checksum both sides compute for reconciliation: sha256 over "seq<TAB>key<LF>" for each change of that
 * site-local day, in seq order. Keys and seqs only: head office may store payloads in any form it likes.
 */
export function dayChecksum(changes: Iterable<{ readonly seq: number; readonly key: string }>): string {
  const hash = createHash('sha256');
  for (const change of changes) hash.update(`${change.seq}\t${change.key}\n`);
  return hash.digest('hex');
}
