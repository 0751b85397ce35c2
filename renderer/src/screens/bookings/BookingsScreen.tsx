import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { CallOutput } from '../../api';
import { useApp } from '../../app/context';
import { zoneName } from '../../app/names';
import { useCoalesced, useKioskEvent, useLoad } from '../../app/hooks';
import { WallDateTimeField } from '../../components/DateTimeField';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ListLayout } from '../../components/ListLayout';
import { SelectField, TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { BookingDetail } from './BookingDetail';
import { BookingList } from './BookingList';
import { NewBooking } from './NewBooking';
import type { Booked } from './PayStep';
import { dayRange, filterBookings, NO_FILTER, siteDay, type BookingStatus, type ListFilter } from './window';
import './bookings.css';

const STATUSES: readonly BookingStatus[] = ['booked', 'arrived', 'completed', 'cancelled', 'no_show'];

/** Per zone and type, the most places held for bookings in any hour of the day, against the capacity. */
function HeldToday({ held }: { held: CallOutput<'bookings.calendar'>['held'] }): ReactNode {
  const { layout } = useApp();
  const { t } = useI18n();
  const rows = held.filter((h) => h.held > 0);
  if (rows.length === 0) return null;
  return (
    <p className="bookings-held muted" data-testid="bookings-held">
      {t('bookings.held')}:{' '}
      {rows.map((h) => `${zoneName(layout, h.zoneId)} · ${t(`spaceType.${h.spaceType}`)} ${h.held}/${h.capacity}`).join(', ')}
    </p>
  );
}

/**
 * Bookings (Shift+F3): the bookings of a site day, filtered by arrival time, status and plate; ↑/↓ and Enter open
 * one beside the list. "New booking" (or the Drivers screen's "Book a space") walks driver, window and place, payment.
 */
export function BookingsScreen(): ReactNode {
  const { client, route } = useApp();
  const { t, fmt } = useI18n();
  const [day, setDay] = useState(() => siteDay(Date.now(), fmt.timeZone));
  // The field's text may be half a date while it is typed; the list follows the last whole one.
  const [dayTyped, setDayTyped] = useState(day);
  const typeDay = (typed: string): void => {
    setDayTyped(typed);
    if (/^\d{4}-\d{2}-\d{2}$/.test(typed)) setDay(typed);
  };
  const [filter, setFilter] = useState<ListFilter>(NO_FILTER);
  const [picked, setPicked] = useState<number | null>(null);
  const [open, setOpen] = useState<number | 'new' | null>(route.driverId ? 'new' : null);
  const [message, setMessage] = useState<string | null>(null);
  const listRef = useRef<HTMLElement>(null);
  const dayRef = useRef<HTMLInputElement>(null);
  const range = dayRange(day, fmt.timeZone);
  // The day's arrivals whatever became of them (the status filter shows cancelled ones too), and the places held.
  const calendar = useLoad(async () => {
    if (!range) return { bookings: [], held: [] };
    const [arriving, { held }] = await Promise.all([client.call('bookings.arriving', range), client.call('bookings.calendar', range)]);
    return { bookings: arriving.bookings, held };
  }, [range?.from, range?.to]);
  const reload = useCoalesced(calendar.reload, 150);
  // A booking made at another console, an arrival (the status moves on), a no-show released by the sweep.
  useKioskEvent('lot.changed', reload);
  useEffect(() => {
    if (!route.driverId) dayRef.current?.focus();
  }, [route.focus, route.driverId]);
  const rows = filterBookings(calendar.data?.bookings ?? [], day, filter, fmt.timeZone);
  const set = (change: Partial<ListFilter>): void => setFilter((f) => ({ ...f, ...change }));

  const openBooking = (id: number): void => {
    setMessage(null);
    setPicked(id);
    setOpen(id);
  };
  const booked = ({ booking, changeMinor }: Booked): void => {
    typeDay(siteDay(booking.startsAt, fmt.timeZone));
    openBooking(booking.id);
    const change = changeMinor > 0 ? ` ${t('book.change', { amount: fmt.money(changeMinor, booking.currency) })}` : '';
    setMessage(`${t('book.done', { ref: booking.ref, plate: booking.plateRaw })}${change}`);
    void calendar.reload();
  };
  const changed = (text: string): void => {
    setMessage(text);
    void calendar.reload().then(() => listRef.current?.focus());
  };

  return (
    <div className="list-screen bookings">
      <div className="screen-head">
        <h1>{t('bookings.title')}</h1>
        <button type="button" className="btn btn-primary" onClick={() => { setMessage(null); setOpen('new'); }}>{t('bookings.new')}</button>
      </div>
      <form className="bookings-filter" onSubmit={(e) => { e.preventDefault(); listRef.current?.focus(); }} role="search" data-testid="bookings-filter">
        <WallDateTimeField ref={dayRef} kind="date" name="bookings-day" label={t('bookings.day')} value={dayTyped} onChange={typeDay} />
        <WallDateTimeField kind="time" name="bookings-from" label={t('bookings.arrivalFrom')} value={filter.arrivalFrom} onChange={(at) => set({ arrivalFrom: at })} />
        <WallDateTimeField kind="time" name="bookings-to" label={t('bookings.arrivalTo')} value={filter.arrivalTo} onChange={(at) => set({ arrivalTo: at })} />
        <SelectField name="bookings-status" label={t('bookings.status')} value={filter.status} onChange={(e) => set({ status: e.target.value as ListFilter['status'] })}
          options={[{ value: 'all', label: t('bookings.allStatuses') }, ...STATUSES.map((s) => ({ value: s, label: t(`bookingStatus.${s}`) }))]} />
        <TextField name="bookings-text" label={t('bookings.filter')} value={filter.text} onChange={(e) => set({ text: e.target.value })} autoComplete="off" spellCheck={false} />
        <button type="submit" className="btn">{t('action.search')}</button>
        <span className="muted" data-testid="bookings-count">{calendar.loading ? t('common.loading') : t('bookings.count', { count: rows.length })}</span>
      </form>
      <ErrorNotice error={calendar.error} />
      <HeldToday held={calendar.data?.held ?? []} />
      <ListLayout
        list={<BookingList ref={listRef} bookings={rows} picked={picked} onPick={setPicked} onOpen={openBooking} busy={calendar.loading} />}
        keysHint={t('bookings.keys')}
        done={message}
        doneTestId="bookings-done"
        side={
          open === 'new' ? (
            <NewBooking driverId={route.driverId ?? null} onBooked={booked} onCancel={() => setOpen(null)} />
          ) : open !== null ? (
            <BookingDetail key={open} id={open} onChanged={changed} />
          ) : null
        }
      />
    </div>
  );
}
