/**
 * The relay boards' entry for the core: the interface (relay.ts), the config schema, the factory and port
 * discovery. The core imports from here and never from the drivers or codecs.
 */
import { dialectOf, type RelayBoardConfigInput, parseRelayBoardConfig } from './config';
import { listSerialPorts, type PortLister } from './discovery';
import { type BusOptions, joinBus } from './bus';
import { DialectRelayBoard } from './drivers/serial';
import { MODBUS_MAX_REPLY, ModbusRelayBoard } from './drivers/modbus';
import type { RelayBoard } from './relay';

export type { RelayBoard, RelayErrorCode, RelayHealth } from './relay';
export { RelayError, isRelayError } from './relay';
export { RelayConfigError, parseRelayBoardConfig, relayBoardConfigSchema, type RelayBoardConfig, type RelayBoardConfigInput } from './config';
export { listSerialPorts, matchPort, type SerialPortInfo } from './discovery';
export { MODBUS_PROFILE_NAMES, MODBUS_PROFILES, type ModbusMap } from './register-map';

export interface RelayBoardOptions {
  /** SerialPort.list() by default; injected by tests (ptys are never listed) and by the settings screen's cache. */
  listPorts?: PortLister;
  /** Reopen backoff: first retry after initialMs, doubling to maxMs. Defaults 250 ms .. 5 s. */
  reconnect?: { initialMs?: number; maxMs?: number };
  /** How often an open port's device path is checked for the unplug serialport can miss (link.ts); default 250 ms. */
  presenceMs?: number;
  /** Silence before a command after stray bytes; default 30 ms (a reply at 9600 baud has no gap near that). */
  quietMs?: number;
  now?: () => number;
  /**
   * Opens the port without parity while the frame gap and each request's wire time still count the board's parity
   * bit: for socat pty pairs only (tests, benches), since a Linux pty refuses parity and the link refuses a port
   * that did not keep the format asked. The timing is then a real line's at the board's settings (8E1: 11 bits a
   * character); the board simulators pace their bytes the same way. Never for a site: a real port opens as asked.
   */
  emulateParity?: boolean;
  /** Called the moment a command's bytes are in the OS's hands (a wire trace; the lanes bench's clock). */
  onWrite?: (bytes: Uint8Array) => void;
}

/**
 * Validates the config (throws RelayConfigError) and returns the board at once; it connects in the background and
 * keeps reconnecting, and its health says where it stands. A command issued while the first open is under way
 * waits for it.
 */
export function createRelayBoard(input: RelayBoardConfigInput, options: RelayBoardOptions = {}): RelayBoard {
  const config = parseRelayBoardConfig(input);
  const busOptions: BusOptions = {
    lister: options.listPorts ?? (() => listSerialPorts()),
    reconnect: { initialMs: options.reconnect?.initialMs ?? 250, maxMs: options.reconnect?.maxMs ?? 5_000 },
    now: options.now ?? Date.now,
    quietMs: options.quietMs ?? 30,
    presenceMs: options.presenceMs ?? 250,
    emulateParity: options.emulateParity ?? false,
    ...(options.onWrite ? { onWrite: options.onWrite } : {}),
  };
  if (config.protocol === 'modbus') return new ModbusRelayBoard(config, joinBus(config, busOptions, MODBUS_MAX_REPLY));
  // Stray bytes from a board that never answers are dropped by the exchange.
  return new DialectRelayBoard(config, joinBus(config, busOptions, dialectOf(config).maxReply));
}
