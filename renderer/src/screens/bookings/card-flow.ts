import type { CallOutput } from '../../api';
import type { AppContextValue } from '../../app/context';

type BookingCard = NonNullable<CallOutput<'bookings.create'>['card']>;
type Booking = CallOutput<'bookings.create'>['booking'];

/**
 * A booking call paid on the booth's reader (a new booking, or a dearer change): the kiosk answers 'pending' while
 * the reader shows the amount; the 'finished' event ends the wait and the card's outcome is read once more.
 */
export async function payOnReader<T extends { booking: Booking; card?: BookingCard | undefined }>(
  client: AppContextValue['client'],
  progress: { follow(key: string): Promise<void>; clear(): void },
  requestKey: string,
  call: () => Promise<T>,
): Promise<T> {
  const attemptKey = `${requestKey}-card`;
  const finished = progress.follow(attemptKey);
  let result = await call();
  if (result.card?.outcome === 'pending') {
    await finished;
    result = { ...result, ...(await client.call('bookings.cardStatus', { idempotencyKey: attemptKey })) };
  }
  progress.clear();
  return result;
}
