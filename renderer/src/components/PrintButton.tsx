import { useState, type ReactNode } from 'react';
import type { CallOutput } from '../api';
import { useCallAction } from '../app/hooks';
import { ErrorNotice } from './ErrorNotice';
import { useI18n } from '../i18n';

export type PrintOutcome = CallOutput<'payments.printReceipt'>;

/**
 * Sends a stored receipt or invoice to the printer and says how it went: printed (or reprinted), printed with the
 * roll nearly done, or why nothing came out (out of paper, cover open, unreachable), in the kiosk's words.
 */
export function PrintButton({ label, print }: { label: string; print: () => Promise<PrintOutcome> }): ReactNode {
  const { t } = useI18n();
  const { busy, error, run } = useCallAction();
  const [outcome, setOutcome] = useState<PrintOutcome | null>(null);
  const click = () =>
    run(async () => {
      setOutcome(null);
      setOutcome(await print());
    });
  return (
    <div className="print-action">
      <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void click()}>{busy ? t('payments.printing') : label}</button>
      <div aria-live="polite" data-testid="print-outcome">
        {outcome ? (
          <p className={`notice ${outcome.paperLow ? 'notice-warn' : 'notice-ok'}`} role="status">
            {t(outcome.reprint ? 'payments.reprinted' : 'payments.printed', { printer: outcome.printerId })}
            {outcome.paperLow ? ` ${t('payments.paperLow')}` : ''}
          </p>
        ) : null}
        <ErrorNotice error={error} />
      </div>
    </div>
  );
}
