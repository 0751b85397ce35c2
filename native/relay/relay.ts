/**
 * The barrier relay board as the core sees it. The core imports this file and `index.ts` (createRelayBoard,
 * listSerialPorts) and nothing else from native/relay.
 *
 * Channels are numbered from 1, as relay terminals are labelled (K1, CH1): each codec maps to its wire numbering
 * (CH340 frames are 1-based already, Numato relays and Modbus coils are 0-based).
 */

export interface RelayHealth {
  /** True while the serial port is open. For boards that answer, a failed command does not flip this; unplugging does. */
  connected: boolean;
  /** The device path in use, or last tried; null when none was ever found (e.g. no port with that USB serial). */
  port: string | null;
  /** The last connection or command error, for the lane tile; cleared when the port (re)opens or a command succeeds. */
  lastError: string | null;
  /** UTC epoch ms of the last change of `connected`. */
  since: number;
}

export interface RelayBoard {
  readonly id: string;
  /**
   * Pulses a channel closed for `ms` (default: the config's pulseMs), and resolves only when the board confirmed it,
   * or rejects with RelayError: not confirmed / unplugged / timeout. A command that could not be confirmed is never
   * reported as done. What "confirmed" means depends on the protocol (see README.md): a CH340 module does not answer,
   * so there it means "written and drained to the port".
   */
  pulse(channel: number, ms?: number): Promise<void>;
  /** Holds a channel closed (on) or releases it (off). Same confirmation rules as pulse. */
  set(channel: number, on: boolean): Promise<void>;
  /**
   * A command is expected soon (the lane is reading the frame that may decide its car): where the board shares its
   * line with input polling, polls wait a moment (at most a plate read's time) so the command finds the line free.
   * Returns the release, called once the command was given or none will come.
   */
  expectCommand?(): () => void;
  /** Barrier closed/open sensors, loop detector: present only where the board has inputs and the config counts them. */
  readInputs?(): Promise<boolean[]>;
  health(): RelayHealth;
  /** Called on every change of health; returns the unsubscribe function. */
  onHealth(listener: (health: RelayHealth) => void): () => void;
  /** Closes the port and stops reconnecting; commands after close reject with code 'closed'. */
  close(): Promise<void>;
}

export type RelayErrorCode =
  | 'unplugged' // the port is not open (unplugged, not found yet, reconnecting)
  | 'port-not-found' // the configured path or USB serial number does not exist
  | 'timeout' // no complete reply in time (silence or half a frame)
  | 'not-confirmed' // the board answered, but not what was asked (wrong echo, read-back differs)
  | 'garbage' // bytes that are not a reply of this protocol
  | 'bad-crc' // Modbus reply with a CRC that does not match
  | 'wrong-address' // Modbus reply from another slave address
  | 'exception' // Modbus exception response (function | 0x80)
  | 'flood' // more bytes than any reply, or a line that never goes quiet
  | 'echo' // the port returns the request itself (an echoing adapter): a write could not be told from its confirmation
  | 'invalid-argument' // channel out of range, bad pulse length
  | 'closed'; // board closed by the kiosk

export class RelayError extends Error {
  override name = 'RelayError';
  constructor(
    readonly code: RelayErrorCode,
    message: string,
    readonly boardId?: string,
  ) {
    super(boardId ? `relay board '${boardId}': ${message}` : message);
  }
}

export function isRelayError(error: unknown): error is RelayError {
  return error instanceof RelayError;
}
