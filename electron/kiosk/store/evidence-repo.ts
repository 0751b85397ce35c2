import type { Database } from 'better-sqlite3';
import { byLaneAndPercent } from './by-lane-and-percent';

export interface NewEvidence {
  readonly laneId: string;
  readonly stage: 'entry' | 'exit';
  readonly capturedAt: number;
  /** Paths relative to the evidence folder, never absolute: the data folder can move. */
  readonly frameFile: string;
  readonly cropFile: string | null;
}

export interface Evidence extends NewEvidence {
  readonly id: number;
  readonly sessionId: number | null;
  readonly purgedAt: number | null;
}

export interface PlateCorrection {
  readonly at: number;
  /** The lane whose reader read it: where the car stood, or where the fixed session entered. */
  readonly laneId: string;
  /** At the lane while the car waited, or on the session afterwards. */
  readonly stage: 'lane' | 'session';
  readonly sessionId: number | null;
  readonly readKey: string | null;
  readonly readConfidence: number | null;
  readonly correctedKey: string;
  readonly evidenceId: number | null;
  readonly by: string;
  readonly reason: string;
}

interface EvidenceRow {
  id: number;
  session_id: number | null;
  lane_id: string;
  stage: 'entry' | 'exit';
  captured_at: number;
  frame_file: string;
  crop_file: string | null;
  purged_at: number | null;
}

const toEvidence = (row: EvidenceRow): Evidence => ({
  id: row.id,
  sessionId: row.session_id,
  laneId: row.lane_id,
  stage: row.stage,
  capturedAt: row.captured_at,
  frameFile: row.frame_file,
  cropFile: row.crop_file,
  purgedAt: row.purged_at,
});

/** Evidence images behind decisions (files beside the database) and the attendants' plate corrections. */
export class EvidenceRepo {
  constructor(private readonly db: Database) {}

  insert(evidence: NewEvidence, sessionId: number | null): Evidence {
    const { lastInsertRowid } = this.db
      .prepare(`INSERT INTO evidence (session_id, lane_id, stage, captured_at, frame_file, crop_file) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(sessionId, evidence.laneId, evidence.stage, evidence.capturedAt, evidence.frameFile, evidence.cropFile);
    return this.require(Number(lastInsertRowid));
  }

  require(id: number): Evidence {
    const row = this.db.prepare('SELECT * FROM evidence WHERE id = ?').get(id) as EvidenceRow | undefined;
    if (!row) throw new Error(`evidence ${id} does not exist`);
    return toEvidence(row);
  }

  forSession(sessionId: number): Evidence[] {
    return (this.db.prepare('SELECT * FROM evidence WHERE session_id = ? ORDER BY captured_at').all(sessionId) as EvidenceRow[]).map(toEvidence);
  }

  /** Unpurged evidence captured before `before`, oldest first, a batch at a time. */
  due(before: number, limit: number): Evidence[] {
    return (this.db.prepare('SELECT * FROM evidence WHERE purged_at IS NULL AND captured_at < ? ORDER BY captured_at LIMIT ?').all(before, limit) as EvidenceRow[]).map(toEvidence);
  }

  /** The oldest evidence whose files are still kept, whatever its age: what goes first when the disk runs low. */
  oldestKept(limit: number): Evidence[] {
    return (this.db.prepare('SELECT * FROM evidence WHERE purged_at IS NULL ORDER BY captured_at LIMIT ?').all(limit) as EvidenceRow[]).map(toEvidence);
  }

  markPurged(id: number, at: number): void {
    this.db.prepare('UPDATE evidence SET purged_at = ? WHERE id = ? AND purged_at IS NULL').run(at, id);
  }

  addCorrection(correction: PlateCorrection): number {
    const { lastInsertRowid } = this.db
      .prepare(`INSERT INTO plate_corrections (at, lane_id, stage, session_id, read_key, read_confidence, corrected_key, evidence_id, by, reason)
        VALUES (@at, @laneId, @stage, @sessionId, @readKey, @readConfidence, @correctedKey, @evidenceId, @by, @reason)`)
      .run(correction);
    return Number(lastInsertRowid);
  }

  corrections(limit: number): PlateCorrection[] {
    const rows = this.db.prepare('SELECT * FROM plate_corrections ORDER BY id DESC LIMIT ?').all(limit) as Array<Record<string, unknown>>;
    return rows.map((row) => ({
      at: row.at as number,
      laneId: row.lane_id as string,
      stage: row.stage as PlateCorrection['stage'],
      sessionId: row.session_id as number | null,
      readKey: row.read_key as string | null,
      readConfidence: row.read_confidence as number | null,
      correctedKey: row.corrected_key as string,
      evidenceId: row.evidence_id as number | null,
      by: row.by as string,
      reason: row.reason as string,
    }));
  }

  /**
   * Per lane since `since`: the corrected reads by the reader's confidence in whole percent (floor); all of them, or
   * only those corrected at the lane (their session holds the person's plate, not the read).
   */
  correctedReadConfidences(since: number, stages: 'all' | 'lane'): Map<string, Map<number, number>> {
    const rows = this.db
      .prepare(`SELECT lane_id AS lane, CAST(read_confidence * 100 + 1e-9 AS INTEGER) AS percent, count(*) AS n FROM plate_corrections
        WHERE at >= ? AND read_confidence IS NOT NULL AND (? = 'all' OR stage = 'lane') GROUP BY lane, percent`)
      .all(since, stages) as Array<{ lane: string; percent: number; n: number }>;
    return byLaneAndPercent(rows);
  }

  /** Per lane since `since`: corrections at the lane and on sessions, and those of a read at or above `sureFrom`. */
  correctionCounts(since: number, sureFrom: (laneId: string) => number): Map<string, CorrectionCounts> {
    const rows = this.db
      .prepare('SELECT lane_id, stage, read_confidence FROM plate_corrections WHERE at >= ?')
      .all(since) as Array<{ lane_id: string; stage: 'lane' | 'session'; read_confidence: number | null }>;
    const counts = new Map<string, CorrectionCounts>();
    for (const row of rows) {
      const lane = counts.get(row.lane_id) ?? { atLane: 0, onSession: 0, despiteSureRead: 0 };
      if (row.stage === 'lane') lane.atLane++;
      else lane.onSession++;
      if (row.read_confidence !== null && row.read_confidence >= sureFrom(row.lane_id)) lane.despiteSureRead++;
      counts.set(row.lane_id, lane);
    }
    return counts;
  }
}

export interface CorrectionCounts {
  atLane: number;
  onSession: number;
  /** Reads the lane trusted enough to decide on its own (at or above its confidence threshold) that were wrong. */
  despiteSureRead: number;
}
