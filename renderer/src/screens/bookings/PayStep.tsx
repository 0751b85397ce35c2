import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { CallInput, CallOutput } from '../../api';
import { useApp } from '../../app/context';
import { className, zoneName } from '../../app/names';
import { useCallAction, useLoad } from '../../app/hooks';
import { CardCancel } from '../../components/CardCancel';
import { CardStep, ReaderPicker, useCardProgress, useReaders } from '../../components/CardReader';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/Field';
import { useI18n, type MessageKey } from '../../i18n';
import { minorToAmountInput, parseAmountToMinor } from '../../i18n/format';
import { newBookingRef } from '../../lib/booking-ref';
import { payOnReader } from './card-flow';
import type { BookingDriver } from './DriverStep';
import type { PlaceChoice } from './PlaceStep';

type Method = CallInput<'bookings.create'>['payment']['method'];
export type Booked = CallOutput<'bookings.create'>;

/** The ways this booking can be paid now: the wallet when the driver has one, cash, card where a reader is set up, and on arrival when the policy allows. */
function methodsFor(driver: BookingDriver, hasReader: boolean, payOnArrival: boolean): Method[] {
  return [...(driver.walletId !== null ? (['wallet'] as const) : []), 'cash', ...(hasReader ? (['card'] as const) : []), ...(payOnArrival ? (['on_arrival'] as const) : [])];
}

/**
 * Step 3: what the window costs and how it is paid. Booking and payment are one transaction in the kiosk; the
 * reference made here is the call's idempotency key, so a double press or a resend books and charges once.
 */
export function PayStep({ driver, choice, onBooked }: { driver: BookingDriver; choice: PlaceChoice; onBooked(result: Booked): void }): ReactNode {
  const { client, layout } = useApp();
  const { t, fmt } = useI18n();
  const policy = useLoad(() => client.call('bookings.policy', {}), []);
  const readers = useReaders(null);
  const methods = methodsFor(driver, readers.list.length > 0, policy.data?.payOnArrival ?? false);
  const [method, setMethod] = useState<Method>(methods[0] ?? 'cash');
  const [tendered, setTendered] = useState(minorToAmountInput(choice.priceMinor, fmt.digits));
  const key = useRef(newBookingRef());
  const [cardOutcome, setCardOutcome] = useState<string | null>(null);
  const { busy, error, run } = useCallAction();
  const progress = useCardProgress((idempotencyKey) => client.call('bookings.cancelCard', { idempotencyKey }), busy && method === 'card');
  const groupRef = useRef<HTMLFieldSetElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // A card not taken (cancelled, declined, no card): the keyboard is on Confirm, the next try.
    if (cardOutcome && !busy) confirmButton.current?.focus();
  }, [cardOutcome, busy]);
  // The ways to pay are shown once the readers and the policy have answered, so an arrow key never lands on a list
  // that is still growing (card and on-arrival join it when they answer).
  const methodsKnown = readers.loaded && (policy.data !== undefined || policy.error !== null);
  useEffect(() => {
    if (methodsKnown) groupRef.current?.querySelector<HTMLInputElement>('input:checked')?.focus();
  }, [methodsKnown]);
  const tenderedMinor = parseAmountToMinor(tendered, fmt.digits);
  const price = fmt.money(choice.priceMinor, choice.currency);

  const book = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (busy || (method === 'cash' && tenderedMinor === null) || (method === 'card' && !readers.chosen)) return;
    const payment = method === 'cash' ? { method, tenderedMinor: tenderedMinor ?? 0 } : method === 'card' ? { method, terminalId: readers.chosen?.id ?? '' } : { method };
    setCardOutcome(null);
    await run(async () => {
      const { plate, vehicleClass, startsAt, endsAt, zoneId, spaceType, spaceId } = choice;
      const request = { driverId: driver.id, plate, vehicleClass, startsAt, endsAt, zoneId, spaceType, spaceId, payment, idempotencyKey: key.current };
      if (payment.method !== 'card') {
        onBooked(await client.call('bookings.create', request));
        return;
      }
      // The booking holds its place while the reader shows the amount.
      const result = await payOnReader(client, progress, key.current, () => client.call('bookings.create', request));
      const outcome = result.card?.outcome ?? 'succeeded';
      if (outcome === 'succeeded') {
        onBooked(result);
        return;
      }
      setCardOutcome(t(`pay.outcome.${outcome}` as MessageKey, { message: result.card?.message ?? '' }));
      // A card not taken released the booking: another try is a new booking. Lost contact keeps it until Stripe answers.
      if (result.booking.status !== 'booked') key.current = newBookingRef();
    });
  };
  return (
    <section className="book-step" aria-labelledby="step-pay" data-testid="book-pay">
      <h3 id="step-pay">{t('book.step.pay')}</h3>
      <p className="book-summary">
        <span className="plate-text">{choice.plate}</span> · {className(layout, choice.vehicleClass)} · {zoneName(layout, choice.zoneId)} · {t(`spaceType.${choice.spaceType}`)}
        <br />
        <span className="tnum">{fmt.dateTime(choice.startsAt)} – {fmt.dayTime(choice.endsAt, choice.startsAt)}</span> · <b className="num">{price}</b>
      </p>
      <form onSubmit={book} noValidate>
        {methodsKnown ? null : <p className="muted" role="status">{t('common.loading')}</p>}
        <fieldset ref={groupRef} className="candidates" aria-label={t('book.method')} hidden={!methodsKnown}>
          <legend>{t('book.method')}</legend>
          {methods.map((m) => (
            <label key={m} className={`candidate${method === m ? ' candidate-picked' : ''}`} data-method={m}>
              <input type="radio" name="book-method" value={m} checked={method === m} onChange={() => setMethod(m)} />
              <b>{t(`book.method.${m}`)}</b>
              {m === 'wallet' ? <span className="candidate-meta">{t('book.walletBalance', { amount: fmt.money(driver.walletBalanceMinor ?? 0) })}</span> : null}
            </label>
          ))}
        </fieldset>
        {method === 'cash' ? (
          <TextField name="book-tendered" label={t('book.tendered')} inputMode="decimal" className="input-amount" value={tendered} onChange={(e) => setTendered(e.target.value)} error={tenderedMinor === null ? t('validation.amount') : undefined} />
        ) : null}
        {method === 'card' ? <ReaderPicker readers={readers} disabled={busy} /> : null}
        {busy ? <CardStep step={progress.step} /> : null}
        {cardOutcome ? <p className="notice notice-error" role="alert" data-testid="card-outcome">{cardOutcome}</p> : null}
        <ErrorNotice error={error ?? policy.error ?? readers.error} labels={{ payment: t('book.method') }} />
        <div className="form-actions">
          <button type="submit" ref={confirmButton} className="btn btn-primary btn-big" disabled={busy}>
            {method === 'on_arrival' ? t('book.confirmOnArrival') : t('book.confirm', { amount: price })} <kbd>Enter</kbd>
          </button>
        </div>
        {busy && method === 'card' ? <CardCancel progress={progress} /> : null}
      </form>
    </section>
  );
}
