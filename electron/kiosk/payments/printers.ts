/**
 * The site's receipt printers as the kiosk runs them: each built from its stored config (a real tcp/serial printer,
 * or the demo's simulator hosted on loopback and printed to through the real TCP driver), reported on the devices
 * panel, asked how it is every 30 s and after each job, and the one place a document is sent to paper.
 */
import { z } from 'zod';
import { createReceiptPrinter, hostSimulatedPrinter, isPrinterError, parsePrinterConfig, type PrinterConfig, type PrinterError, type PrinterStatus, type ReceiptPrinter } from '../../../native/printer';
import type { DeviceRegistry, DeviceReport } from '../devices';
import { conflict, notFound } from '../errors';
import type { PrinterRecord } from '../store/printers-repo';

/** A stored printer config: native/printer's tcp or serial config without its id, or the demo's simulated printer. */
export type StoredPrinterConfig = { driver: 'simulated' } | WithoutId<PrinterConfig>;
/** Omit over each member of a union (a plain Omit would merge tcp and serial into one shape). */
type WithoutId<C> = C extends unknown ? Omit<C, 'id'> : never;

const simulatedConfigSchema = z.strictObject({ driver: z.literal('simulated') });

/** The config checked as the printer would be built; an Error naming the field at fault otherwise. */
export function checkPrinterConfig(id: string, config: unknown): StoredPrinterConfig {
  if (simulatedConfigSchema.safeParse(config).success) return { driver: 'simulated' };
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new Error('printer config: give {"transport": "tcp", "host", "port"}, {"transport": "serial", "path", "baudRate"} or {"driver": "simulated"}');
  const { id: _id, ...checked } = parsePrinterConfig({ ...config, id });
  return checked;
}

interface OpenPrinter {
  printer: ReceiptPrinter;
  close(): Promise<void>;
}

const PROBLEM_WORDS: Record<string, string> = { paper_out: 'out of paper', cover_open: 'cover open', offline: 'offline', error: 'printer error (cutter jam or overheating)' };

function healthOf(status: PrinterStatus): DeviceReport {
  if (status.problems.length > 0) return { healthy: false, detail: status.problems.map((p) => PROBLEM_WORDS[p]).join(', ') };
  return { healthy: true, detail: status.paperLow ? 'paper low: change the roll soon' : 'ready' };
}

function healthAfter(error: PrinterError): DeviceReport {
  return { healthy: false, detail: error.code === 'unreachable' ? `unreachable: ${error.message}` : PROBLEM_WORDS[error.code]! };
}

/** One printer: opened (the simulator hosted) on first use, so a kiosk that never starts hosts nothing. */
class PrinterStation {
  private opened: Promise<OpenPrinter> | undefined;
  private probing = false;
  /** Replaced by a newer config: what this station still hears is no longer news for the devices panel. */
  private retired = false;

  constructor(
    readonly id: string,
    readonly laneId: string | null,
    private readonly open: () => Promise<OpenPrinter>,
    private readonly reportTo: (report: DeviceReport) => void,
  ) {}

  report(report: DeviceReport): void {
    if (!this.retired) this.reportTo(report);
  }

  async printer(): Promise<ReceiptPrinter> {
    if (!this.opened) {
      this.opened = this.open();
      this.opened.catch(() => (this.opened = undefined)); // a failed start is tried again on the next use
    }
    return (await this.opened).printer;
  }

  /** Asks the printer how it is and shows the answer; one question at a time (a dead printer takes seconds). */
  async probe(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    try {
      this.report(healthOf(await (await this.printer()).status()));
    } catch (error) {
      this.report(isPrinterError(error) ? healthAfter(error) : { healthy: false, detail: (error as Error).message });
    } finally {
      this.probing = false;
    }
  }

  /** Prints one job: how the printer was after it, or the PrinterError that stopped it (also shown on the panel). */
  async attempt(job: Uint8Array): Promise<{ printed: true; paperLow: boolean } | { printed: false; error: PrinterError }> {
    try {
      const { paperLow } = await (await this.printer()).print(job);
      this.report(healthOf({ problems: [], paperLow }));
      return { printed: true, paperLow };
    } catch (error) {
      if (!isPrinterError(error)) throw error;
      this.report(healthAfter(error));
      return { printed: false, error };
    }
  }

  async close(): Promise<void> {
    this.retired = true;
    const opened = await this.opened?.catch(() => undefined);
    await opened?.close();
  }
}

export interface PrintResult {
  printerId: string;
  paperLow: boolean;
}

/** A test slip's fate: printed (the printer ready, or its roll nearly done), or the problem that stopped it. */
export interface TestPrintResult {
  printerId: string;
  printed: boolean;
  status: 'ready' | 'paper_low' | PrinterError['code'];
  detail: string;
}

/** A printer record as a running station; null when its config is bad (it then shows as a faulty device). */
export type StationBuilder = (record: PrinterRecord) => PrinterStation | null;

export class PrinterRegistry {
  private timer: NodeJS.Timeout | undefined;
  private readonly stations = new Map<string, PrinterStation>();

  constructor(records: readonly PrinterRecord[], private readonly build: StationBuilder) {
    for (const record of records) {
      const station = build(record);
      if (station) this.stations.set(station.id, station);
    }
  }

  list(): { id: string; laneId: string | null }[] {
    return [...this.stations.values()].map(({ id, laneId }) => ({ id, laneId }));
  }

  /**
   * Puts a saved printer to work at once, without a restart: the old driver is let go (a job it is printing
   * finishes), the new one is built from the saved config and asked how it is, for the devices panel.
   */
  async replace(record: PrinterRecord): Promise<void> {
    const old = this.stations.get(record.id);
    this.stations.delete(record.id);
    await old?.close();
    const station = this.build(record);
    if (!station) return;
    this.stations.set(station.id, station);
    void station.probe();
  }

  /**
   * Prints one job on the named printer, else the booth's. A printer problem is a conflict that says what to do;
   * the printer's state goes to the devices panel either way.
   */
  async print(job: Uint8Array, printerId?: string): Promise<PrintResult> {
    const station = this.pick(printerId);
    const outcome = await station.attempt(job);
    if (outcome.printed) return { printerId: station.id, paperLow: outcome.paperLow };
    const { error } = outcome;
    throw conflict(error.code === 'unreachable' ? `Printer ${station.id} cannot be reached (${error.message}): check its power and cable, then print again` : `Printer ${error.message}`);
  }

  /** Prints a test slip on the named printer; a printer problem is the answer here, not an error. */
  async test(job: Uint8Array, printerId: string): Promise<TestPrintResult> {
    const station = this.pick(printerId);
    const outcome = await station.attempt(job);
    if (outcome.printed) return { printerId: station.id, printed: true, status: outcome.paperLow ? 'paper_low' : 'ready', detail: outcome.paperLow ? 'printed; paper low: change the roll soon' : 'printed; the printer is ready' };
    return { printerId: station.id, printed: false, status: outcome.error.code, detail: outcome.error.message };
  }

  /** Asks every printer now and then every `everyMs`, in the background (the timer never keeps the process up). */
  watch(everyMs: number): void {
    const probeAll = () => void Promise.all([...this.stations.values()].map((s) => s.probe()));
    probeAll();
    this.timer ??= setInterval(probeAll, everyMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await Promise.all([...this.stations.values()].map((s) => s.close()));
  }

  private pick(printerId: string | undefined): PrinterStation {
    if (printerId !== undefined) {
      const named = this.stations.get(printerId);
      if (!named) throw notFound(`printer ${printerId}`);
      return named;
    }
    const booth = [...this.stations.values()].find((s) => s.laneId === null);
    if (!booth) throw conflict("no booth printer is set up at this site: name a lane's printer, or download the receipt");
    return booth;
  }
}

function opener(id: string, config: StoredPrinterConfig): () => Promise<OpenPrinter> {
  if ('driver' in config) return () => hostSimulatedPrinter(id);
  const printer = createReceiptPrinter({ ...config, id });
  return () => Promise.resolve({ printer, close: () => Promise.resolve() });
}

/** The printers table as running printers; one with a bad config shows as a faulty device and is left out. */
export function buildPrinters(records: readonly PrinterRecord[], devices: DeviceRegistry, onBadConfig: (id: string, error: Error) => void): PrinterRegistry {
  return new PrinterRegistry(records, (record) => {
    const report = devices.register({ id: record.id, kind: 'printer', laneId: record.laneId });
    try {
      return new PrinterStation(record.id, record.laneId, opener(record.id, checkPrinterConfig(record.id, record.config)), report);
    } catch (error) {
      onBadConfig(record.id, error as Error);
      report({ healthy: false, detail: `bad config: ${(error as Error).message.slice(0, 200)}` });
      return null;
    }
  });
}
