/**
 * An erased driver's plates taken out of every record the site keeps, inside the erasure's transaction. Records kept
 * for money or the law stay, with the plate pseudonymised ('ERASED'): ended stays (times and money), debts (the
 * amount is still owed, but no lane can match it to a car any more), receipt and invoice bodies (numbers and amounts
 * unchanged), outbox rows (head office hears the erasure and erases its copy), SMS texts and the reader's
 * corrections; the plate's anti-passback state is forgotten. The audit log is the
 * exception: its hash chain covers each row, so a row that named a plate as typed (a manual entry or exit) keeps it
 * (README, "Rules the data keeps"). Plate photos of those stays are deleted after the commit (EvidenceKeeper).
 */
import type { Database } from 'better-sqlite3';
import { conflict } from '../errors';
import { foldConfusable } from '../domain/plate';

const PSEUDONYM = 'ERASED';

/** The forms a plate takes in stored text: as typed, its key, its folded key; longest first so no part is left. */
export function plateForms(plates: readonly { raw: string; key: string }[]): string[] {
  const forms = new Set<string>();
  for (const { raw, key } of plates) for (const form of [raw, raw.toUpperCase(), key, foldConfusable(key)]) if (form.length >= 2 && !form.startsWith(PSEUDONYM)) forms.add(form);
  return [...forms].sort((a, b) => b.length - a.length);
}

/**
 * Pseudonymises `plates` everywhere but the audit log; returns the ids of the stays whose photos must go. Refused
 * while one of the plates is inside (its stay is still to be paid and left).
 */
export function erasePlates(db: Database, plates: readonly { raw: string; key: string }[]): number[] {
  const keys = [...new Set(plates.map((p) => p.key))].filter((k) => !k.startsWith(PSEUDONYM));
  if (keys.length === 0) return [];
  const inList = `(${keys.map(() => '?').join(',')})`;
  const inside = db.prepare(`SELECT count(*) FROM sessions WHERE plate_key IN ${inList} AND status NOT IN ('closed','voided')`).pluck().get(...keys) as number;
  if (inside > 0) throw conflict('a car with one of this driver’s plates is inside: let it leave (or void its stay) before erasing');
  const sessionIds = db.prepare(`SELECT id FROM sessions WHERE plate_key IN ${inList}`).pluck().all(...keys) as number[];
  db.prepare(`UPDATE sessions SET plate_raw = '${PSEUDONYM}', plate_key = '${PSEUDONYM}', plate_fold = '${PSEUDONYM}', plate_image = NULL WHERE plate_key IN ${inList}`).run(...keys);
  db.prepare(`UPDATE debts SET plate_key = '${PSEUDONYM}', plate_fold = '${PSEUDONYM}' WHERE plate_key IN ${inList}`).run(...keys);
  // The reader's corrections stay counted (they measure the reader), without the plate, nor the read corrected to it
  // (that car's plate, misread: any text, so the scan below cannot find it by the plate's forms; head office's copy
  // of each correction loses it too). Anti-passback forgets it: none of the plates is inside, so 'unknown' is right.
  db.prepare(`UPDATE outbox SET payload = json_set(payload, '$.readKey', '${PSEUDONYM}') WHERE kind = 'plate_correction'
    AND json_extract(payload, '$.readKey') IS NOT NULL
    AND key IN (SELECT 'plate_correction:' || id FROM plate_corrections WHERE corrected_key IN ${inList})`).run(...keys);
  db.prepare(`UPDATE plate_corrections SET read_key = CASE WHEN read_key IS NULL THEN NULL ELSE '${PSEUDONYM}' END, corrected_key = '${PSEUDONYM}' WHERE corrected_key IN ${inList}`).run(...keys);
  db.prepare(`UPDATE plate_corrections SET read_key = '${PSEUDONYM}' WHERE read_key IN ${inList}`).run(...keys);
  const folds = [...new Set(keys.map(foldConfusable))];
  db.prepare(`DELETE FROM anti_passback WHERE plate_fold IN (${folds.map(() => '?').join(',')})`).run(...folds);
  // Stored text that may quote a plate: each form replaced where it occurs (a scan, as erasures are rare).
  for (const form of plateForms(plates)) {
    for (const [table, column] of [['receipts', 'body'], ['invoices', 'body'], ['outbox', 'payload'], ['sms_outbox', 'body']] as const) {
      db.prepare(`UPDATE ${table} SET ${column} = replace(${column}, @form, '${PSEUDONYM}') WHERE instr(${column}, @form) > 0`).run({ form });
    }
  }
  return sessionIds;
}
