import type { Core } from '../core';

/**
 * The class a lane gives a car nothing else classifies (no booking, no registered vehicle): the lane's default class
 * (a motorcycle lane), else the site's first class. Read when the car comes, so a saved setting applies at once.
 */
export function laneDefaultClass(core: Core, laneId: string): string {
  return core.store.lanes.settingsFor(laneId)?.defaultVehicleClass ?? core.layout().vehicleClasses[0]!.id;
}
