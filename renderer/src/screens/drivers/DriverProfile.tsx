import { useEffect, useRef, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useLoad } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useI18n, type MessageKey } from '../../i18n';
import { EditDriverForm } from './DriverForm';
import { PrivacyPanel } from './PrivacyPanel';
import { VehiclesPanel } from './VehiclesPanel';
import type { DriverView } from './draft';

/** The driver's wallet balance, with the way to the wallet itself (Payments, wallets tab, on this driver's wallet). */
function WalletLine({ driver, balanceMinor }: { driver: DriverView; balanceMinor: number | null }): ReactNode {
  const { navigate } = useApp();
  const { t, fmt } = useI18n();
  return (
    <section className="driver-section" aria-labelledby="wallet-title" data-testid="driver-wallet">
      <h3 id="wallet-title">{t('driverWallet.title')}</h3>
      {driver.walletId === null ? (
        <p className="muted">{t('driverWallet.none')}</p>
      ) : (
        <p className="driver-wallet">
          <b className="num" data-testid="wallet-balance">{t('driverWallet.balance', { amount: fmt.money(balanceMinor ?? 0) })}</b>{' '}
          {/* The wallet's holder is "driver <id>": the wallets search finds it by that. */}
          <button type="button" className="btn btn-small" onClick={() => navigate({ screen: 'payments', walletSearch: `driver ${driver.id}`, focus: Date.now() })}>{t('driverWallet.open')}</button>
        </p>
      )}
    </section>
  );
}

/** The driver's bookings, newest first (a new one is booked from the profile's head). */
function DriverBookings({ driver }: { driver: DriverView }): ReactNode {
  const { client } = useApp();
  const { t, fmt } = useI18n();
  const list = useLoad(async () => (await client.call('bookings.forDriver', { driverId: driver.id })).bookings, [driver.id, driver.version]);
  return (
    <section className="driver-section" aria-labelledby="dbook-title" data-testid="driver-bookings">
      <h3 id="dbook-title">{t('driverBookings.title')}</h3>
      {list.data?.length === 0 ? <p className="muted">{t('driverBookings.none')}</p> : null}
      <ul className="driver-booking-list">
        {(list.data ?? []).map((b) => (
          <li key={b.id} data-booking={b.ref}>
            <span className="tnum">{fmt.dateTime(b.startsAt)} – {fmt.dayTime(b.endsAt, b.startsAt)}</span> <span className="plate-text">{b.plateRaw}</span>{' '}
            <span className={`badge booking-${b.status}`}>{t(`bookingStatus.${b.status}` as MessageKey)}</span>
          </li>
        ))}
      </ul>
      <ErrorNotice error={list.error} />
    </section>
  );
}

/** One driver: their fields (edited with a version check), vehicles, wallet, bookings and, for a supervisor, privacy. */
export function DriverProfile({ id, onMessage }: { id: number; onMessage(text: string): void }): ReactNode {
  const { client, navigate } = useApp();
  const { t } = useI18n();
  const loaded = useLoad(() => client.call('drivers.get', { id }), [id]);
  const data = loaded.data;
  const cardRef = useRef<HTMLDivElement>(null);
  const opened = data !== undefined;
  // Opening a driver puts focus on the next step: booking a space for them (their name field when nothing else).
  useEffect(() => {
    const card = cardRef.current;
    if (opened) (card?.querySelector<HTMLElement>('[data-next-step]') ?? card?.querySelector<HTMLElement>('input'))?.focus();
  }, [opened]);
  if (!data) return <div className="card driver-profile"><ErrorNotice error={loaded.error} />{loaded.error ? null : <p className="muted">{t('common.loading')}</p>}</div>;
  const { driver, walletBalanceMinor } = data;
  const live = !driver.erased && driver.mergedInto === null;
  const changed = (text: string): void => void loaded.reload().then(() => onMessage(text));
  return (
    <div ref={cardRef} className="card driver-profile" data-testid="driver-profile" data-driver={driver.id}>
      <div className="driver-head">
        <h2>
          {driver.name ?? t('drivers.erasedName', { id: driver.id })} <span className="muted">{t('driver.profile', { id: driver.id })} · {t('driver.version', { version: driver.version })}</span>
        </h2>
        {live ? (
          <button type="button" className="btn btn-primary" data-next-step onClick={() => navigate({ screen: 'bookings', driverId: driver.id, focus: Date.now() })}>{t('driverBookings.book')}</button>
        ) : null}
      </div>
      {driver.erased ? <p className="badge badge-closed">{t('drivers.erased')}</p> : null}
      {driver.mergedInto !== null ? <p className="muted">{t('drivers.mergedInto', { id: driver.mergedInto })}</p> : null}
      {live ? (
        // Keyed by version: a save or a reload shows the stored fields; a refused save keeps the typing.
        <EditDriverForm key={driver.version} driver={driver} onSaved={(d) => changed(t('driver.saved', { name: d.name ?? '' }))} onReload={() => void loaded.reload()} />
      ) : null}
      <VehiclesPanel driver={driver} onChanged={changed} />
      <WalletLine driver={driver} balanceMinor={walletBalanceMinor} />
      <DriverBookings driver={driver} />
      <PrivacyPanel driver={driver} onErased={(d) => changed(t('driverPrivacy.erasedDone', { id: d.id }))} onMerged={(d, fromId) => changed(t('driverMerge.done', { from: fromId, into: d.id }))} />
    </div>
  );
}
