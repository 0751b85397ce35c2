import type { ReactNode } from 'react';
import type { UnrecordedCar } from '../api/lane-types';
import { useI18n } from '../i18n';
import { PlateBadge } from './PlateBadge';

/**
 * A car let through while the disk was full: it has no session yet, so it is named by what it is (plate, lane,
 * since when it is kept in memory), never by a number the attendant could look up and not find.
 */
export function UnrecordedCarLine({ car }: { car: UnrecordedCar }): ReactNode {
  const { t, fmt } = useI18n();
  return (
    <span className="unrecorded-car" data-testid="unrecorded-car" data-plate={car.plateKey}>
      <PlateBadge plate={car.plateKey} size="sm" /> <span>{t('unrecorded.car', { time: fmt.time(car.since), lane: car.laneId })}</span>
    </span>
  );
}

/** The cars a search found whose entries wait in memory, apart from the recorded sessions; nothing when none. */
export function UnrecordedCars({ cars }: { cars: readonly UnrecordedCar[] }): ReactNode {
  const { t } = useI18n();
  if (cars.length === 0) return null;
  return (
    <section className="notice notice-warn unrecorded-cars" aria-label={t('unrecorded.title')} data-testid="unrecorded-cars">
      <p>
        <b>{t('unrecorded.title')}</b> {t('unrecorded.hint')}
      </p>
      <ul>
        {cars.map((car) => (
          <li key={car.ref}>
            <UnrecordedCarLine car={car} />
          </li>
        ))}
      </ul>
    </section>
  );
}
