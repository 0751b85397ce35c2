import type { ReactNode } from 'react';
import type { Shift } from '../../api';
import { useI18n } from '../../i18n';

/** Counted vs expected, with the variance in words as well as colour. */
export function ShiftResult({ shift }: { shift: Shift }): ReactNode {
  const { t, fmt } = useI18n();
  const v = shift.varianceMinor ?? (shift.countedMinor ?? 0) - (shift.expectedMinor ?? 0);
  const kind = v === 0 ? 'balanced' : v > 0 ? 'over' : 'short';
  return (
    <section className={`card shift-result shift-${kind}`} role="status" data-testid="shift-result">
      <h2>{t('shift.closedTitle')}</h2>
      <dl className="dl dl-inline">
        <div className="dl-item"><dt>{t('shift.counted')}</dt><dd className="num">{fmt.money(shift.countedMinor ?? 0)}</dd></div>
        <div className="dl-item"><dt>{t('shift.expected')}</dt><dd className="num">{fmt.money(shift.expectedMinor ?? 0)}</dd></div>
        <div className="dl-item">
          <dt>{t('shift.variance')}</dt>
          <dd className={`num variance variance-${kind}`}>{t(`shift.${kind}`, { amount: fmt.money(Math.abs(v)) })}</dd>
        </div>
      </dl>
    </section>
  );
}
