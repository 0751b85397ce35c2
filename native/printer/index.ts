/**
 * Receipt printers for the core: the interface, the config schema and the factory, and the simulator the demo
 * site and the tests print on. The core imports from here and never from the transports.
 */
import { z } from 'zod';
import { serialTransport, tcpTransport } from './connection';
import { EscPosPrinter } from './escpos-printer';
import type { ReceiptPrinter } from './printer';
import { EscPosPrinterSimulator } from './simulator';
import { servePrinterTcp } from './simulator-hosts';

export { EscPos } from './escpos';
export { isPrinterError, PrinterError, type PrinterErrorCode, type PrintOutcome, type ReceiptPrinter } from './printer';
export type { PrinterProblem, PrinterStatus } from './status';
export { EscPosPrinterSimulator, type PrintedPage, type PrinterState } from './simulator';
export { servePrinterSerial, servePrinterTcp, type HostedPrinter } from './simulator-hosts';

/** Where the printer is: a network printer's raw port, or a serial port (RS-232 or a USB serial adapter). */
export const printerConfigSchema = z.discriminatedUnion('transport', [
  z.strictObject({
    id: z.string().min(1, 'a printer needs an id'),
    transport: z.literal('tcp'),
    host: z.string().min(1, 'the printer host is empty'),
    port: z.int().min(1).max(65_535, 'port is 1..65535').default(9100),
  }),
  z.strictObject({
    id: z.string().min(1, 'a printer needs an id'),
    transport: z.literal('serial'),
    path: z.string().min(1, 'the serial port path is empty'),
    baudRate: z.int().positive('baudRate must be positive').default(9600),
  }),
], { error: 'transport must be "tcp" or "serial"' });
export type PrinterConfig = z.infer<typeof printerConfigSchema>;

export interface PrinterOptions {
  /** Connecting to a network printer, and waiting for each status answer. Defaults 2 s and 1 s. */
  connectTimeoutMs?: number;
  answerTimeoutMs?: number;
}

/** The config checked, or an Error naming each field at fault ("printer config: host: the printer host is empty"). */
export function parsePrinterConfig(input: unknown): PrinterConfig {
  const parsed = printerConfigSchema.safeParse(input);
  if (!parsed.success) throw new Error(`printer config: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** A printer from its config (validated here: a bad config is a clear error, never a driver crash). */
export function createReceiptPrinter(input: unknown, options: PrinterOptions = {}): ReceiptPrinter {
  const config = parsePrinterConfig(input);
  const transport = config.transport === 'tcp' ? tcpTransport(config.host, config.port, options.connectTimeoutMs ?? 2_000) : serialTransport(config.path, config.baudRate);
  return new EscPosPrinter(config.id, transport, { answerTimeoutMs: options.answerTimeoutMs ?? 1_000 });
}

export interface SimulatedPrinter {
  readonly printer: ReceiptPrinter;
  readonly simulator: EscPosPrinterSimulator;
  close(): Promise<void>;
}

/**
 * A simulator on 127.0.0.1 (a free port) and the real TCP driver pointed at it: the demo site prints through the
 * same code, wire and status checks as a real booth printer.
 */
export async function hostSimulatedPrinter(id: string, options: PrinterOptions = {}): Promise<SimulatedPrinter> {
  const simulator = new EscPosPrinterSimulator();
  const hosted = await servePrinterTcp(simulator);
  return { printer: createReceiptPrinter({ id, transport: 'tcp', host: '127.0.0.1', port: hosted.port }, options), simulator, close: () => hosted.close() };
}
