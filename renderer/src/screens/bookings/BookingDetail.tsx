import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { className, zoneName } from '../../app/names';
import { useLoad } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PlateBadge } from '../../components/PlateBadge';
import { TableHead } from '../../components/TableHead';
import { useI18n } from '../../i18n';
import { EndDialog, ModifyDialog } from './BookingDialogs';
import { BookingStatusBadge } from './BookingList';

type Open = 'modify' | 'cancel' | 'noShow' | null;

/** One booking: its window, place, money in and out, and (while booked) modify, cancel and no-show. */
export function BookingDetail({ id, onChanged }: { id: number; onChanged(message: string): void }): ReactNode {
  const { client, navigate, layout } = useApp();
  const { t, fmt } = useI18n();
  const loaded = useLoad(async () => {
    const got = await client.call('bookings.get', { id });
    const { driver, walletBalanceMinor } = await client.call('drivers.get', { id: got.booking.driverId });
    return { ...got, driver, walletBalanceMinor };
  }, [id]);
  const [open, setOpen] = useState<Open>(null);
  const cardRef = useRef<HTMLDivElement>(null);
  const ready = loaded.data !== undefined;
  // Opening a booking puts focus on its first action, so Enter or Tab goes on from there.
  useEffect(() => {
    if (ready) cardRef.current?.querySelector<HTMLElement>('.booking-actions button')?.focus();
  }, [ready, id]);
  if (!loaded.data) return <div className="card"><ErrorNotice error={loaded.error} />{loaded.error ? null : <p className="muted">{t('common.loading')}</p>}</div>;
  const { booking: b, money, driver } = loaded.data;
  const done = (message: string): void => {
    setOpen(null);
    void loaded.reload().then(() => onChanged(message));
  };
  return (
    <div ref={cardRef} className="card booking-detail" data-testid="booking-detail" data-booking={b.ref} data-status={b.status}>
      <h2>{t('booking.title', { ref: b.ref })} <BookingStatusBadge status={b.status} /></h2>
      <dl className="booking-facts">
        <dt>{t('booking.window')}</dt>
        <dd className="tnum">{fmt.dateTime(b.startsAt)} – {fmt.dayTime(b.endsAt, b.startsAt)}</dd>
        <dt>{t('field.plate')}</dt>
        <dd><PlateBadge plate={b.plateRaw} size="sm" /> {className(layout, b.vehicleClass)}</dd>
        <dt>{t('bookings.col.place')}</dt>
        <dd>{t('bookings.place', { zone: zoneName(layout, b.zoneId), type: t(`spaceType.${b.spaceType}`) })}</dd>
        <dt>{t('booking.driver')}</dt>
        <dd>
          <button type="button" className="btn btn-small btn-quiet" onClick={() => navigate({ screen: 'drivers', focus: Date.now() })}>{driver.name ?? t('drivers.erasedName', { id: driver.id })}</button>
        </dd>
        <dt>{t('booking.price')}</dt>
        <dd className="num">{fmt.money(b.priceMinor, b.currency)} · {t(`booking.payMode.${b.payMode}`)}</dd>
        <dt>{t('booking.paid')}</dt>
        <dd className="num" data-testid="booking-paid">{fmt.money(b.paidMinor, b.currency)}</dd>
        {b.sessionId !== null ? (
          <>
            <dt />
            <dd><button type="button" className="btn btn-small" onClick={() => navigate({ screen: 'sessions', sessionId: b.sessionId ?? undefined })}>{t('booking.session', { id: b.sessionId })}</button></dd>
          </>
        ) : null}
      </dl>
      <h3>{t('booking.money')}</h3>
      {money.length === 0 ? (
        <p className="muted">{t('booking.noMoney')}</p>
      ) : (
        <table className="table table-compact" data-testid="booking-money">
          <TableHead columns={[{ label: t('booking.col.what') }, { label: t('booking.col.amount'), num: true }, { label: t('booking.col.when') }]} />
          <tbody>
            {money.map((m, i) => (
              <tr key={i} data-kind={m.kind}>
                <td>{t(`booking.moneyKind.${m.kind}`)} · {t(`booking.moneyMethod.${m.method}`)}</td>
                <td className="num">{fmt.money(m.kind === 'refund' ? -m.amountMinor : m.amountMinor, b.currency)}</td>
                <td className="muted">{fmt.dayTime(m.at, Date.now())} · {m.by}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {b.status === 'booked' ? (
        <div className="form-actions booking-actions">
          <button type="button" className="btn" onClick={() => setOpen('modify')}>{t('booking.modify')}</button>
          <button type="button" className="btn btn-danger" onClick={() => setOpen('cancel')}>{t('booking.cancel')}</button>
          <button type="button" className="btn" onClick={() => setOpen('noShow')}>{t('booking.noShow')}</button>
        </div>
      ) : null}
      {open === 'modify' ? <ModifyDialog booking={b} hasWallet={driver.walletId !== null} onClose={() => setOpen(null)} onDone={done} /> : null}
      {open === 'cancel' || open === 'noShow' ? <EndDialog booking={b} ending={open} onClose={() => setOpen(null)} onDone={done} /> : null}
    </div>
  );
}
