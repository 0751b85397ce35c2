/**
 * A thermal receipt printer that behaves like one on the wire: it reads the ESC/POS commands the kiosk sends (the
 * ones an Epson TM-T20/T88 takes: ESC @, ESC E, ESC a, LF, GS ( k for its own QR code, GS V to cut), answers DLE
 * EOT status requests at once, and can run out of paper or have its cover open. What it "prints" is kept as pages
 * of text, one per cut, so a test can read the receipt that came out. A command it does not know is an error
 * (kept in `errors`), as a real printer would print garbage: the kiosk must not send any.
 */
import { DLE, EOT, statusByte, type StatusRequest } from './status';

const ESC = 0x1b;
const GS = 0x1d;
const LF = 0x0a;
const STATUS_KINDS: Record<number, StatusRequest> = { 1: 'printer', 2: 'offlineCause', 3: 'errorCause', 4: 'paper' };

export interface PrintedPage {
  lines: string[];
  /** The data of each QR code printed on the page. */
  qr: string[];
  /** Lines printed in bold, as text. */
  bold: string[];
}

export interface PrinterState {
  coverOpen: boolean;
  paperOut: boolean;
  paperLow: boolean;
  error: boolean;
}

export class EscPosPrinterSimulator {
  readonly state: PrinterState = { coverOpen: false, paperOut: false, paperLow: false, error: false };
  readonly pages: PrintedPage[] = [];
  readonly errors: string[] = [];
  /** Bytes received but not yet a whole command (a command may arrive split over several reads). */
  private pending: number[] = [];
  private page: PrintedPage = { lines: [], qr: [], bold: [] };
  private line: number[] = [];
  private boldOn = false;
  private qrData = '';

  /** Feeds received bytes; returns what the printer answers (status bytes). */
  receive(bytes: Uint8Array): Uint8Array {
    this.pending.push(...bytes);
    const answers: number[] = [];
    for (;;) {
      const used = this.step(answers);
      if (used === 0) break;
      this.pending.splice(0, used);
    }
    return Uint8Array.from(answers);
  }

  /** Text lines printed but not yet cut off (a job without a cut). */
  get uncut(): PrintedPage {
    return this.page;
  }

  /** Handles the command at the head of `pending`; returns how many bytes it took (0: need more bytes). */
  private step(answers: number[]): number {
    const [b0, b1, b2] = this.pending;
    if (b0 === undefined) return 0;
    if (b0 === DLE) {
      if (b2 === undefined) return 0;
      const kind = b1 === EOT ? STATUS_KINDS[b2] : undefined;
      if (kind) answers.push(statusByte(kind, this.state));
      else this.errors.push(`unknown real-time command 10 ${hex(b1)} ${hex(b2)}`);
      return 3;
    }
    if (this.state.paperOut || this.state.coverOpen) {
      // A real printer stops and holds what it is sent; the kiosk checks status first, so this is a test failure.
      this.errors.push('printing while not ready');
    }
    if (b0 === ESC) return this.escape(b1, b2);
    if (b0 === GS) return this.groupSeparator();
    if (b0 === LF) {
      this.endLine();
      return 1;
    }
    if (b0 < 0x20) {
      this.errors.push(`unexpected control byte ${hex(b0)}`);
      return 1;
    }
    this.line.push(b0);
    return 1;
  }

  private escape(b1: number | undefined, b2: number | undefined): number {
    if (b1 === undefined) return 0;
    if (b1 === 0x40) {
      this.boldOn = false;
      return 2;
    }
    if (b2 === undefined) return 0;
    if (b1 === 0x45) this.boldOn = (b2 & 1) === 1;
    else if (b1 !== 0x61) this.errors.push(`unknown command 1b ${hex(b1)}`);
    return 3;
  }

  private groupSeparator(): number {
    const [, b1, b2, b3] = this.pending;
    if (b1 === undefined) return 0;
    if (b1 === 0x56) return this.cut(b2, b3);
    if (b1 === 0x28 && b2 === undefined) return 0;
    if (b1 === 0x28 && b2 === 0x6b) {
      const [, , , pL, pH] = this.pending;
      if (pL === undefined || pH === undefined) return 0;
      const length = pL + pH * 256;
      if (this.pending.length < 5 + length) return 0;
      this.qrFunction(this.pending.slice(5, 5 + length));
      return 5 + length;
    }
    this.errors.push(`unknown command 1d ${hex(b1)}`);
    return 2;
  }

  private cut(mode: number | undefined, feed: number | undefined): number {
    if (mode === undefined) return 0;
    const withFeed = mode === 65 || mode === 66;
    if (withFeed && feed === undefined) return 0;
    if (this.line.length) this.endLine();
    this.pages.push(this.page);
    this.page = { lines: [], qr: [], bold: [] };
    return withFeed ? 4 : 3;
  }

  /** GS ( k, cn 0x31 (QR code): 0x50 stores the data, 0x51 prints it; size and error-correction settings pass. */
  private qrFunction(parameters: number[]): void {
    const [cn, fn, ...rest] = parameters;
    if (cn !== 0x31) return void this.errors.push(`unknown 2D code ${hex(cn)}`);
    if (fn === 0x50) this.qrData = Buffer.from(rest.slice(1)).toString('utf8');
    else if (fn === 0x51) this.page.qr.push(this.qrData);
  }

  private endLine(): void {
    const text = Buffer.from(this.line).toString('latin1');
    this.page.lines.push(text);
    if (this.boldOn) this.page.bold.push(text);
    this.line = [];
  }
}

const hex = (byte: number | undefined) => (byte === undefined ? '??' : byte.toString(16).padStart(2, '0'));
