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
export type StoredPrinterConfig = { driver: 'simulated' } | Omit<PrinterConfig, 'id'>;

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

  constructor(
    readonly id: string,
    readonly laneId: string | null,
    private readonly open: () => Promise<OpenPrinter>,
    readonly report: (report: DeviceReport) => void,
  ) {}

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

  async close(): Promise<void> {
    const opened = await this.opened?.catch(() => undefined);
    await opened?.close();
  }
}

export interface PrintResult {
  printerId: string;
  paperLow: boolean;
}

export class PrinterRegistry {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly stations: readonly PrinterStation[]) {}

  list(): { id: string; laneId: string | null }[] {
    return this.stations.map(({ id, laneId }) => ({ id, laneId }));
  }

  /**
   * Prints one job on the named printer, else the booth's. A printer problem is a conflict that says what to do;
   * the printer's state goes to the devices panel either way.
   */
  async print(job: Uint8Array, printerId?: string): Promise<PrintResult> {
    const station = this.pick(printerId);
    try {
      const { paperLow } = await (await station.printer()).print(job);
      station.report(healthOf({ problems: [], paperLow }));
      return { printerId: station.id, paperLow };
    } catch (error) {
      if (!isPrinterError(error)) throw error;
      station.report(healthAfter(error));
      throw conflict(error.code === 'unreachable' ? `Printer ${station.id} cannot be reached (${error.message}): check its power and cable, then print again` : `Printer ${error.message}`);
    }
  }

  /** Asks every printer now and then every `everyMs`, in the background (the timer never keeps the process up). */
  watch(everyMs: number): void {
    const probeAll = () => void Promise.all(this.stations.map((s) => s.probe()));
    probeAll();
    this.timer ??= setInterval(probeAll, everyMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await Promise.all(this.stations.map((s) => s.close()));
  }

  private pick(printerId: string | undefined): PrinterStation {
    if (printerId !== undefined) {
      const named = this.stations.find((s) => s.id === printerId);
      if (!named) throw notFound(`printer ${printerId}`);
      return named;
    }
    const booth = this.stations.find((s) => s.laneId === null);
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
  const stations = records.flatMap((record) => {
    const report = devices.register({ id: record.id, kind: 'printer', laneId: record.laneId });
    try {
      return [new PrinterStation(record.id, record.laneId, opener(record.id, checkPrinterConfig(record.id, record.config)), report)];
    } catch (error) {
      onBadConfig(record.id, error as Error);
      report({ healthy: false, detail: `bad config: ${(error as Error).message.slice(0, 200)}` });
      return [];
    }
  });
  return new PrinterRegistry(stations);
}
