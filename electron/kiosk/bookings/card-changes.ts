/**
 * A dearer booking change paid by card at the booth reader. The booking stays exactly as it was until Stripe says
 * the card was taken: the change is staged on its card attempt (pending_change), committed BEFORE Stripe is called,
 * and its new place is held beside the old one (a named space in it counts as taken), so either outcome can land
 * without a capacity check that could fail: a card taken applies the change and lets the old place go; a card not
 * taken only lets the staged place go. The change applies only to the booking version it was made from: a booking
 * cancelled, arrived or changed meanwhile keeps what it became, and the difference Stripe took is owed back.
 */
import type { Actor, Core } from '../core';
import { conflict } from '../errors';
import type { BookingCardAttempt, PendingChange } from '../store/booking-cards-repo';
import type { Booking } from '../store/bookings-repo';
import { cardAttemptKey } from './booking-ledger';
import type { BookingService, ChangePlan } from './booking-service';

export class CardChanges {
  constructor(
    private readonly core: Core,
    private readonly bookings: BookingService,
  ) {}

  /** Commits the attempt with its change and the staged hold; the booking row is not touched. */
  stage(plan: ChangePlan, terminalId: string, requestKey: string, actor: Actor): BookingCardAttempt {
    const { repo, checks, ledger } = this.bookings;
    const { before, target, priceMinor, owedMore } = plan;
    const money = ledger.moneyFor({ method: 'card', terminalId }, owedMore, plan.driver, repo.policy(), actor);
    return this.core.store.change(() => {
      const now = repo.get(before.id)!;
      if (now.version !== before.version || ledger.cards.inFlight(before.id)) throw conflict(`booking ${before.ref} was changed meanwhile: reload it and try again`);
      // The new place is checked as the change would leave the lot (the old place let go), then held beside it.
      repo.hold(before, -1);
      checks.claim({ ...target, origin: before.origin, exceptId: before.id });
      repo.hold(before, 1);
      const change: PendingChange = { startsAt: target.startsAt, endsAt: target.endsAt, plateRaw: target.plateRaw, plateKey: target.plateKey, plateFold: target.plateFold, zoneId: target.zoneId, spaceType: target.spaceType, spaceId: target.spaceId, priceMinor, version: before.version };
      repo.hold(staged(before, change), 1);
      const shiftId = money?.method === 'card' ? money.shiftId : null;
      return ledger.cards.insertAttempt({ idempotencyKey: cardAttemptKey(requestKey), bookingId: before.id, amountMinor: owedMore, currency: before.currency, terminalId, shiftId, createdBy: actor.username, pendingChange: change }, this.core.now());
    });
  }

  /**
   * Inside the charge's transaction: applies the change when the booking is still the version it was made from
   * (the old place goes, the staged one is now the booking's). Otherwise the staged place goes and false says the
   * money Stripe took is owed back.
   */
  apply(attempt: BookingCardAttempt, change: PendingChange): boolean {
    const { repo } = this.bookings;
    const booking = repo.get(attempt.bookingId)!;
    if (!this.stillCurrent(booking, change)) {
      repo.hold(staged(booking, change), -1);
      return false;
    }
    repo.hold(booking, -1);
    repo.update(booking.id, change, this.core.now());
    return true;
  }

  /** Inside the transaction that ends an attempt whose card was not taken: the staged place goes, the booking stays. */
  drop(attempt: BookingCardAttempt, change: PendingChange): void {
    const booking = this.bookings.repo.get(attempt.bookingId)!;
    this.bookings.repo.hold(staged(booking, change), -1);
  }

  /** Whether the booking still wants the difference: still booked, at the version the change was made from. */
  stillCurrent(booking: Booking, change: PendingChange): boolean {
    return booking.status === 'booked' && booking.version === change.version;
  }
}

const staged = (booking: Booking, change: PendingChange) => ({ zoneId: change.zoneId, spaceType: change.spaceType, startsAt: change.startsAt, endsAt: change.endsAt, origin: booking.origin });
