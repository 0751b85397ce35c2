import type { ReactNode } from 'react';
import type { OccupancyRow } from '../../api';
import { useApp } from '../../app/context';
import { className, zoneName } from '../../app/names';
import { CapacityBar } from '../../components/CapacityBar';
import { useI18n } from '../../i18n';

/** "Car 12 · Van 1" as chips; one line, cut with an ellipsis if it has to be (full text in the title). */
function ClassCounts({ byClass }: { byClass: Record<string, number> }): ReactNode {
  const { layout } = useApp();
  const { t } = useI18n();
  const entries = Object.entries(byClass).filter(([, n]) => n > 0);
  if (entries.length === 0) return <span className="muted">{t('occupancy.noVehicles')}</span>;
  const title = entries.map(([id, n]) => `${className(layout, id)} ${n}`).join(', ');
  return (
    <span className="class-counts" title={title}>
      {entries.map(([id, n]) => (
        <span key={id} className="chip" data-class={id}>
          {className(layout, id)} <b className="num">{n}</b>
        </span>
      ))}
    </span>
  );
}

/** Every zone with a bar per space type, in the layout's order so rows never reshuffle on updates. */
export function OccupancyPanel({ rows, loaded }: { rows: readonly OccupancyRow[]; loaded: boolean }): ReactNode {
  const { layout } = useApp();
  const { t } = useI18n();
  return (
    <section className="panel panel-occupancy" aria-labelledby="occ-title" data-testid="occupancy">
      <h2 id="occ-title">{t('dashboard.occupancy')}</h2>
      <div className="panel-scroll" tabIndex={0}>
        {layout.zones.map((zone) => {
          const zr = rows.filter((r) => r.zoneId === zone.id);
          // Before the first answer, the layout's capacities with nothing occupied: same size, no jump later.
          const types = loaded
            ? zr.map((r) => ({ type: r.spaceType, occupied: r.occupied, capacity: r.capacity, byClass: r.byClass }))
            : Object.entries(zone.spaces).map(([type, capacity]) => ({ type, occupied: 0, capacity: capacity ?? 0, byClass: {} }));
          const occupied = types.reduce((s, r) => s + r.occupied, 0);
          const capacity = types.reduce((s, r) => s + r.capacity, 0);
          return (
            <div key={zone.id} className="zone" data-zone={zone.id}>
              <CapacityBar label={zoneName(layout, zone.id)} occupied={occupied} capacity={capacity} strong extra="" />
              <ul className="zone-types">
                {types.map((r) => (
                  <li key={r.type} data-space-type={r.type}>
                    <CapacityBar
                      label={t(`spaceType.${r.type as OccupancyRow['spaceType']}`)}
                      occupied={r.occupied}
                      capacity={r.capacity}
                      extra={<ClassCounts byClass={r.byClass} />}
                    />
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
      </div>
    </section>
  );
}
