import type { ReactNode } from 'react';
import { useI18n } from '../i18n';

export type Fill = 'ok' | 'busy' | 'full';

export function fillLevel(occupied: number, capacity: number): Fill {
  if (capacity <= 0 || occupied >= capacity) return 'full';
  return occupied / capacity >= 0.85 ? 'busy' : 'ok';
}

/** Occupied of capacity as a bar plus the numbers plus a word; the bar's width never changes the layout. */
export function CapacityBar({ occupied, capacity, label }: { occupied: number; capacity: number; label: string }): ReactNode {
  const { t, fmt } = useI18n();
  const level = fillLevel(occupied, capacity);
  const ratio = capacity > 0 ? Math.min(1, occupied / capacity) : 1;
  return (
    <div className={`cap cap-${level}`}>
      <div className="cap-head">
        <span className="cap-label">{label}</span>
        <span className="cap-count num">
          {t('occupancy.count', { occupied, capacity })}
        </span>
        <span className={`cap-word cap-word-${level}`}>{t(`occupancy.level.${level}`)}</span>
      </div>
      <div
        className="cap-track"
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={capacity}
        aria-valuenow={occupied}
        aria-valuetext={`${fmt.percent(ratio)}`}
      >
        <div className="cap-fill" style={{ transform: `scaleX(${ratio})` }} />
      </div>
    </div>
  );
}
