/**
 * The running account of one quote: its lines, and what each daily-maximum window has been charged, so that the
 * daily maximum can be applied per window at the end. Lines are kept by rank so a receipt always reads the same way.
 */
import type { QuoteLine } from './tariff';
import type { CompiledLongStayCap, LineSlot } from './tariff-compile';

/** A total and the lines that sum to it. */
export interface Priced {
  readonly totalMinor: number;
  readonly lines: QuoteLine[];
}

/** Quote lines and what each daily-maximum window has been charged so far. */
export class Ledger {
  private readonly windowTotals: number[];
  private firstWindowFloor = 0;
  private readonly lines = new Map<number, QuoteLine>();

  constructor(private readonly boundaries: readonly number[]) {
    this.windowTotals = new Array<number>(boundaries.length + 1).fill(0);
  }

  /** Calls back for each part of [start, end) that lies in one window, with that window's index. */
  forEachWindow(start: number, end: number, visit: (pieceStart: number, pieceEnd: number, window: number) => void) {
    let window = this.windowOf(start);
    for (let pieceStart = start; pieceStart < end; window += 1) {
      const pieceEnd = Math.min(end, this.boundaries[window] ?? Infinity);
      visit(pieceStart, pieceEnd, window);
      pieceStart = pieceEnd;
    }
  }

  addLine(slot: LineSlot, quantity: number, amountMinor: number): void {
    const line = this.lines.get(slot.rank);
    if (line) {
      line.quantity += quantity;
      line.amountMinor += amountMinor;
    } else {
      this.lines.set(slot.rank, { code: slot.code, label: slot.label, quantity, amountMinor });
    }
  }

  addToWindow(window: number, amountMinor: number): void {
    this.windowTotals[window]! += amountMinor;
  }

  /** An event's flat price: the daily maximum may cut what comes after it in its window, never the price itself. */
  protectInFirstWindow(amountMinor: number): void {
    this.firstWindowFloor = amountMinor;
  }

  /**
   * Applies the daily maximum to each window and the long-stay cap to the first windows together, each as one
   * negative line, and returns the lines, by rank, with their sum.
   */
  settle(dailyMaxMinor: number | null, dailyCapLine: LineSlot, longStayCap: CompiledLongStayCap | null): Priced {
    if (dailyMaxMinor !== null) {
      const capped = this.windowTotals.map((total, window) => Math.min(total, this.windowCap(window, dailyMaxMinor, longStayCap)));
      const over = this.windowTotals.reduce((sum, total, window) => sum + total - capped[window]!, 0);
      const cappedWindows = this.windowTotals.filter((total, window) => total > capped[window]!).length;
      if (over > 0) this.addLine(dailyCapLine, cappedWindows, -over);
      if (longStayCap) this.capFirstDays(capped.slice(0, longStayCap.days), longStayCap);
    }
    const lines = [...this.lines.entries()].sort(([a], [b]) => a - b).map(([, line]) => line);
    return { totalMinor: lines.reduce((sum, line) => sum + line.amountMinor, 0), lines };
  }

  private windowCap(window: number, dailyMaxMinor: number, longStayCap: CompiledLongStayCap | null): number {
    if (window === 0) return Math.max(dailyMaxMinor, this.firstWindowFloor);
    return longStayCap && window >= longStayCap.days ? longStayCap.laterDailyMaxMinor : dailyMaxMinor;
  }

  private capFirstDays(cappedTotals: readonly number[], longStayCap: CompiledLongStayCap): void {
    const firstDays = cappedTotals.reduce((sum, total) => sum + total, 0);
    const cap = Math.max(longStayCap.capMinor, this.firstWindowFloor);
    if (firstDays > cap) this.addLine(longStayCap.line, 1, cap - firstDays);
  }

  /** Windows are numbered from 0 at entry; a boundary belongs to the window it opens. */
  private windowOf(instant: number): number {
    let low = 0;
    let high = this.boundaries.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.boundaries[middle]! <= instant) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
