import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useLoad } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ListLayout } from '../../components/ListLayout';
import { TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { driverSearchOf } from '../../lib/driver-search';
import { DriverList } from './DriverList';
import { NewDriverForm } from './DriverForm';
import { DriverProfile } from './DriverProfile';
import './drivers.css';

/**
 * The lot's customers (Shift+F2): one box searches names, phones, emails and plates (fuzzy); Enter searches and
 * puts focus on the list, ↑/↓ and Enter open a driver beside it. "New driver" registers one and opens them.
 */
export function DriversScreen(): ReactNode {
  const { client, route } = useApp();
  const { t } = useI18n();
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLElement>(null);
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<number | null>(null);
  const [open, setOpen] = useState<number | 'new' | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const found = useLoad(async () => (await client.call('drivers.search', driverSearchOf(query))).drivers, [query]);
  const rows = found.data ?? [];
  useEffect(() => searchRef.current?.focus(), [route.focus]);

  // After a search the answer's list takes focus, its first row picked: ↓/↑ and Enter from there.
  const focusList = useRef(false);
  const search = (e: FormEvent): void => {
    e.preventDefault();
    focusList.current = true;
    setPicked(null);
    setQuery(typed);
    setMessage(null);
    if (typed === query) void found.reload();
  };
  useEffect(() => {
    if (found.loading || !focusList.current) return;
    focusList.current = false;
    setPicked(rows[0]?.id ?? null);
    listRef.current?.focus();
  }, [found.loading, rows]);
  const openDriver = (id: number): void => {
    setMessage(null);
    setPicked(id);
    setOpen(id);
  };
  const shown = (text: string): void => {
    setMessage(text);
    void found.reload();
  };

  return (
    <div className="list-screen drivers">
      <div className="screen-head">
        <h1>{t('drivers.title')}</h1>
        <button type="button" className="btn btn-primary" onClick={() => { setMessage(null); setOpen('new'); }}>{t('drivers.new')}</button>
      </div>
      <form className="drivers-search" onSubmit={search} role="search" data-testid="drivers-search">
        <TextField ref={searchRef} name="driver-search" label={t('drivers.search')} value={typed} onChange={(e) => setTyped(e.target.value)} hint={t('drivers.searchHint')} autoComplete="off" spellCheck={false} />
        <button type="submit" className="btn">{t('action.search')}</button>
        <span className="muted" data-testid="drivers-count">{found.loading ? t('common.loading') : t('drivers.count', { count: rows.length })}</span>
      </form>
      <ErrorNotice error={found.error} />
      <ListLayout
        list={<DriverList ref={listRef} drivers={rows} picked={picked} onPick={setPicked} onOpen={openDriver} busy={found.loading} />}
        keysHint={t('drivers.keys')}
        done={message}
        doneTestId="drivers-done"
        side={
          open === 'new' ? (
            <NewDriverForm
              onCancel={() => setOpen(null)}
              onCreated={(d) => {
                // The list shows the driver just registered, picked, beside their profile.
                setTyped(d.name ?? '');
                setQuery(d.name ?? '');
                setOpen(d.id);
                setPicked(d.id);
                shown(t('driver.created', { name: d.name ?? '' }));
              }}
            />
          ) : open !== null ? (
            <DriverProfile key={open} id={open} onMessage={shown} />
          ) : null
        }
      />
    </div>
  );
}
