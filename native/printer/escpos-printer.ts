/**
 * An ESC/POS receipt printer (Epson TM series and compatibles): jobs go one at a time; before each the printer is
 * asked (DLE EOT) whether it can print, and after it whether it still could, so the console says "out of paper"
 * instead of claiming a receipt it never printed.
 */
import type { Connection, Transport } from './connection';
import { PrinterError, type PrintOutcome, type ReceiptPrinter } from './printer';
import { isStatusByte, readStatus, statusRequest, type PrinterStatus, type StatusRequest } from './status';

export interface EscPosPrinterOptions {
  /** How long the printer may take to answer a status request. */
  answerTimeoutMs: number;
}

const PROBLEM_TEXT: Record<string, string> = {
  paper_out: 'out of paper',
  cover_open: 'the cover is open',
  error: 'the printer reports an error (cutter jam or overheating): clear it and press its feed button',
  offline: 'the printer is offline',
};

export class EscPosPrinter implements ReceiptPrinter {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly id: string, private readonly transport: Transport, private readonly options: EscPosPrinterOptions) {}

  status(): Promise<PrinterStatus> {
    return this.inTurn((conn) => this.ask(conn));
  }

  print(job: Uint8Array): Promise<PrintOutcome> {
    return this.inTurn(async (conn) => {
      this.refuseUnlessReady(await this.ask(conn), 'nothing was printed');
      await conn.write(job);
      const after = await this.ask(conn);
      this.refuseUnlessReady(after, 'the receipt may be incomplete: print it again');
      return { paperLow: after.paperLow };
    });
  }

  private inTurn<T>(work: (conn: Connection) => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      const conn = await this.transport();
      try {
        return await work(conn);
      } finally {
        await conn.close();
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async ask(conn: Connection): Promise<PrinterStatus> {
    const answer = async (kind: StatusRequest): Promise<number> => {
      await conn.write(statusRequest(kind));
      // Bytes that are not a status (an automatic status block, noise on a serial line) are skipped, not trusted.
      for (;;) {
        const byte = await conn.readByte(this.options.answerTimeoutMs);
        if (isStatusByte(byte)) return byte;
      }
    };
    const printer = await answer('printer');
    const offlineCause = await answer('offlineCause');
    const paper = await answer('paper');
    return readStatus(printer, offlineCause, paper);
  }

  private refuseUnlessReady(status: PrinterStatus, consequence: string): void {
    const problem = status.problems[0];
    if (problem) throw new PrinterError(problem, `${this.id}: ${PROBLEM_TEXT[problem]}; ${consequence}`);
  }
}
