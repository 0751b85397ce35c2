import type { ReactNode } from 'react';
import type { CallOutput } from '../api';
import { useI18n } from '../i18n';

/** What a stay is charged, as the kiosk recorded it (or priced it now for a stay inside): contract types only. */
export type Charge = CallOutput<'sessions.manualExit'>['charge'];

/**
 * A stay's charge: its lines (tariff, time off, discounts, validations, lost ticket, debts, overpayment kept), the
 * total, what was paid, and then what is still due or what was paid beyond the charge: never a negative amount due.
 */
export function ChargeTable({ charge, caption, testId = 'charge' }: { charge: Charge; caption?: string; testId?: string }): ReactNode {
  const { t, fmt } = useI18n();
  const money = (minor: number) => fmt.money(minor, charge.currency);
  return (
    <div className="quote" data-testid={testId}>
      {caption ? <h3 className="quote-caption">{caption}</h3> : null}
      <table className="table quote-lines">
        <thead>
          <tr><th scope="col">{t('quote.line')}</th><th scope="col" className="num">{t('quote.quantity')}</th><th scope="col" className="num">{t('quote.amount')}</th></tr>
        </thead>
        <tbody>
          {charge.lines.length === 0 ? (
            <tr><td colSpan={3} className="muted">{t('quote.noLines')}</td></tr>
          ) : (
            charge.lines.map((l, i) => (
              <tr key={`${l.code}-${i}`}><td>{l.label}</td><td className="num">{fmt.number(l.quantity)}</td><td className="num">{money(l.amountMinor)}</td></tr>
            ))
          )}
        </tbody>
        <tfoot>
          <tr className="quote-total"><th scope="row" colSpan={2}>{t('quote.total')}</th><td className="num" data-testid="quote-total">{money(charge.totalMinor)}</td></tr>
          {charge.paidMinor > 0 ? <tr><th scope="row" colSpan={2}>{t('pay.paidSoFar')}</th><td className="num" data-testid="charge-paid">{money(charge.paidMinor)}</td></tr> : null}
          {charge.overpaidMinor > 0 ? (
            <tr className="quote-total pay-overpaid"><th scope="row" colSpan={2}>{t('charge.overpaid')}</th><td className="num" data-testid="overpaid">{money(charge.overpaidMinor)}</td></tr>
          ) : (
            <tr className="quote-total pay-due"><th scope="row" colSpan={2}>{t('pay.due')}</th><td className="num" data-testid="pay-due">{money(charge.dueMinor)}</td></tr>
          )}
        </tfoot>
      </table>
      {charge.recordedAt !== null ? <p className="quote-meta muted">{t('charge.recorded', { time: fmt.dateTime(charge.recordedAt), by: charge.recordedBy ?? '—' })}</p> : null}
    </div>
  );
}
