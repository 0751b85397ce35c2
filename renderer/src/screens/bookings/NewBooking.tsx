import { useEffect, useState, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n';
import { DriverStep, type BookingDriver } from './DriverStep';
import { PayStep, type Booked } from './PayStep';
import { PlaceStep, type PlaceChoice } from './PlaceStep';

/**
 * A booking in three steps, each opening once the one before is done and taking the focus: the driver (or the one
 * the Drivers screen sent), the window and place, then the payment.
 */
export function NewBooking({ driverId, onBooked, onCancel }: { driverId: number | null; onBooked(result: Booked): void; onCancel(): void }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const [driver, setDriver] = useState<BookingDriver | null>(null);
  const [choice, setChoice] = useState<PlaceChoice | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [otherDriver, setOtherDriver] = useState(false);
  useEffect(() => {
    if (driverId === null) return;
    client.call('drivers.get', { id: driverId }).then(({ driver: d, walletBalanceMinor }) => setDriver({ ...d, walletBalanceMinor }), setError);
  }, [client, driverId]);
  return (
    <div className="card new-booking" data-testid="new-booking">
      <div className="screen-head">
        <h2>{t('bookings.new')}</h2>
        <button type="button" className="btn btn-quiet" onClick={onCancel}>{t('action.cancel')}</button>
      </div>
      <ErrorNotice error={error} />
      {driver ? (
        <p className="book-driver" data-testid="book-driver-chosen">
          <b>{t('book.driver', { name: driver.name ?? String(driver.id) })}</b>{' '}
          <button type="button" className="btn btn-small btn-quiet" onClick={() => { setDriver(null); setChoice(null); setOtherDriver(true); }}>{t('book.changeDriver')}</button>
        </p>
      ) : driverId === null || otherDriver ? (
        <DriverStep onChosen={setDriver} />
      ) : null}
      {driver && !choice ? <PlaceStep driver={driver} onChosen={setChoice} /> : null}
      {driver && choice ? <PayStep key={`${choice.zoneId}:${choice.spaceType}:${choice.startsAt}:${choice.endsAt}`} driver={driver} choice={choice} onBooked={onBooked} /> : null}
      {choice ? <button type="button" className="btn btn-small btn-quiet" onClick={() => setChoice(null)}>{t('book.step.place')}</button> : null}
    </div>
  );
}
