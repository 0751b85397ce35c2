/**
 * Bookings meet sessions: the entry lane admits a booked plate (fuzzy, as the exit matches) within the arrival
 * window, even when the zone is full; the session carries the booking; its prepaid window is not charged again at
 * the exit (only the overstay); when the car leaves, the booking stops holding its place, and when its stay is
 * voided (another car was taken for it) the booking waits for its car again. Every call runs
 * inside the session change's transaction, with its audit and outbox rows.
 */
import type { Core } from '../core';
import { noShowAt, withinArrival, SLOT_MS } from '../domain/booking';
import { rankPlateCandidates } from '../domain/plate';
import type { ArrivingBooking, SessionBookings } from '../sessions/session-service';
import type { BookingsRepo } from '../store/bookings-repo';
import type { DriversRepo } from '../store/drivers-repo';
import { recordBookingChange } from './booking-service';

export class BookingArrivals implements SessionBookings {
  constructor(
    private readonly core: Core,
    private readonly repo: BookingsRepo,
    private readonly drivers: DriversRepo,
  ) {}

  arrivalFor(plateKey: string, zoneId: string, at: number): ArrivingBooking | null {
    const policy = this.repo.policy();
    // Bookings that could be arriving now: started up to the grace ago, or starting within the early arrival.
    const candidates = this.repo
      .awaitingArrival(at - policy.noShowGraceMinutes * 60_000 - SLOT_MS, at + policy.arriveEarlyMinutes * 60_000)
      .filter((b) => b.zoneId === zoneId && withinArrival(policy, b, at));
    const best = rankPlateCandidates(plateKey, candidates, { limit: 1 })[0]?.item;
    if (!best) return null;
    const arriveFrom = best.startsAt - policy.arriveEarlyMinutes * 60_000;
    return { bookingId: best.id, ref: best.ref, plateKey: best.plateKey, vehicleClass: best.vehicleClass, spaceType: best.spaceType, arriveFrom, arriveUntil: noShowAt(policy, best) };
  }

  arrived(bookingId: number, sessionId: number, at: number): void {
    this.repo.setStatus(bookingId, 'arrived', at, sessionId);
    this.core.store.db.prepare('UPDATE sessions SET booking_id = ? WHERE id = ?').run(bookingId, sessionId);
    recordBookingChange(this.core, this.repo, bookingId, 'booking.arrived', 'lane', { sessionId });
  }

  prepaidUntil(sessionId: number): number | null {
    const booking = this.repo.bySession(sessionId);
    return booking && booking.payMode === 'prepaid' ? booking.endsAt : null;
  }

  registeredClass(plateKey: string): string | null {
    return rankPlateCandidates(plateKey, this.drivers.liveVehicles(), { limit: 1 })[0]?.item.vehicleClass ?? null;
  }

  withdrawn(sessionId: number, by: string): void {
    const booking = this.repo.bySession(sessionId);
    if (!booking || !this.repo.unarrive(booking.id, this.core.now())) return;
    this.core.store.db.prepare('UPDATE sessions SET booking_id = NULL WHERE id = ?').run(sessionId);
    recordBookingChange(this.core, this.repo, booking.id, 'booking.arrival_withdrawn', by, { sessionId });
  }

  returned(sessionId: number, by: string): void {
    const booking = this.repo.bySession(sessionId);
    if (!booking || booking.status !== 'completed') return;
    this.repo.hold(booking, 1);
    this.repo.setStatus(booking.id, 'arrived', this.core.now());
    recordBookingChange(this.core, this.repo, booking.id, 'booking.returned', by, { sessionId });
  }

  left(sessionId: number, by: string): void {
    const booking = this.repo.bySession(sessionId);
    if (!booking || booking.status !== 'arrived') return;
    this.repo.hold(booking, -1);
    this.repo.setStatus(booking.id, 'completed', this.core.now());
    recordBookingChange(this.core, this.repo, booking.id, 'booking.completed', by, { sessionId });
  }
}
