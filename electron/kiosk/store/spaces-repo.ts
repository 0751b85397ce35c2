import type { Database } from 'better-sqlite3';
import type { SpaceInput, SpaceView } from '../contract/spaces';

interface SpaceRow {
  id: number;
  zone_id: string;
  floor_id: string | null;
  label: string;
  space_type: SpaceView['spaceType'];
  classes: string;
  in_service: number;
  out_reason: string | null;
  distance: number;
}

const toSpace = (r: SpaceRow): SpaceView => ({
  id: r.id,
  zoneId: r.zone_id,
  floorId: r.floor_id,
  label: r.label,
  spaceType: r.space_type,
  classes: JSON.parse(r.classes) as string[],
  inService: r.in_service === 1,
  outReason: r.out_reason,
  distance: r.distance,
});

/** Floors and individual spaces. A zone/type's capacity (zone_spaces) follows its spaces in service (`recount`). */
export class SpacesRepo {
  constructor(private readonly db: Database) {}

  floors(): { id: string; name: string; sort: number }[] {
    return this.db.prepare('SELECT id, name, sort FROM floors ORDER BY sort, id').all() as { id: string; name: string; sort: number }[];
  }

  saveFloor(floor: { id: string; name: string; sort: number }): void {
    this.db.prepare('INSERT INTO floors (id, name, sort) VALUES (@id, @name, @sort) ON CONFLICT (id) DO UPDATE SET name = excluded.name, sort = excluded.sort').run(floor);
  }

  list(): SpaceView[] {
    return (this.db.prepare('SELECT * FROM spaces ORDER BY zone_id, distance, label').all() as SpaceRow[]).map(toSpace);
  }

  get(id: number): SpaceView | undefined {
    const row = this.db.prepare('SELECT * FROM spaces WHERE id = ?').get(id) as SpaceRow | undefined;
    return row ? toSpace(row) : undefined;
  }

  save(space: SpaceInput): SpaceView {
    const row = { ...space, classes: JSON.stringify(space.classes), inService: space.inService ? 1 : 0 };
    if (space.id === null) {
      const { lastInsertRowid } = this.db
        .prepare('INSERT INTO spaces (zone_id, floor_id, label, space_type, classes, in_service, out_reason, distance) VALUES (@zoneId, @floorId, @label, @spaceType, @classes, @inService, @outReason, @distance)')
        .run(row);
      return this.get(Number(lastInsertRowid))!;
    }
    this.db
      .prepare('UPDATE spaces SET zone_id = @zoneId, floor_id = @floorId, label = @label, space_type = @spaceType, classes = @classes, in_service = @inService, out_reason = @outReason, distance = @distance WHERE id = @id')
      .run(row);
    return this.get(space.id)!;
  }

  /** Rewrites the zone/type's capacity from its spaces in service, so the count can never disagree with them. */
  recount(zoneId: string, spaceType: string): void {
    this.db
      .prepare(`INSERT INTO zone_spaces (zone_id, space_type, capacity) VALUES (@zone, @type, (SELECT count(*) FROM spaces WHERE zone_id = @zone AND space_type = @type AND in_service = 1))
        ON CONFLICT (zone_id, space_type) DO UPDATE SET capacity = excluded.capacity`)
      .run({ zone: zoneId, type: spaceType });
  }

  /** The nearest space of the zone/type in service that takes the class, on the floor if given, that no live booking holds in the window. */
  nearestFree(q: { zoneId: string; spaceType: string; vehicleClass: string; floorId: string | null; startsAt: number; endsAt: number }): { id: number; label: string; floorId: string | null } | undefined {
    return this.db
      .prepare(`SELECT s.id, s.label, s.floor_id AS floorId FROM spaces s
        WHERE s.zone_id = @zoneId AND s.space_type = @spaceType AND s.in_service = 1 AND (@floorId IS NULL OR s.floor_id = @floorId)
          AND EXISTS (SELECT 1 FROM json_each(s.classes) WHERE value = @vehicleClass)
          AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.space_id = s.id AND b.status IN ('booked','arrived') AND b.starts_at < @endsAt AND b.ends_at > @startsAt)
        ORDER BY s.distance, s.label LIMIT 1`)
      .get(q) as { id: number; label: string; floorId: string | null } | undefined;
  }

  /** Whether the zone/type has any named spaces (else it counts by zone, as before spaces existed). */
  hasSpaces(zoneId: string, spaceType: string): boolean {
    return this.db.prepare('SELECT 1 FROM spaces WHERE zone_id = ? AND space_type = ? LIMIT 1').get(zoneId, spaceType) !== undefined;
  }
}
