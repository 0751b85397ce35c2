/**
 * Port discovery: the settings screen's list, and finding a board again by its USB identity when it comes back
 * under another /dev name. SerialPort.list() reads udev on Linux (Debian package udev) and never lists ptys, so the
 * matching is a pure function, tested with list() output; the drivers take the lister as a parameter.
 */
import { SerialPort } from 'serialport';
import type { UsbPortSelector } from './config';

/** One entry of SerialPort.list(), as @serialport/bindings-cpp returns it. */
export interface SerialPortInfo {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  pnpId?: string | undefined;
  locationId?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
}

export type PortLister = () => Promise<SerialPortInfo[]>;

/** All serial ports the OS knows, sorted by path, for the settings screen. Rejects with the OS's reason. */
export async function listSerialPorts(lister: PortLister = () => SerialPort.list()): Promise<SerialPortInfo[]> {
  const ports = await lister();
  return [...ports].sort((a, b) => a.path.localeCompare(b.path));
}

const sameId = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

export function describeSelector(selector: UsbPortSelector): string {
  const parts = [
    selector.serialNumber !== undefined ? `serial number ${selector.serialNumber}` : null,
    selector.vendorId !== undefined ? `vendor ${selector.vendorId}` : null,
    selector.productId !== undefined ? `product ${selector.productId}` : null,
  ];
  return parts.filter((part) => part !== null).join(', ');
}

/**
 * The one port matching the selector: serial number exactly (it is case-sensitive on the device), vendor and
 * product ids case-insensitively (Linux reports "1a86", Windows "1A86"). Zero or several matches is an error that
 * says which: picking one of two identical adapters could open the wrong lane's barrier.
 */
export function matchPort(ports: readonly SerialPortInfo[], selector: UsbPortSelector): { path: string } | { error: string } {
  const matches = ports.filter(
    (port) =>
      (selector.serialNumber === undefined || port.serialNumber === selector.serialNumber) &&
      (selector.vendorId === undefined || sameId(port.vendorId, selector.vendorId)) &&
      (selector.productId === undefined || sameId(port.productId, selector.productId)),
  );
  if (matches.length === 1) return { path: matches[0]!.path };
  if (matches.length === 0) return { error: `no serial port with ${describeSelector(selector)} (is the board plugged in?)` };
  return { error: `${matches.length} serial ports match ${describeSelector(selector)}: ${matches.map((p) => p.path).join(', ')}; configure a serial number or a path` };
}
