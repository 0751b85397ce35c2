import type { ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCoalesced, useKioskEvent, useLoad } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n';
import { spacesByFloor } from './spaces';

/**
 * Spaces per floor, zone and type in large figures, readable from a step back: free, held for bookings, occupied
 * and out of service. Follows pushed lot changes (cars, bookings, layout edits), one reload per burst.
 */
export function SpacesPanel(): ReactNode {
  const { client, layout } = useApp();
  const { t, fmt } = useI18n();
  const loaded = useLoad(async () => {
    const [availability, spaces] = await Promise.all([client.call('spaces.availability', {}), client.call('spaces.list', {})]);
    return spacesByFloor(availability.rows, spaces, layout);
  }, [layout]);
  const reload = useCoalesced(loaded.reload, 150);
  useKioskEvent('lot.changed', reload);
  return (
    <section className="panel panel-spaces" aria-labelledby="spaces-title" data-testid="spaces">
      <h2 id="spaces-title">{t('dashboard.spaces')}</h2>
      <ErrorNotice error={loaded.error} />
      <div className="panel-scroll" tabIndex={0} aria-busy={loaded.loading}>
        {(loaded.data ?? []).map((group) => (
          <section key={group.floor ?? ''} className="spaces-floor" data-floor={group.floor ?? ''} aria-label={group.floor === null ? t('spaces.noFloor') : t('spaces.floor', { floor: group.floor })}>
            <h3>{group.floor === null ? t('spaces.noFloor') : t('spaces.floor', { floor: group.floor })}</h3>
            <ul className="spaces-tiles">
              {group.rows.map((r) => (
                <li key={`${r.zoneId}:${r.spaceType}`} className={`spaces-tile${r.free === 0 ? ' spaces-full' : ''}`} data-zone={r.zoneId} data-space-type={r.spaceType}>
                  <span className="spaces-where">
                    {t(`spaceType.${r.spaceType}`)}
                    {/* The zone only where the floor has more than one. */}
                    {new Set(group.rows.map((x) => x.zoneId)).size > 1 ? <small> · {layout.zones.find((z) => z.id === r.zoneId)?.name ?? r.zoneId}</small> : null}
                  </span>
                  <span className="spaces-free num" data-count="free">{fmt.number(r.free)} <small>{t('spaces.free')}</small></span>
                  <span className="spaces-rest">
                    <span data-count="held">{t('spaces.heldN', { count: r.held })}</span> · <span data-count="occupied">{t('spaces.occupiedN', { count: r.occupied })}</span>
                    {r.outOfService > 0 ? <> · <span className="spaces-out" data-count="out">{t('spaces.outN', { count: r.outOfService })}</span></> : null}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </section>
  );
}
