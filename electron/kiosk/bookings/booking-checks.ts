/**
 * The checks a booking change passes: before its transaction (a real window, class, plate and place) and inside it,
 * under SQLite's write lock (`claim`: the seller's share still has a place in every slot, the named space is free).
 */
import type { Core } from '../core';
import { conflict, invalid, notFound } from '../errors';
import { splitCapacity, windowProblem, type BookingWindow } from '../domain/booking';
import { foldConfusable, normalisePlate } from '../domain/plate';
import type { SpaceType } from '../contract';
import type { BookingOrigin, BookingsRepo } from '../store/bookings-repo';
import type { SpacesRepo } from '../store/spaces-repo';

export interface TargetRequest extends BookingWindow {
  plate: string;
  vehicleClass: string;
  zoneId: string;
  spaceType: SpaceType;
  spaceId: number | null;
}

/** A booking's window, plate and place once checked. */
export type Target = ReturnType<BookingChecks['checkedTarget']>;

export class BookingChecks {
  constructor(
    private readonly core: Core,
    private readonly repo: BookingsRepo,
    private readonly spaces: SpacesRepo,
  ) {}

  /** Refuses (conflict) when the seller's share has no place left in some slot of the window, or the space is taken. */
  claim(target: { zoneId: string; spaceType: string; spaceId: number | null; origin: BookingOrigin; exceptId: number | null } & BookingWindow): void {
    const capacity = this.repo.capacities().find((c) => c.zoneId === target.zoneId && c.spaceType === target.spaceType)?.capacity ?? 0;
    const share = splitCapacity(capacity, this.repo.policy().headofficeAllotmentBp);
    const held = this.repo.heldIn(target.zoneId, target.spaceType, target);
    const [mine, left] = target.origin === 'booth' ? [share.site, held.site] : [share.headoffice, held.ho];
    if (left >= mine) throw conflict(`no ${target.spaceType} place left in zone ${target.zoneId} for that window${target.origin === 'booth' ? '' : " in head office's allotment"}`);
    if (target.spaceId !== null && this.repo.spaceTaken(target.spaceId, target, target.exceptId)) throw conflict(`space ${target.spaceId} is already booked in that window`);
  }

  checkWindow(window: BookingWindow): void {
    const problem = windowProblem(window, this.core.now());
    if (problem) throw invalid(problem);
  }

  checkClass(vehicleClass: string): void {
    if (!this.core.layout().vehicleClasses.some((vc) => vc.id === vehicleClass)) throw invalid(`vehicle class ${vehicleClass} is not one of this site's`);
  }

  /** The window, plate and place checked: a real zone/type, a space in service of that zone/type that takes the class. */
  checkedTarget(request: TargetRequest) {
    this.checkWindow(request);
    this.checkClass(request.vehicleClass);
    let plateKey: string;
    try {
      plateKey = normalisePlate(request.plate);
    } catch (error) {
      throw invalid(error instanceof Error ? error.message : String(error));
    }
    if (!this.repo.capacities().some((c) => c.zoneId === request.zoneId && c.spaceType === request.spaceType)) throw notFound(`${request.spaceType} places in zone ${request.zoneId}`);
    if (request.spaceId !== null) {
      const space = this.spaces.get(request.spaceId);
      if (!space) throw notFound(`space ${request.spaceId}`);
      if (!space.inService) throw conflict(`space ${space.label} is out of service: ${space.outReason ?? ''}`);
      if (space.zoneId !== request.zoneId || space.spaceType !== request.spaceType) throw invalid(`space ${space.label} is a ${space.spaceType} space in zone ${space.zoneId}`);
      if (!space.classes.includes(request.vehicleClass)) throw invalid(`space ${space.label} does not take a ${request.vehicleClass} (it takes ${space.classes.join(', ')})`);
    }
    return {
      startsAt: request.startsAt,
      endsAt: request.endsAt,
      plateRaw: request.plate,
      plateKey,
      plateFold: foldConfusable(plateKey),
      vehicleClass: request.vehicleClass,
      zoneId: request.zoneId,
      spaceType: request.spaceType,
      spaceId: request.spaceId,
    };
  }
}
