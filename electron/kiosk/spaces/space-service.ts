/**
 * The layout after first start (admin): floors and individual spaces. Each change is one transaction with its
 * audit and outbox rows, and rewrites the zone/type's capacity from its spaces in service, so the count the lanes
 * and bookings read can never disagree with the spaces. Taking a space out of service strands no car: sessions
 * count by zone, and the space only stops being sold.
 */
import type { SpaceInput, SpaceView } from '../contract/spaces';
import { audit, type Actor, type Core } from '../core';
import { conflict, invalid, notFound } from '../errors';
import { SpacesRepo } from '../store/spaces-repo';

export interface AvailabilityNow {
  zoneId: string;
  spaceType: SpaceView['spaceType'];
  capacity: number;
  occupied: number;
  heldForBookings: number;
  free: number;
}

export class SpaceService {
  readonly repo: SpacesRepo;

  constructor(private readonly core: Core) {
    this.repo = new SpacesRepo(core.store.db);
  }

  saveFloor(floor: { id: string; name: string; sort: number }, reason: string, actor: Actor): { id: string; name: string; sort: number } {
    const { store, now } = this.core;
    store.change(() => {
      const before = this.repo.floors().find((f) => f.id === floor.id) ?? null;
      this.repo.saveFloor(floor);
      audit(this.core, { actor: actor.username, action: 'layout.floor_saved', subject: `floor:${floor.id}`, detail: { before, floor, reason } });
      store.outbox.appendEvent('floor', `floor:${floor.id}`, floor, now());
    });
    return floor;
  }

  save(space: SpaceInput, reason: string, actor: Actor): SpaceView {
    const { store, now } = this.core;
    const layout = this.core.layout();
    if (!layout.zones.some((z) => z.id === space.zoneId)) throw notFound(`zone ${space.zoneId}`);
    const unknownClass = space.classes.find((c) => !layout.vehicleClasses.some((vc) => vc.id === c));
    if (unknownClass) throw invalid(`vehicle class ${unknownClass} is not one of this site's`);
    if (space.floorId !== null && !this.repo.floors().some((f) => f.id === space.floorId)) throw notFound(`floor ${space.floorId}`);
    const before = space.id === null ? undefined : this.repo.get(space.id);
    if (space.id !== null && !before) throw notFound(`space ${space.id}`);
    if (this.repo.list().some((s) => s.zoneId === space.zoneId && s.label === space.label && s.id !== space.id)) throw conflict(`zone ${space.zoneId} already has a space ${space.label}`);
    const saved = store.change(() => {
      const stored = this.repo.save(space);
      this.repo.recount(stored.zoneId, stored.spaceType);
      if (before && (before.zoneId !== stored.zoneId || before.spaceType !== stored.spaceType)) this.repo.recount(before.zoneId, before.spaceType);
      audit(this.core, { actor: actor.username, action: before ? 'layout.space_changed' : 'layout.space_added', subject: `space:${stored.id}`, detail: { before: before ?? null, after: stored, reason } });
      store.outbox.appendEvent('space', `space:${stored.id}`, stored, now());
      return stored;
    });
    this.core.bus.emit('lot.changed', { reason: 'layout', sessionId: null });
    return saved;
  }

  /** Capacity, cars inside, places held now for bookings not arrived yet, and what is left: never below zero. */
  availabilityNow(): AvailabilityNow[] {
    const at = this.core.now();
    const held = this.core.store.db
      .prepare("SELECT zone_id AS zoneId, space_type AS spaceType, count(*) AS n FROM bookings WHERE status = 'booked' AND starts_at <= ? AND ends_at > ? GROUP BY zone_id, space_type")
      .all(at, at) as { zoneId: string; spaceType: string; n: number }[];
    return this.core.store.sessions.occupancy().map((row) => {
      const heldForBookings = held.find((h) => h.zoneId === row.zoneId && h.spaceType === row.spaceType)?.n ?? 0;
      return { zoneId: row.zoneId, spaceType: row.spaceType, capacity: row.capacity, occupied: row.occupied, heldForBookings, free: Math.max(0, row.capacity - row.occupied - heldForBookings) };
    });
  }
}
