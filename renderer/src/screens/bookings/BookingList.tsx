import { forwardRef, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { zoneName } from '../../app/names';
import { PlateBadge } from '../../components/PlateBadge';
import { TableHead } from '../../components/TableHead';
import { useI18n } from '../../i18n';
import { listKeys } from '../../lib/rows';
import type { BookingStatus, BookingView } from './window';

/** A booking's status in words with a glyph (never colour alone). */
export function BookingStatusBadge({ status }: { status: BookingStatus }): ReactNode {
  const { t } = useI18n();
  const glyph: Record<BookingStatus, string> = { booked: '◷', arrived: '●', completed: '■', cancelled: '✕', no_show: '∅' };
  return (
    <span className={`badge booking-${status}`} data-status={status}>
      <span aria-hidden="true">{glyph[status]}</span> {t(`bookingStatus.${status}`)}
    </span>
  );
}

/** The day's bookings; the list answers ↑/↓ (pick) and Enter (open). */
export const BookingList = forwardRef<HTMLElement, { bookings: readonly BookingView[]; picked: number | null; onPick(id: number): void; onOpen(id: number): void; busy: boolean }>(
  function BookingList({ bookings, picked, onPick, onOpen, busy }, ref): ReactNode {
    const { layout } = useApp();
    const { t, fmt } = useI18n();
    const keys = listKeys(bookings, picked, onPick, (b) => onOpen(b.id));
    return (
      <section ref={ref} className="card panel-scroll bookings-list" tabIndex={0} onKeyDown={keys} aria-label={t('bookings.title')} data-testid="booking-list">
        <table className="table table-rows" aria-busy={busy}>
          <TableHead columns={[{ label: t('bookings.col.window') }, { label: t('bookings.col.plate') }, { label: t('bookings.col.place') }, { label: t('bookings.col.status') }, { label: t('bookings.col.money'), num: true }]} />
          <tbody>
            {bookings.map((b) => (
              <tr key={b.id} data-booking={b.ref} aria-selected={b.id === picked} className={b.id === picked ? 'is-picked' : undefined} onClick={() => onPick(b.id)} onDoubleClick={() => onOpen(b.id)}>
                <td className="tnum">{fmt.dayTime(b.startsAt, b.startsAt)} – {fmt.dayTime(b.endsAt, b.startsAt)}</td>
                <td><PlateBadge plate={b.plateRaw} size="sm" /></td>
                <td>{t('bookings.place', { zone: zoneName(layout, b.zoneId), type: t(`spaceType.${b.spaceType}`) })}</td>
                <td><BookingStatusBadge status={b.status} /></td>
                <td className="num">{fmt.money(b.paidMinor, b.currency)} / {fmt.money(b.priceMinor, b.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {bookings.length === 0 && !busy ? <p className="muted list-screen-empty">{t('bookings.none')}</p> : null}
      </section>
    );
  },
);
