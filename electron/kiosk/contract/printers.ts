/**
 * Receipt printers as the admin sets them up on the Devices screen, and the test print a supervisor runs when a
 * printer is in doubt. The connection is checked here, at the edge, field by field (a host that is no host name or
 * IP address, a port out of range, a baud rate no printer uses); the printer's own driver schema (native/printer)
 * checks it again in the core before anything is stored.
 */
import { z } from 'zod';
import { call, id, none, reason } from './define';

/** The serial speeds ESC/POS printers offer (DIP switches or the printer's set-up menu). */
export const PRINTER_BAUD_RATES = [2400, 4800, 9600, 19200, 38400, 57600, 115200] as const;

const ipv4 = z.ipv4();
const ipv6 = z.ipv6();
/** RFC 1123 labels; a name whose last label is all digits is an IP address or a typo, not a host name. */
const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/** A host name or an IP address (v4 or v6), nothing else: no scheme, no port, no path. */
export function isPrinterHost(host: string): boolean {
  if (ipv4.safeParse(host).success || ipv6.safeParse(host).success) return true;
  if (!HOST_NAME.test(host)) return false;
  const labels = host.replace(/\.$/, '').split('.');
  return !/^\d+$/.test(labels[labels.length - 1]!);
}

/** Why `host` is not a printer's host, or null when it is one. */
export function printerHostProblem(host: string): string | null {
  if (isPrinterHost(host)) return null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host) || /^[^:]+:\d+$/.test(host)) return 'type the host alone: no http://, and the port goes in its own field';
  return 'not a host name or IP address (e.g. 192.168.1.50 or receipt-printer.local)';
}

const printerHost = z
  .string()
  .trim()
  .min(1, "type the printer's host name or IP address")
  .max(253, 'a host name is at most 253 characters')
  .superRefine((host, ctx) => {
    const problem = host.length > 0 ? printerHostProblem(host) : null;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const serialPath = z
  .string()
  .trim()
  .min(1, 'type the serial port (e.g. /dev/ttyUSB0 or COM3)')
  .max(200, 'a serial port path is at most 200 characters')
  .regex(/^[^\p{Cc}\s]+$/u, 'a serial port path has no spaces or control characters');

const printerPort = z.int('the port is a whole number').min(1, 'the port is 1..65535').max(65_535, 'the port is 1..65535');
const baudRate = z.int('the baud rate is a whole number').refine((v) => (PRINTER_BAUD_RATES as readonly number[]).includes(v), `the baud rate is one of ${PRINTER_BAUD_RATES.join(', ')}`);

/** Where the printer is: a network printer's raw port (9100), a serial line, or the demo site's simulated printer. */
export const printerConnectionSchema = z.discriminatedUnion(
  'transport',
  [
    z.strictObject({ transport: z.literal('tcp'), host: printerHost, port: printerPort.default(9100) }),
    z.strictObject({ transport: z.literal('serial'), path: serialPath, baudRate: baudRate.default(9600) }),
    z.strictObject({ transport: z.literal('simulated') }),
  ],
  { error: 'choose how the printer is connected: network (tcp), serial or simulated' },
);

/** A printer as the admin saves it: at the booth (laneId null) or an exit lane's pay station. */
export const printerSettingsSchema = z.strictObject({ id, laneId: id.nullable(), connection: printerConnectionSchema });
export type PrinterSettings = z.output<typeof printerSettingsSchema>;
export type PrinterConnection = PrinterSettings['connection'];

/** A stored printer as the console lists it, with its health from the devices panel. Output only: not re-checked. */
const storedConnectionSchema = z.discriminatedUnion('transport', [
  z.strictObject({ transport: z.literal('tcp'), host: z.string(), port: z.int() }),
  z.strictObject({ transport: z.literal('serial'), path: z.string(), baudRate: z.int() }),
  z.strictObject({ transport: z.literal('simulated') }),
]);
export const printerViewSchema = z.strictObject({ id: z.string(), laneId: z.string().nullable(), connection: storedConnectionSchema, healthy: z.boolean(), detail: z.string() });
export type PrinterView = z.infer<typeof printerViewSchema>;

/** What the printer said when asked to print the test slip: printed (ready or the roll nearly done), or why not. */
export const PRINTER_TEST_STATUSES = ['ready', 'paper_low', 'paper_out', 'cover_open', 'offline', 'error', 'unreachable'] as const;
export const printerTestSchema = z.strictObject({ printerId: z.string(), printed: z.boolean(), status: z.enum(PRINTER_TEST_STATUSES), detail: z.string() });
export type PrinterTestView = z.infer<typeof printerTestSchema>;

export const printerCalls = {
  'printers.list': call(none, z.strictObject({ printers: z.array(printerViewSchema) }), 'admin'),
  /**
   * Adds (isNew) or changes a printer, audited with the reason and sent to head office, and put to work at once.
   * `warnings`: what was saved but looks wrong (a serial port this PC does not list now).
   */
  'printers.save': call(
    z.strictObject({ printer: printerSettingsSchema, isNew: z.boolean().default(false), reason }),
    z.strictObject({ printer: printerViewSchema, warnings: z.array(z.string()) }),
    'admin',
  ),
  /** Prints a short test slip through the printer's driver and says how the printer is; audited either way. */
  'printers.testPrint': call(z.strictObject({ printerId: id }), printerTestSchema, 'supervisor'),
} as const;
