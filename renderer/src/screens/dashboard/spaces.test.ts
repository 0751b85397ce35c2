import { describe, expect, it } from 'vitest';
import type { SiteLayout } from '../../api';
import { spacesByFloor } from './spaces';

const layout: SiteLayout = {
  site: { name: 'Test', timeZone: 'Europe/London', currency: 'GBP', taxRateBp: 2000, locale: 'en-GB' },
  zones: [
    { id: 'ground', name: 'Ground', level: 'G', spaces: { regular: 10, ev: 2 } },
    { id: 'upper', name: 'Upper', level: '1', spaces: { regular: 20 } },
    { id: 'roof', name: 'Roof', level: null, spaces: { regular: 0 } },
  ],
  lanes: [],
  vehicleClasses: [{ id: 'car', name: 'Car' }],
};
const row = (zoneId: string, spaceType: 'regular' | 'ev', capacity: number, occupied: number, held: number) => ({ zoneId, spaceType, capacity, occupied, heldForBookings: held, free: Math.max(0, capacity - occupied - held) });
const space = (id: number, zoneId: string, floorId: string | null, inService: boolean) => ({ id, zoneId, floorId, label: String(id), spaceType: 'ev' as const, classes: ['car'], inService, outReason: inService ? null : 'charger broken', distance: 0 });

describe('spaces on the dashboard, per floor', () => {
  it('groups by the floor a zone’s spaces are on, else its level, in the floors’ order, counting spaces out of service', () => {
    const availability = [row('upper', 'regular', 20, 5, 2), row('ground', 'regular', 10, 10, 0), row('ground', 'ev', 1, 0, 1), row('roof', 'regular', 0, 0, 0)];
    const spaces = { floors: [{ id: 'f1', name: 'Level 1', sort: 1 }, { id: 'f0', name: 'Street level', sort: 0 }], spaces: [space(1, 'ground', 'f0', true), space(2, 'ground', 'f0', false)] };
    expect(spacesByFloor(availability, spaces, layout)).toEqual([
      { floor: 'Street level', rows: [{ zoneId: 'ground', spaceType: 'regular', free: 0, held: 0, occupied: 10, outOfService: 0 }, { zoneId: 'ground', spaceType: 'ev', free: 0, held: 1, occupied: 0, outOfService: 1 }] },
      { floor: '1', rows: [{ zoneId: 'upper', spaceType: 'regular', free: 13, held: 2, occupied: 5, outOfService: 0 }] },
    ]);
  });
});
