import type { CallOutput, SiteLayout, SpaceType } from '../../api';

type Availability = CallOutput<'spaces.availability'>['rows'][number];
type Spaces = CallOutput<'spaces.list'>;

export interface SpaceRow {
  readonly zoneId: string;
  readonly spaceType: SpaceType;
  readonly free: number;
  readonly held: number;
  readonly occupied: number;
  readonly outOfService: number;
}

export interface FloorGroup {
  /** The floor's name, else the zone's level, else null (a zone on no named floor). */
  readonly floor: string | null;
  readonly rows: SpaceRow[];
}

/**
 * The dashboard's spaces, per floor then zone and type: free, held for bookings, occupied and out of service. A
 * zone's floor is the floor its spaces are on (the first named one), else its level in the site layout; floors
 * keep their set order, zones the layout's. Zone/types with nothing to count are left out.
 */
export function spacesByFloor(availability: readonly Availability[], spaces: Spaces, layout: SiteLayout): FloorGroup[] {
  const floorName = new Map(spaces.floors.map((f) => [f.id, f.name]));
  const floorOrder = new Map([...spaces.floors].sort((a, b) => a.sort - b.sort).map((f, i) => [f.name, i]));
  const floorOf = (zoneId: string): string | null => {
    const onFloor = spaces.spaces.find((s) => s.zoneId === zoneId && s.floorId !== null);
    return (onFloor?.floorId ? floorName.get(onFloor.floorId) : undefined) ?? layout.zones.find((z) => z.id === zoneId)?.level ?? null;
  };
  const zoneOrder = (zoneId: string): number => layout.zones.findIndex((z) => z.id === zoneId);
  const groups = new Map<string | null, SpaceRow[]>();
  for (const a of [...availability].sort((x, y) => zoneOrder(x.zoneId) - zoneOrder(y.zoneId))) {
    const outOfService = spaces.spaces.filter((s) => s.zoneId === a.zoneId && s.spaceType === a.spaceType && !s.inService).length;
    if (a.capacity === 0 && a.occupied === 0 && outOfService === 0) continue;
    const floor = floorOf(a.zoneId);
    const rows = groups.get(floor) ?? [];
    rows.push({ zoneId: a.zoneId, spaceType: a.spaceType, free: a.free, held: a.heldForBookings, occupied: a.occupied, outOfService });
    groups.set(floor, rows);
  }
  const rank = (floor: string | null): number => (floor === null ? Number.MAX_SAFE_INTEGER : (floorOrder.get(floor) ?? Number.MAX_SAFE_INTEGER - 1));
  return [...groups].map(([floor, rows]) => ({ floor, rows })).sort((a, b) => rank(a.floor) - rank(b.floor));
}
