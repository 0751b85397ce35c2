import { Fragment, forwardRef, type ReactNode } from 'react';
import type { CallOutput } from '../../api';
import { PlateBadge } from '../../components/PlateBadge';
import { TableHead } from '../../components/TableHead';
import { useI18n } from '../../i18n';
import { listKeys } from '../../lib/rows';

export type FoundDriver = CallOutput<'drivers.search'>['drivers'][number];

/** Found drivers; the list takes focus after a search: ↑/↓ pick a row, Enter opens it. */
export const DriverList = forwardRef<HTMLElement, { drivers: readonly FoundDriver[]; picked: number | null; onPick(id: number): void; onOpen(id: number): void; busy: boolean }>(
  function DriverList({ drivers, picked, onPick, onOpen, busy }, ref): ReactNode {
    const { t, fmt } = useI18n();
    const keys = listKeys(drivers, picked, onPick, (d) => onOpen(d.id));
    return (
      <section ref={ref} className="card panel-scroll drivers-list" tabIndex={0} onKeyDown={keys} aria-label={t('drivers.title')} data-testid="driver-list">
        <table className="table table-rows" aria-busy={busy}>
          <TableHead columns={[{ label: t('drivers.col.name') }, { label: t('drivers.col.contact') }, { label: t('drivers.col.plates') }, { label: t('drivers.col.match'), num: true }]} />
          <tbody>
            {drivers.map((d) => (
              <tr key={d.id} data-driver={d.id} aria-selected={d.id === picked} className={d.id === picked ? 'is-picked' : undefined} onClick={() => onPick(d.id)} onDoubleClick={() => onOpen(d.id)}>
                <td>
                  {d.name ?? t('drivers.erasedName', { id: d.id })}
                  {d.erased ? <span className="badge badge-closed">{t('drivers.erased')}</span> : null}
                  {d.origin === 'headoffice' ? <span className="badge">{t('drivers.fromHeadOffice')}</span> : null}
                </td>
                <td className="muted">{[d.phone, d.email].filter(Boolean).join(' · ')}</td>
                <td>{d.vehicles.map((v) => <Fragment key={v.id}><PlateBadge plate={v.plateRaw} size="sm" />{' '}</Fragment>)}</td>
                <td className="num">{d.score === null ? '' : fmt.percent(d.score)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {drivers.length === 0 && !busy ? <p className="muted list-screen-empty">{t('drivers.none')}</p> : null}
      </section>
    );
  },
);
