/**
 * One serial port, one link, one request queue, however many boards are on it. On RS-485 several Modbus boards
 * (unit ids) share a pair of wires: each board's driver joins the port's bus, and every request of every board
 * goes through the bus's one exchange, so there is one request on the wire at a time, with the frame gap the
 * baud rate needs. Boards on one bus must agree on the serial settings and each have their own unit id; only Modbus
 * addresses boards on a shared line (CH340 and ASCII boards each need their own port).
 */
import { type RelayBoardConfig, RelayConfigError, serialSettingsText } from './config';
import type { PortLister } from './discovery';
import { Exchange } from './exchange';
import { SerialLink } from './link';
import { RelayError } from './relay';

export interface BusOptions {
  lister: PortLister;
  reconnect: { initialMs: number; maxMs: number };
  presenceMs: number;
  now: () => number;
  quietMs: number;
  /** Open the port without parity, timing the line at the board's own settings (index.ts, RelayBoardOptions). */
  emulateParity: boolean;
  onWrite?: (bytes: Uint8Array) => void;
}

export interface BusLease {
  readonly link: SerialLink;
  readonly exchange: Exchange;
  /** Leaves the bus; the last board to leave closes the port. */
  leave(): Promise<void>;
}

interface Bus {
  readonly link: SerialLink;
  readonly exchange: Exchange;
  readonly protocol: RelayBoardConfig['protocol'];
  readonly settings: string;
  /** Board id -> its Modbus unit id. */
  readonly members: Map<string, number | null>;
}

const buses = new Map<string, Bus>();

/** The port as configured, as the key of its bus: a path, or the USB identity looked up on each open. */
function portKey(port: RelayBoardConfig['port']): string {
  return typeof port === 'string' ? port : `usb ${port.serialNumber ?? ''}/${port.vendorId ?? ''}:${port.productId ?? ''}`;
}

/** Wire time of one character: start bit, data bits, parity bit, stop bits. */
export function charMs(config: Pick<RelayBoardConfig, 'baudRate' | 'dataBits' | 'parity' | 'stopBits'>): number {
  const bits = 1 + config.dataBits + (config.parity === 'none' ? 0 : 1) + config.stopBits;
  return (bits * 1000) / config.baudRate;
}

/** Modbus over serial line V1.02, 2.5.1.1: 3.5 character times between frames, a fixed 1.75 ms above 19200 baud. */
export function modbusFrameGapMs(config: Pick<RelayBoardConfig, 'baudRate' | 'dataBits' | 'parity' | 'stopBits'>): number {
  return config.baudRate > 19_200 ? 1.75 : 3.5 * charMs(config);
}

/** Joins the board to its port's bus, starting the bus (and opening the port) for the first board. */
export function joinBus(config: RelayBoardConfig, options: BusOptions, maxReplyBytes: number): BusLease {
  const key = portKey(config.port);
  const unit = config.protocol === 'modbus' ? (config.modbusAddress ?? 1) : null;
  const settings = serialSettingsText(config);
  let bus = buses.get(key);
  if (bus) {
    const [other] = bus.members.keys();
    if (bus.protocol !== 'modbus' || config.protocol !== 'modbus') {
      throw new RelayConfigError([`port: ${key} is already used by board '${other}'; only Modbus boards (with their unit ids) can share a port`]);
    }
    if (bus.settings !== settings) {
      throw new RelayConfigError([`port: ${key} runs at ${bus.settings} for board '${other}', this board asks ${settings}: boards on one bus share the serial settings`]);
    }
    const twin = [...bus.members].find(([, id]) => id === unit);
    if (twin) throw new RelayConfigError([`modbusAddress: board '${twin[0]}' on ${key} already has unit id ${unit}: each board on a bus needs its own`]);
    if (bus.members.has(config.id)) throw new RelayConfigError([`id: a board '${config.id}' is already on ${key}`]);
  } else {
    const opened = options.emulateParity ? { ...config, parity: 'none' as const } : config;
    const link = new SerialLink({ port: config.port, settings: opened, lister: options.lister, reconnect: options.reconnect, presenceMs: options.presenceMs, now: options.now, ...(options.onWrite ? { onWrite: options.onWrite } : {}) });
    const exchange = new Exchange(link, {
      quietMs: options.quietMs,
      maxReplyBytes,
      frameGapMs: config.protocol === 'modbus' ? modbusFrameGapMs(config) : 0,
      charMs: charMs(config),
      now: options.now,
      clock: () => performance.now(),
    });
    bus = { link, exchange, protocol: config.protocol, settings, members: new Map() };
    buses.set(key, bus);
    link.start();
  }
  bus.members.set(config.id, unit);
  const joined = bus;
  let left = false;
  return {
    link: joined.link,
    exchange: joined.exchange,
    async leave() {
      if (left) return;
      left = true;
      joined.members.delete(config.id);
      if (joined.members.size > 0) return;
      buses.delete(key);
      joined.exchange.fail(new RelayError('closed', 'board closed'));
      await joined.link.close();
    },
  };
}
