import type { ReactNode } from 'react';
import type { QuoteView } from '../api';
import { useI18n } from '../i18n';

/** A quote's lines and total, in the quote's own currency. */
export function QuoteTable({ quote, caption }: { quote: QuoteView; caption?: string }): ReactNode {
  const { t, fmt, duration } = useI18n();
  return (
    <div className="quote" data-testid="quote">
      {caption ? <h3 className="quote-caption">{caption}</h3> : null}
      <table className="table quote-lines">
        <thead>
          <tr>
            <th scope="col">{t('quote.line')}</th>
            <th scope="col" className="num">{t('quote.quantity')}</th>
            <th scope="col" className="num">{t('quote.amount')}</th>
          </tr>
        </thead>
        <tbody>
          {quote.lines.length === 0 ? (
            <tr>
              <td colSpan={3} className="muted">{t('quote.noLines')}</td>
            </tr>
          ) : (
            quote.lines.map((l, i) => (
              <tr key={`${l.code}-${i}`}>
                <td>{l.label}</td>
                <td className="num">{fmt.number(l.quantity)}</td>
                <td className="num">{fmt.money(l.amountMinor, quote.currency)}</td>
              </tr>
            ))
          )}
        </tbody>
        <tfoot>
          <tr className="quote-total">
            <th scope="row" colSpan={2}>{t('quote.total')}</th>
            <td className="num" data-testid="quote-total">{fmt.money(quote.totalMinor, quote.currency)}</td>
          </tr>
        </tfoot>
      </table>
      <p className="quote-meta muted">
        {t('quote.meta', {
          tax: fmt.money(quote.taxMinor, quote.currency),
          chargeable: duration(quote.chargeableMinutes),
          grace: duration(quote.graceMinutes),
          table: quote.tableId,
          version: quote.tableVersion,
        })}
      </p>
    </div>
  );
}
