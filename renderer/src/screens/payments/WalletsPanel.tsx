import { Fragment, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { CallOutput } from '../../api';
import { useApp } from '../../app/context';
import { useKioskEvent, useLoad } from '../../app/hooks';
import { ErrorNotice, SuccessNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/Field';
import { PlateBadge } from '../../components/PlateBadge';
import { TableHead } from '../../components/TableHead';
import { useI18n } from '../../i18n';
import { listKeys } from '../../lib/rows';
import { CreateWalletDialog, TopUpDialog } from './WalletDialogs';

export type WalletRow = CallOutput<'wallets.list'>['wallets'][number];

/**
 * Prepaid wallets at the booth: everyone finds one by plate or holder and reads its balance; a supervisor creates
 * wallets and tops them up (the kiosk refuses anyone else, and audits each top-up with its reason). ↑/↓ pick a
 * row, Enter tops it up.
 */
export function WalletsPanel(): ReactNode {
  const { client, can, route } = useApp();
  const { t, fmt } = useI18n();
  const supervisor = can('supervisor');
  const searchRef = useRef<HTMLInputElement>(null);
  const [typed, setTyped] = useState(route.walletSearch ?? '');
  const [search, setSearch] = useState(route.walletSearch ?? '');
  const wallets = useLoad(async () => (await client.call('wallets.list', search ? { search } : {})).wallets, [search]);
  const [picked, setPicked] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const [toppingUp, setToppingUp] = useState<WalletRow | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // A wallet payment or refund at another console moves a balance shown here.
  useKioskEvent('lot.changed', (e) => (e.reason === 'payment' || e.reason === 'refund') && wallets.reload());
  useEffect(() => searchRef.current?.focus(), [route.focus]);
  const rows = wallets.data ?? [];

  const find = (e: FormEvent): void => {
    e.preventDefault();
    setSearch(typed.trim());
  };
  const topUp = (wallet: WalletRow): void => {
    setDone(null);
    setPicked(wallet.id);
    setToppingUp(wallet);
  };
  // ↑/↓ pick a wallet; Enter tops the picked one up (a supervisor, an active wallet).
  const keys = listKeys(rows, picked, setPicked, (wallet) => supervisor && wallet.active && topUp(wallet));
  const finished = (message: string): void => {
    setCreating(false);
    setToppingUp(null);
    void wallets.reload().then(() => setDone(message));
  };

  return (
    <div className="wallets" data-testid="wallets-panel">
      <div className="wallets-head">
        <form className="wallets-search" onSubmit={find} role="search" data-testid="wallets-search">
          <TextField ref={searchRef} name="wallet-search" label={t('wallets.search')} value={typed} onChange={(e) => setTyped(e.target.value)} hint={t('wallets.searchHint')} autoComplete="off" spellCheck={false} />
          <button type="submit" className="btn">{t('action.search')}</button>
        </form>
        <span className="muted" data-testid="wallets-count">{wallets.loading ? t('common.loading') : t('wallets.count', { count: rows.length })}</span>
        {supervisor ? <button type="button" className="btn btn-primary" onClick={() => { setDone(null); setCreating(true); }}>{t('wallets.create')}</button> : null}
      </div>
      <div className="form-result">{done ? <SuccessNotice><span data-testid="wallets-done">{done}</span></SuccessNotice> : <ErrorNotice error={wallets.error} />}</div>
      <section className="card panel-scroll wallets-list" tabIndex={0} onKeyDown={keys} aria-label={t('payments.tab.wallets')}>
        <table className="table wallets-table" data-testid="wallets-table" aria-busy={wallets.loading}>
          <TableHead columns={[{ label: t('wallets.holder') }, { label: t('wallets.plates') }, { label: t('wallets.balance'), num: true }, { label: t('wallets.status') }, ...(supervisor ? [{ label: t('wallets.actions') }] : [])]} />
          <tbody>
            {rows.map((w) => (
              <tr key={w.id} data-wallet={w.id} className={w.id === picked ? 'is-picked' : undefined} aria-selected={w.id === picked} onClick={() => setPicked(w.id)}>
                <td>{w.holder}</td>
                {/* The space between badges lets a screen reader or a copy read two plates, not one long one. */}
                <td><span className="wallet-plates">{w.plates.map((p) => <Fragment key={p}><PlateBadge plate={p} size="sm" />{' '}</Fragment>)}</span></td>
                <td className="num wallet-balance">{fmt.money(w.balanceMinor, w.currency)}</td>
                <td><span className={`badge ${w.active ? 'badge-ok' : 'badge-closed'}`}>{t(w.active ? 'wallets.active' : 'wallets.inactive')}</span></td>
                {supervisor ? (
                  <td>
                    {w.active ? <button type="button" className="btn btn-small" aria-label={t('wallets.topUpOf', { holder: w.holder })} onClick={() => topUp(w)}>{t('wallets.topUp')}</button> : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <p className="muted wallets-note">
        {supervisor ? t('wallets.keys') : <span data-testid="wallets-read-only">{t('wallets.readOnly')}</span>}
      </p>
      {creating ? <CreateWalletDialog onClose={() => setCreating(false)} onCreated={(w) => { setPicked(w.id); finished(t('wallets.created', { holder: w.holder })); }} /> : null}
      {toppingUp ? <TopUpDialog wallet={toppingUp} onClose={() => setToppingUp(null)} onDone={finished} /> : null}
    </div>
  );
}
