import type { ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useI18n } from '../../i18n';
import { downloadText } from '../../lib/download';
import { cashUpText, type ClosedShift } from './cash-up';

/**
 * Counted vs expected, with the variance in words as well as colour, and the cash-up to keep: saved as a text file
 * or printed (the page's print style shows only this card). Save takes focus: it is the next thing to do.
 */
export function ShiftResult({ closed }: { closed: ClosedShift }): ReactNode {
  const i18n = useI18n();
  const { t, fmt } = i18n;
  const { layout } = useApp();
  const { shift } = closed;
  const v = shift.varianceMinor ?? (shift.countedMinor ?? 0) - (shift.expectedMinor ?? 0);
  const kind = v === 0 ? 'balanced' : v > 0 ? 'over' : 'short';
  const save = (): void => downloadText(cashUpText(closed, layout.site.name, i18n), `cash-up-shift-${shift.id}.txt`);
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
        {closed.note ? <div className="dl-item shift-note"><dt>{t('shift.cashUpNote')}</dt><dd>{closed.note}</dd></div> : null}
      </dl>
      <div className="form-actions no-print">
        <button type="button" className="btn btn-primary" onClick={save} data-autofocus autoFocus>{t('shift.saveCashUp')}</button>
        <button type="button" className="btn" onClick={() => window.print()}>{t('shift.printCashUp')}</button>
      </div>
    </section>
  );
}
