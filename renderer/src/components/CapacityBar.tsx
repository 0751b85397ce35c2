import type { ReactNode } from 'react';
import { useI18n } from '../i18n';

export type Fill = 'ok' | 'busy' | 'full';

export function fillLevel(occupied: number, capacity: number): Fill {
  if (occupied >= capacity) return 'full';
  return occupied / capacity >= 0.85 ? 'busy' : 'ok';
}

/**
 * One line: label, bar, "occupied / capacity", and a word for the level (colour is never the only signal).
 * Fixed column widths so a number changing never moves anything.
 */
export function CapacityBar({ occupied, capacity, label, strong, extra }: { occupied: number; capacity: number; label: string; strong?: boolean; extra?: ReactNode }): ReactNode {
  const { t } = useI18n();
  const level = fillLevel(occupied, capacity);
  const ratio = capacity > 0 ? Math.min(1, occupied / capacity) : 0;
  return (
    <div className={`cap cap-${level}${strong ? ' cap-strong' : ''}`}>
      <span className="cap-label">{label}</span>
      <div className="cap-track" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={capacity} aria-valuenow={occupied}>
        <div className="cap-fill" style={{ transform: `scaleX(${ratio})` }} />
      </div>
      <span className="cap-count num">{t('occupancy.count', { occupied, capacity })}</span>
      <span className={`cap-word cap-word-${level}`}>{t(`occupancy.level.${level}`)}</span>
      {extra === undefined ? null : <span className="cap-extra">{extra}</span>}
    </div>
  );
}
