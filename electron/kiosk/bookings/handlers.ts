import type { bookingCalls } from '../contract/bookings';
import type { HandlersFor, Services } from '../handlers';

/** The console's booking calls (contract/bookings.ts). */
export function bookingHandlers(services: Services): HandlersFor<typeof bookingCalls> {
  const { bookings } = services;
  return {
    'bookings.search': (input) => bookings.search(input),
    'bookings.create': (input, actor) => bookings.create(input, actor),
    'bookings.modify': ({ id, version, ...change }, actor) => bookings.modify(id, version, change, actor),
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
