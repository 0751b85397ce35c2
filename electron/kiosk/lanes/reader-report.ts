/**
 * How well each lane's plate reader did, from what people had to fix: the cars a lane let in or out on its own read,
 * against the reads an attendant corrected at the lane and the plates fixed on sessions afterwards. A correction of
 * a read the lane trusted (at or above its confidence threshold) is the costly kind: the car went through under
 * the wrong plate, so a lane with many of them wants a higher threshold or a camera looked at.
 */
import { shippedThresholds } from '../../../native/alpr';
import type { Core } from '../core';
import { DEFAULT_MIN_CONFIDENCE } from '../domain/lanes/lane-policy';
import { thresholdHistory, type ThresholdHistory } from '../domain/lanes/threshold-history';

const DAY_MS = 86_400_000;

export interface LaneReaderFigures {
  laneId: string;
  name: string;
  direction: 'entry' | 'exit';
  minConfidence: number;
  /** Cars let in or out on the lane's own read (not an attendant's manual entry or exit). */
  readDecisions: number;
  correctedAtLane: number;
  fixedOnSession: number;
  correctedDespiteSureRead: number;
  /** Share of the lane's reads nobody had to fix; null before the lane read anything. */
  readRight: number | null;
  /** What each threshold would have bought on the lane's own reads; null without a read with a confidence (exits). */
  history: ThresholdHistory | null;
}

/** The shipped reader's threshold table, or null (no table, or models that cannot be read: the figures still show). */
function readerCalibration(core: Core): ReturnType<typeof shippedThresholds> {
  try {
    return shippedThresholds();
  } catch (error) {
    core.log.warn({ err: error }, 'the plate reader calibration could not be read');
    return null;
  }
}

export function readerReport(core: Core, days: number): { since: number; lanes: LaneReaderFigures[]; calibration: ReturnType<typeof shippedThresholds> } {
  const { store } = core;
  const since = core.now() - days * DAY_MS;
  const thresholds = new Map(store.lanes.settings().map((s) => [s.laneId, s.minConfidence]));
  const sureFrom = (laneId: string) => thresholds.get(laneId) ?? DEFAULT_MIN_CONFIDENCE;
  const decisions = store.sessions.readDecisions(since);
  const corrections = store.evidence.correctionCounts(since, sureFrom);
  // The reads: the sessions that keep the reader's confidence, and the reads corrected at the lane (their session
  // holds the person's plate). The wrong ones: every correction.
  const sessionReads = store.sessions.entryReadConfidences(since);
  const correctedAtLane = store.evidence.correctedReadConfidences(since, 'lane');
  const corrected = store.evidence.correctedReadConfidences(since, 'all');
  const lanes = core.layout().lanes.map((lane): LaneReaderFigures => {
    const readDecisions = decisions.get(lane.id) ?? 0;
    const fixed = corrections.get(lane.id) ?? { atLane: 0, onSession: 0, despiteSureRead: 0 };
    const wrong = fixed.atLane + fixed.onSession;
    // A correction at the lane may also count as a read decision (the car went through on the fixed plate): the
    // share is of the reads the lane made, never below zero.
    const reads = Math.max(readDecisions, wrong);
    return {
      laneId: lane.id,
      name: lane.name,
      direction: lane.direction,
      minConfidence: sureFrom(lane.id),
      readDecisions,
      correctedAtLane: fixed.atLane,
      fixedOnSession: fixed.onSession,
      correctedDespiteSureRead: fixed.despiteSureRead,
      readRight: reads === 0 ? null : (reads - wrong) / reads,
      history: thresholdHistory([sessionReads.get(lane.id), correctedAtLane.get(lane.id)], corrected.get(lane.id) ?? new Map()),
    };
  });
  return { since, lanes, calibration: readerCalibration(core) };
}
