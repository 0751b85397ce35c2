import { useState, type ReactNode } from 'react';
import type { PrinterTest } from '../api/lane-types';
import { useApp } from '../app/context';
import { useCallAction, type CallAction } from '../app/hooks';
import { ErrorNotice } from './ErrorNotice';
import { useI18n } from '../i18n';

export interface TestPrint {
  /** The printer a test slip is on its way to, if any. */
  readonly printing: string | null;
  readonly outcome: PrinterTest | null;
  readonly error: CallAction['error'];
  test(printerId: string): void;
}

/**
 * A test slip through a printer's real driver (supervisor or admin; the kiosk checks), for a list of printers that
 * shares one outcome line: the Devices screen's printers, the dashboard's devices panel.
 */
export function useTestPrint(): TestPrint {
  const { client } = useApp();
  const { error, run } = useCallAction();
  const [printing, setPrinting] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<PrinterTest | null>(null);
  const test = (printerId: string): void => {
    if (printing) return;
    setOutcome(null);
    setPrinting(printerId);
    void run(async () => setOutcome(await client.call('printers.testPrint', { printerId }))).finally(() => setPrinting(null));
  };
  return { printing, outcome, error, test };
}

export function TestPrintButton({ printerId, state }: { printerId: string; state: TestPrint }): ReactNode {
  const { t } = useI18n();
  return (
    <button type="button" className="btn btn-small" data-test-print={printerId} disabled={state.printing !== null} onClick={() => state.test(printerId)} aria-label={t('printers.testOne', { name: printerId })}>
      {state.printing === printerId ? t('printers.testing') : t('printers.test')}
    </button>
  );
}

/** What the printer said: printed (ready, or the roll nearly done), or why nothing came out, in words. */
export function TestPrintOutcome({ state }: { state: TestPrint }): ReactNode {
  const { t } = useI18n();
  const { outcome } = state;
  let line: ReactNode = null;
  if (outcome?.printed) {
    const low = outcome.status === 'paper_low';
    line = (
      <p className={`notice ${low ? 'notice-warn' : 'notice-ok'}`} role="status" data-status={outcome.status}>
        {t(low ? 'printers.test.paperLow' : 'printers.test.ready', { printer: outcome.printerId })}
      </p>
    );
  } else if (outcome && outcome.status !== 'ready' && outcome.status !== 'paper_low') {
    line = (
      <div className="notice notice-error" role="alert" data-status={outcome.status}>
        <span className="notice-tag">{t('status.error')}</span>
        <div>
          {t('printers.test.failed', { printer: outcome.printerId, status: t(`printers.status.${outcome.status}`) })}
          <div className="muted">{outcome.detail}</div>
        </div>
      </div>
    );
  }
  return (
    <div aria-live="polite" data-testid="print-outcome">
      {line}
      <ErrorNotice error={state.error} />
    </div>
  );
}
