import type { bookingCalls } from '../contract/bookings';
import type { HandlersFor, Services } from '../handlers';
import type { BookingCardResult } from './booking-cards';
import { cardAttemptKey } from './booking-ledger';

/**
 * Answers as soon as the reader shows the amount, as the exit's card payment does (the end comes as 'payments.progress'
 * 'finished'), or with the card's outcome when it ended first (refused before the reader, nothing to pay).
 */
async function answerOnReader<T extends object>(services: Services, key: string, pay: (onReader: () => void) => Promise<T>, pending: () => T): Promise<T | (T & { card: BookingCardResult })> {
  let onReader!: () => void;
  const shown = new Promise<'on_reader'>((resolve) => (onReader = () => resolve('on_reader')));
  const finished = pay(onReader);
  const first = await Promise.race([finished, shown]);
  if (first !== 'on_reader') return first;
  finished.catch((error: unknown) => services.core.log.error({ err: error, key }, 'booking card payment failed after the reader showed it'));
  return { ...pending(), card: { outcome: 'pending' as const, message: 'waiting for the card' } };
}

/** The console's booking calls (contract/bookings.ts). */
export function bookingHandlers(services: Services): HandlersFor<typeof bookingCalls> {
  const { bookings } = services;
  return {
    'bookings.search': (input) => bookings.search(input),
    'bookings.create': async (input, actor) => {
      const { payment } = input;
      if (payment.method !== 'card') return bookings.create(input, actor);
      const answer = await answerOnReader(services, input.idempotencyKey, (onReader) => services.bookingCards.book({ ...input, payment }, actor, onReader), () => ({ booking: bookings.repo.byRef(input.idempotencyKey)! }));
      return { ...answer, changeMinor: 0 };
    },
    'bookings.cardStatus': (input) => {
      const card = services.bookingCards.status(input.idempotencyKey);
      return { card, booking: services.bookingCards.bookingOf(input.idempotencyKey) };
    },
    'bookings.cancelCard': (input) => {
      services.bookingCards.cancel(input.idempotencyKey);
      return { ok: true };
    },
    'bookings.modify': async ({ id, version, ...change }, actor) => {
      const { payment } = change;
      if (payment.method !== 'card') return bookings.modify(id, version, change, actor);
      return answerOnReader(services, change.idempotencyKey, (onReader) => services.bookingCards.modify(id, version, { ...change, payment }, actor, onReader), () => ({
        booking: services.bookingCards.bookingOf(cardAttemptKey(change.idempotencyKey)),
        chargedMinor: 0,
        refundedMinor: 0,
      }));
    },
    'bookings.cancel': (input, actor) => bookings.cancel(input.id, input.reason, input.idempotencyKey, actor),
    'bookings.cancelPreview': (input) => bookings.cancelPreview(input.id),
    'bookings.noShow': (input, actor) => bookings.markNoShow(input.id, input.reason, input.idempotencyKey, actor),
    'bookings.get': (input) => {
      const { booking, money } = bookings.get(input.id);
      return { booking, money: money.map(({ kind, method, amountMinor, at, by }) => ({ kind, method, amountMinor, at, by })) };
    },
    'bookings.forDriver': (input) => ({ bookings: bookings.repo.forDriver(input.driverId, 200) }),
    'bookings.calendar': (input) => bookings.calendar(input.from, input.to),
    'bookings.arriving': (input) => ({ bookings: bookings.repo.arriving(input.from, input.to, 1000) }),
    'sessions.changeClass': (input, actor) => {
      const { session } = services.sessions.changeClass(input.sessionId, input.vehicleClass, input.reason, actor);
      const quote = services.payments.quote(session.id);
      return { sessionId: session.id, vehicleClass: session.vehicleClass, dueMinor: quote.dueMinor, currency: quote.currency };
    },
    'bookings.policy': () => bookings.policy(),
    'bookings.savePolicy': (input, actor) => bookings.savePolicy(input.policy, input.reason, actor),
  };
}
