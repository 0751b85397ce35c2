/**
 * The receipt printer form as a text draft, and back to what printers.save takes. Only the console's own checks
 * live here (a field is filled in, a port is a number); what a host or a baud rate may be is the contract's,
 * checked by the kiosk, whose field messages the form shows.
 */
import type { PrinterConnection, PrinterSettings, PrinterView, SerialPortView } from '../../api/lane-types';
import type { DraftProblems } from './draft';

export const PRINTER_TRANSPORTS = ['tcp', 'serial', 'simulated'] as const;
export type PrinterTransport = (typeof PRINTER_TRANSPORTS)[number];
/** The speeds the kiosk takes (contract/printers.ts PRINTER_BAUD_RATES: the console may not import its code). */
export const PRINTER_BAUD_RATES = ['2400', '4800', '9600', '19200', '38400', '57600', '115200'] as const;

export interface PrinterDraft {
  readonly id: string;
  /** '' for the booth. */
  readonly laneId: string;
  readonly transport: PrinterTransport;
  readonly host: string;
  readonly port: string;
  readonly path: string;
  readonly baudRate: string;
}

export function emptyPrinterDraft(): PrinterDraft {
  return { id: '', laneId: '', transport: 'tcp', host: '', port: '9100', path: '', baudRate: '9600' };
}

export function printerDraftOf(printer: PrinterView): PrinterDraft {
  const draft = { ...emptyPrinterDraft(), id: printer.id, laneId: printer.laneId ?? '', transport: printer.connection.transport };
  const c = printer.connection;
  if (c.transport === 'tcp') return { ...draft, host: c.host, port: String(c.port) };
  if (c.transport === 'serial') return { ...draft, path: c.path, baudRate: String(c.baudRate) };
  return draft;
}

/** The printer to save, or the fields the console can already tell are wrong (message keys). */
export function printerSettingsOf(draft: PrinterDraft): { printer: PrinterSettings } | { problems: DraftProblems } {
  const problems: DraftProblems = {};
  if (!draft.id.trim()) problems.id = 'devices.required';
  let connection: PrinterConnection = { transport: 'simulated' };
  if (draft.transport === 'tcp') {
    const port = draft.port.trim();
    if (!draft.host.trim()) problems.host = 'devices.required';
    if (port !== '' && !/^\d+$/.test(port)) problems.port = 'devices.wholeNumber';
    connection = { transport: 'tcp', host: draft.host.trim(), ...(port === '' ? {} : { port: Number(port) }) };
  } else if (draft.transport === 'serial') {
    if (!draft.path.trim()) problems.path = 'devices.required';
    connection = { transport: 'serial', path: draft.path.trim(), baudRate: Number(draft.baudRate) };
  }
  if (Object.keys(problems).length) return { problems };
  return { printer: { id: draft.id.trim(), laneId: draft.laneId || null, connection } };
}

/** A serial path typed by hand that the PC does not list now: saved if the admin wants, but said beside the field. */
export function unlistedPort(draft: PrinterDraft, ports: readonly SerialPortView[] | undefined): string | null {
  const path = draft.path.trim();
  if (draft.transport !== 'serial' || path === '' || ports === undefined) return null;
  return ports.some((p) => p.path === path) ? null : path;
}

/** The connection in one line: "10.0.0.5:9100", "/dev/ttyUSB0 · 9600 baud", or null for the simulated printer. */
export function connectionSummary(connection: PrinterView['connection']): string | null {
  if (connection.transport === 'tcp') return `${connection.host}:${connection.port}`;
  if (connection.transport === 'serial') return `${connection.path} · ${connection.baudRate} baud`;
  return null;
}
