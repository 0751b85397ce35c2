/**
 * A receipt printer the kiosk can print to and ask how it is, over whatever wire it hangs off. The core sees only
 * this interface (native/printer/index.ts builds one from the site's config).
 */
import type { PrinterProblem, PrinterStatus } from './status';

export type PrinterErrorCode = PrinterProblem | 'unreachable';

export class PrinterError extends Error {
  constructor(readonly code: PrinterErrorCode, message: string) {
    super(message);
    this.name = 'PrinterError';
  }
}

export function isPrinterError(error: unknown): error is PrinterError {
  return error instanceof PrinterError;
}

export interface PrintOutcome {
  /** The roll is nearly done: the receipt printed, but the attendant should change the roll soon. */
  paperLow: boolean;
}

export interface ReceiptPrinter {
  readonly id: string;
  /** Asks the printer (DLE EOT); PrinterError('unreachable') when it does not answer. */
  status(): Promise<PrinterStatus>;
  /**
   * Prints one job (ESC/POS bytes) once the printer says it is ready, and asks again afterwards: a PrinterError
   * names what stopped it (paper out, cover open, unreachable), and nothing is sent to a printer that is not ready.
   */
  print(job: Uint8Array): Promise<PrintOutcome>;
}
