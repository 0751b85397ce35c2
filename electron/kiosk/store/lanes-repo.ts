import type { Database } from 'better-sqlite3';
import { laneRoiSchema, type LaneRoi } from '../contract/lanes';
import type { LaneMode } from '../domain/lanes/lane-policy';
import { laneScheduleSchema, type LaneSchedule } from '../domain/lanes/lane-schedule';

export type DeviceKind = 'relay' | 'camera' | 'terminal';

/** A device as stored: its config is JSON the device's own schema (native/) validated before it was saved. */
export interface DeviceRecord {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly config: unknown;
}

/** How one lane runs and which devices it uses; the relay inputs are the board's 0-based input numbers. */
export interface LaneSettings {
  readonly laneId: string;
  readonly mode: LaneMode;
  readonly minConfidence: number;
  readonly relayBoard: string | null;
  readonly pulseMs: number;
  readonly loopInput: number | null;
  readonly barrierInput: number | null;
  readonly camera: string | null;
  readonly terminal: string | null;
  /** The class of a car nothing else classifies (no booking, no registered vehicle); null: the site's first class. */
  readonly defaultVehicleClass: string | null;
  /** Where in the camera's picture the lane's plates appear (shares of the picture); null: the whole picture. */
  readonly roi: LaneRoi | null;
}

interface SettingsRow {
  lane_id: string;
  mode: LaneMode;
  min_confidence: number;
  relay_board: string | null;
  pulse_ms: number;
  loop_input: number | null;
  barrier_input: number | null;
  camera: string | null;
  terminal: string | null;
  default_vehicle_class: string | null;
  roi: string | null;
}

const toSettings = (row: SettingsRow): LaneSettings => ({
  laneId: row.lane_id,
  mode: row.mode,
  minConfidence: row.min_confidence,
  relayBoard: row.relay_board,
  pulseMs: row.pulse_ms,
  loopInput: row.loop_input,
  barrierInput: row.barrier_input,
  camera: row.camera,
  terminal: row.terminal,
  defaultVehicleClass: row.default_vehicle_class,
  // Validated on the way out too: a hand-edited row never reaches the reader.
  roi: row.roi === null ? null : laneRoiSchema.parse(JSON.parse(row.roi)),
});

/** Devices and lane settings: small, read at start-up and when the settings screen saves. */
export class LanesRepo {
  constructor(private readonly db: Database) {}

  devices(): DeviceRecord[] {
    const rows = this.db.prepare('SELECT id, kind, config FROM devices ORDER BY id').all() as { id: string; kind: DeviceKind; config: string }[];
    return rows.map((row) => ({ id: row.id, kind: row.kind, config: JSON.parse(row.config) as unknown }));
  }

  saveDevice(device: DeviceRecord, by: string, now: number): void {
    this.db
      .prepare(`INSERT INTO devices (id, kind, config, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, config = excluded.config, updated_at = excluded.updated_at, updated_by = excluded.updated_by`)
      .run(device.id, device.kind, JSON.stringify(device.config), now, by);
  }

  settings(): LaneSettings[] {
    return (this.db.prepare('SELECT * FROM lane_settings ORDER BY lane_id').all() as SettingsRow[]).map(toSettings);
  }

  settingsFor(laneId: string): LaneSettings | undefined {
    const row = this.db.prepare('SELECT * FROM lane_settings WHERE lane_id = ?').get(laneId) as SettingsRow | undefined;
    return row && toSettings(row);
  }

  saveSettings(settings: LaneSettings, by: string, now: number): void {
    this.db
      .prepare(`INSERT INTO lane_settings (lane_id, mode, min_confidence, relay_board, pulse_ms, loop_input, barrier_input, camera, terminal, default_vehicle_class, roi, updated_at, updated_by)
        VALUES (@laneId, @mode, @minConfidence, @relayBoard, @pulseMs, @loopInput, @barrierInput, @camera, @terminal, @defaultVehicleClass, @roi, @now, @by)
        ON CONFLICT (lane_id) DO UPDATE SET mode = excluded.mode, min_confidence = excluded.min_confidence, relay_board = excluded.relay_board,
          pulse_ms = excluded.pulse_ms, loop_input = excluded.loop_input, barrier_input = excluded.barrier_input, camera = excluded.camera,
          terminal = excluded.terminal, default_vehicle_class = excluded.default_vehicle_class, roi = excluded.roi, updated_at = excluded.updated_at, updated_by = excluded.updated_by`)
      .run({ ...settings, roi: settings.roi === null ? null : JSON.stringify(settings.roi), now, by });
  }

  /** Every lane's schedule windows, validated on the way out as on the way in. */
  schedules(): Map<string, LaneSchedule[]> {
    const rows = this.db.prepare('SELECT lane_id, mode, definition, note FROM lane_schedules ORDER BY id').all() as { lane_id: string; mode: string; definition: string; note: string }[];
    const byLane = new Map<string, LaneSchedule[]>();
    for (const row of rows) {
      const schedule = laneScheduleSchema.parse({ mode: row.mode, window: JSON.parse(row.definition) as unknown, note: row.note });
      byLane.set(row.lane_id, [...(byLane.get(row.lane_id) ?? []), schedule]);
    }
    return byLane;
  }

  /** Replaces a lane's windows as a whole (the settings screen edits them as one list). */
  replaceSchedules(laneId: string, schedules: readonly LaneSchedule[], by: string, now: number): void {
    this.db.prepare('DELETE FROM lane_schedules WHERE lane_id = ?').run(laneId);
    const insert = this.db.prepare('INSERT INTO lane_schedules (lane_id, mode, definition, note, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)');
    for (const s of schedules) insert.run(laneId, s.mode, JSON.stringify(s.window), s.note, now, by);
  }
}
