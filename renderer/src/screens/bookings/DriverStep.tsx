import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { CallOutput } from '../../api';
import { useApp } from '../../app/context';
import { useCallAction } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { driverSearchOf } from '../../lib/driver-search';

export type BookingDriver = CallOutput<'drivers.get'>['driver'] & { walletBalanceMinor: number | null };

/** Step 1: find the driver (Enter searches), pick one with the arrow keys (Enter takes them). */
export function DriverStep({ onChosen }: { onChosen(driver: BookingDriver): void }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const [typed, setTyped] = useState('');
  const [found, setFound] = useState<CallOutput<'drivers.search'>['drivers'] | null>(null);
  const [picked, setPicked] = useState<number | null>(null);
  const { busy, error, run } = useCallAction();
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLFieldSetElement>(null);
  useEffect(() => searchRef.current?.focus(), []);
  useEffect(() => listRef.current?.querySelector<HTMLInputElement>('input:checked')?.focus(), [found]);

  const search = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const text = typed.trim();
    if (!text || busy) return;
    await run(async () => {
      const { drivers } = await client.call('drivers.search', driverSearchOf(text, 20));
      const live = drivers.filter((d) => !d.erased && d.mergedInto === null);
      setPicked(live[0]?.id ?? null);
      setFound(live);
    });
  };
  const choose = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (picked === null || busy) return;
    await run(async () => {
      const { driver, walletBalanceMinor } = await client.call('drivers.get', { id: picked });
      onChosen({ ...driver, walletBalanceMinor });
    });
  };
  return (
    <section className="book-step" aria-labelledby="step-driver" data-testid="book-driver">
      <h3 id="step-driver">{t('book.step.driver')}</h3>
      <form className="book-inline" onSubmit={search} role="search">
        <TextField ref={searchRef} name="book-driver-search" label={t('book.findDriver')} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} />
        <button type="submit" className="btn" disabled={busy}>{t('action.search')}</button>
      </form>
      {found?.length === 0 ? <p className="muted" role="status">{t('book.noDriver')}</p> : null}
      {found && found.length > 0 ? (
        <form onSubmit={choose}>
          <fieldset ref={listRef} className="candidates">
            <legend>{t('book.pickDriver')}</legend>
            {found.map((d) => (
              <label key={d.id} className={`candidate${picked === d.id ? ' candidate-picked' : ''}`} data-driver={d.id}>
                <input type="radio" name="book-driver" checked={picked === d.id} onChange={() => setPicked(d.id)} />
                <b>{d.name}</b>
                <span className="candidate-meta">{[d.phone, ...d.vehicles.map((v) => v.plateRaw)].filter(Boolean).join(' · ')}</span>
              </label>
            ))}
          </fieldset>
          <button type="submit" className="btn btn-primary" disabled={busy || picked === null}>{t('book.step.place')} <kbd>Enter</kbd></button>
        </form>
      ) : null}
      <ErrorNotice error={error} />
    </section>
  );
}
