/**
 * ESC/POS real-time status (DLE EOT n): the printer answers one byte at once, even with its buffer full, so the
 * kiosk can tell "out of paper" or "cover open" from "printed" before and after a job. Bit meanings are Epson's
 * (TM series; Star and most compatibles in ESC/POS mode answer the same): every answer has bits 1 and 4 set and
 * bits 0 and 7 clear, which is how a stray byte is told from a status.
 */
export const DLE = 0x10;
export const EOT = 0x04;

export const STATUS_REQUEST = { printer: 1, offlineCause: 2, errorCause: 3, paper: 4 } as const;
export type StatusRequest = keyof typeof STATUS_REQUEST;

export type PrinterProblem = 'offline' | 'cover_open' | 'paper_out' | 'error';

export interface PrinterStatus {
  /** What stops printing now; empty when the printer is ready. */
  problems: PrinterProblem[];
  /** The roll is nearly done: print, but tell the attendant to change it. */
  paperLow: boolean;
}

const FIXED_MASK = 0b1001_0011;
const FIXED_BITS = 0b0001_0010;

export function isStatusByte(byte: number): boolean {
  return (byte & FIXED_MASK) === FIXED_BITS;
}

export function statusRequest(kind: StatusRequest): Uint8Array {
  return Uint8Array.of(DLE, EOT, STATUS_REQUEST[kind]);
}

/** The three answers (printer, offline cause, paper sensor) read as one status. */
export function readStatus(printer: number, offlineCause: number, paper: number): PrinterStatus {
  for (const byte of [printer, offlineCause, paper]) {
    if (!isStatusByte(byte)) throw new RangeError(`0x${byte.toString(16).padStart(2, '0')} is not an ESC/POS status byte`);
  }
  const problems: PrinterProblem[] = [];
  if (offlineCause & 0b0000_0100) problems.push('cover_open');
  if (paper & 0b0110_0000 || offlineCause & 0b0010_0000) problems.push('paper_out');
  if (offlineCause & 0b0100_0000) problems.push('error');
  if (printer & 0b0000_1000 && problems.length === 0) problems.push('offline');
  return { problems, paperLow: (paper & 0b0000_1100) !== 0 };
}

/** The byte a printer in this state answers to each request (for the simulator; the inverse of readStatus). */
export function statusByte(kind: StatusRequest, state: { coverOpen: boolean; paperOut: boolean; paperLow: boolean; error: boolean }): number {
  const offline = state.coverOpen || state.paperOut || state.error;
  switch (kind) {
    case 'printer':
      return FIXED_BITS | (offline ? 0b0000_1000 : 0);
    case 'offlineCause':
      return FIXED_BITS | (state.coverOpen ? 0b0000_0100 : 0) | (state.paperOut ? 0b0010_0000 : 0) | (state.error ? 0b0100_0000 : 0);
    case 'errorCause':
      return FIXED_BITS;
    case 'paper':
      return FIXED_BITS | (state.paperLow || state.paperOut ? 0b0000_1100 : 0) | (state.paperOut ? 0b0110_0000 : 0);
  }
}
