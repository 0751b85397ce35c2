/**
 * The serial connection under every driver: opens the port (by path, or by USB identity through the lister),
 * notices the unplug, reports health, and reopens by itself with exponential backoff until closed. Protocol-free.
 *
 * Why a presence watchdog as well as serialport's 'close' event: on Linux an unplugged tty is hung up, and a read
 * on a hung-up tty returns 0 bytes rather than an error. Whether serialport sees EIO first (and emits 'close' with
 * `disconnected: true`) or a 0-byte read (which its unix reader retries forever, spinning, with no event: see
 * serialport/node-serialport#2043) is a race: killing socat under a pty pair loses it about half the time. So
 * every `presenceMs` the link stats the device path, and a path that is gone or now names another device (a new
 * pty behind the same link, another /dev/ttyUSBn) counts as the unplug, and the port is closed (stopping the spin).
 */
import { execFile } from 'node:child_process';
import { writeSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import { type RelayBoardConfig, type RelayPort, serialSettingsText } from './config';
import { matchPort, type PortLister } from './discovery';
import { RelayError, type RelayHealth } from './relay';

/** The port under the boards on it: its errors carry no board id, the exchange gives them the asking board's. */
export interface LinkOptions {
  port: RelayPort;
  /** What the port is opened at (the board's settings, or without parity where a pty pair emulates it: bus.ts). */
  settings: SerialSettings;
  lister: PortLister;
  /** First retry after initialMs, doubling up to maxMs; reset once a port opens. */
  reconnect: { initialMs: number; maxMs: number };
  /** How often the open port's device path is checked (see above). */
  presenceMs: number;
  now: () => number;
  /** Called the moment a command's bytes are in the OS's hands: for wire traces and timing. */
  onWrite?: (bytes: Uint8Array) => void;
}

export type SerialSettings = Pick<RelayBoardConfig, 'baudRate' | 'dataBits' | 'parity' | 'stopBits'>;

export class SerialLink {
  /** Counts the opens: a board that checked the line (echo, its unit answering) knows when it must check again. */
  generation = 0;
  private port: SerialPort | null = null;
  private state: RelayHealth;
  private readonly healthListeners = new Set<(health: RelayHealth) => void>();
  private readonly dataListeners = new Set<(bytes: Buffer) => void>();
  private readonly dropListeners = new Set<(error: RelayError) => void>();
  private retryTimer: NodeJS.Timeout | null = null;
  private presenceTimer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private closed = false;
  /** The open attempt in flight: a command issued meanwhile waits for it rather than failing at startup. */
  private opening: Promise<void> | null = null;

  constructor(private readonly options: LinkOptions) {
    this.state = { connected: false, port: typeof options.port === 'string' ? options.port : null, lastError: null, since: options.now() };
  }

  start(): void {
    this.opening = this.connect();
  }

  health(): RelayHealth {
    return { ...this.state };
  }

  onHealth(listener: (health: RelayHealth) => void): () => void {
    this.healthListeners.add(listener);
    return () => this.healthListeners.delete(listener);
  }

  onData(listener: (bytes: Buffer) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  /** Called when the port goes away, so a command waiting for a reply fails now rather than at its timeout. */
  onDrop(listener: (error: RelayError) => void): () => void {
    this.dropListeners.add(listener);
    return () => this.dropListeners.delete(listener);
  }

  /** Open and not closed: a command may be written now. */
  isOpen(): boolean {
    return !this.closed && this.port !== null;
  }

  /** Waits for an open attempt in progress (bounded), then throws unless the port is open. */
  async ready(timeoutMs: number): Promise<void> {
    if (this.closed) throw new RelayError('closed', 'board is closed');
    if (this.opening && !this.port) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.opening, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
    }
    if (!this.port) {
      throw new RelayError('unplugged', `not connected${this.state.lastError ? ` (${this.state.lastError})` : ''}`);
    }
  }

  /** Writes and waits until the OS has taken the bytes (tcdrain): the strongest confirmation a mute board allows. */
  async write(bytes: Uint8Array, timeoutMs: number): Promise<void> {
    const port = this.port;
    if (!port) throw new RelayError('unplugged', 'not connected');
    let timer: NodeJS.Timeout | undefined;
    const written = new Promise<void>((resolve, reject) => {
      const unplugged = (what: string, error: Error) => reject(new RelayError('unplugged', `${what} failed: ${error.message}`));
      const drain = () => port.drain((error) => (error ? unplugged('drain', error) : resolve()));
      // A throw here (the OS refused the bytes: the port is gone) rejects `written`.
      const rest = this.writeNow(port, bytes);
      if (rest.length === 0) return drain();
      port.write(Buffer.from(rest), (error) => {
        if (error) return unplugged('write', error);
        this.options.onWrite?.(bytes);
        drain();
      });
    });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RelayError('timeout', `write not drained within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([written, timeout]);
    } finally {
      clearTimeout(timer);
    }
    // A close between the write and now means the bytes may never have reached the board.
    if (this.port !== port) throw new RelayError('unplugged', 'port closed during the write');
  }

  /**
   * Writes on this turn of the event loop where the port has a file descriptor (Linux, macOS): a tty opened
   * non-blocking takes a command's few bytes at once, so a barrier command never waits behind image work on libuv's
   * thread pool, where the stream's write goes. Returns the bytes still to write through the stream (all of them on
   * Windows, or when the tty's buffer is full); throws when the OS refused them (the port is gone).
   */
  private writeNow(port: SerialPort, bytes: Uint8Array): Uint8Array {
    const fd = (port.port as { fd?: unknown } | undefined)?.fd;
    if (typeof fd !== 'number') return bytes;
    let count: number;
    try {
      count = writeSync(fd, bytes);
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      if (code === 'EAGAIN' || code === 'EWOULDBLOCK' || code === 'EINTR') return bytes;
      throw new RelayError('unplugged', `write failed: ${message}`);
    }
    if (count === bytes.length) this.options.onWrite?.(bytes);
    return bytes.subarray(count);
  }

  /** Records a command error for the health tile, without touching `connected`. */
  noteError(message: string): void {
    this.update({ lastError: message });
  }


  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.stopWatching();
    await this.opening?.catch(() => undefined);
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    this.update({ connected: false });
    this.healthListeners.clear();
  }

  private async locate(): Promise<string> {
    const wanted = this.options.port;
    if (typeof wanted === 'string') return wanted;
    const found = matchPort(await this.options.lister(), wanted);
    if ('error' in found) throw new RelayError('port-not-found', found.error);
    return found.path;
  }

  private async connect(): Promise<void> {
    this.retryTimer = null;
    if (this.closed) return;
    let path: string | null = this.state.port;
    try {
      path = await this.locate();
      const port = await openPort(path, this.options.settings);
      await refuseUnkeptFormat(port, path, this.options.settings);
      const device = await stat(path).then((info) => info.rdev, () => null);
      if (this.closed) {
        port.close(() => undefined); // with a callback: a close error must not become an unhandled 'error' event
        return;
      }
      this.port = port;
      this.generation++;
      this.attempt = 0;
      port.on('data', (bytes: Buffer) => this.dataListeners.forEach((listener) => listener(bytes)));
      port.on('error', (error: Error) => this.noteError(error.message));
      port.on('close', (error: (Error & { disconnected?: boolean }) | null) =>
        this.dropped(port, error?.disconnected ? 'port disconnected (unplugged?)' : `port closed${error ? `: ${error.message}` : ''}`),
      );
      this.watch(port, path, device);
      this.update({ connected: true, port: path, lastError: null });
    } catch (error) {
      this.update({ connected: false, port: path, lastError: describeOpenError(path, error) });
      this.scheduleRetry();
    } finally {
      this.opening = null;
    }
  }

  private watch(port: SerialPort, path: string, device: number | null): void {
    this.stopWatching();
    this.presenceTimer = setInterval(() => {
      void stat(path).then(
        (info) => {
          if (device !== null && info.rdev !== device) this.lost(port, `${path} now names another device (unplugged and replaced?)`);
        },
        () => this.lost(port, `${path} disappeared (unplugged?)`),
      );
    }, this.options.presenceMs);
  }

  private stopWatching(): void {
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    this.presenceTimer = null;
  }

  /** The watchdog's unplug: report it as serialport would have, then close the port (its close event is ignored). */
  private lost(port: SerialPort, reason: string): void {
    if (this.port !== port) return;
    this.dropped(port, reason);
    if (port.isOpen) port.close(() => undefined);
  }

  private dropped(port: SerialPort, reason: string): void {
    if (this.port !== port) return;
    this.port = null;
    this.stopWatching();
    const relayError = new RelayError('unplugged', reason);
    this.dropListeners.forEach((listener) => listener(relayError));
    if (this.closed) return;
    this.update({ connected: false, lastError: reason });
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    const { initialMs, maxMs } = this.options.reconnect;
    const delay = Math.min(maxMs, initialMs * 2 ** this.attempt);
    this.attempt++;
    this.retryTimer = setTimeout(() => (this.opening = this.connect()), delay);
  }

  private update(change: Partial<RelayHealth>): void {
    const next = { ...this.state, ...change };
    if (next.connected !== this.state.connected) next.since = this.options.now();
    if (next.connected === this.state.connected && next.port === this.state.port && next.lastError === this.state.lastError) return;
    this.state = next;
    for (const listener of this.healthListeners) {
      try {
        listener({ ...next });
      } catch {
        // A broken listener (a console tile) must not stop the driver or the other listeners.
      }
    }
  }
}

/** The options serialport is opened with: the board's four serial settings, as configured. */
export function serialPortOpenOptions(path: string, { baudRate, dataBits, parity, stopBits }: SerialSettings) {
  return { path, baudRate, dataBits, parity, stopBits, autoOpen: false } as const;
}

function openPort(path: string, settings: SerialSettings): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort(serialPortOpenOptions(path, settings));
    port.open((error) => (error ? reject(error) : resolve(port)));
  });
}

/**
 * serialport reports a port opened even where the tty dropped part of the character format: a Linux pty clears
 * the parity-enable flag and forces 8 data bits on every termios set, and so do USB adapters whose driver has no
 * parity, while the open succeeds. A board at 8E1 then sees 8N1 frames and drops every one, which would show as
 * "unit 1 is silent". So on Linux the port's termios is read back (stty, since Node has no tcgetattr) and a format
 * the port did not keep is an open error naming it, on the board's tile. Where stty cannot read the port, nothing
 * is refused on that account.
 */
async function refuseUnkeptFormat(port: SerialPort, path: string, settings: SerialSettings): Promise<void> {
  if (process.platform !== 'linux') return;
  const termios = await new Promise<string | null>((resolve) => execFile('stty', ['-F', path, '-a'], { timeout: 2_000 }, (error, stdout) => resolve(error ? null : stdout)));
  const problem = termios === null ? null : unkeptFormat(termios, settings);
  if (problem === null) return;
  await new Promise<void>((resolve) => port.close(() => resolve()));
  throw new RelayError('unplugged', `${path} ${problem}`);
}

/** What of the asked character format the termios (`stty -a` output) did not keep, in an installer's words; null if all. */
export function unkeptFormat(termios: string, settings: SerialSettings): string | null {
  const flags = new Set(termios.split(/[\s;]+/));
  const parity = !flags.has('parenb') ? 'none' : flags.has('parodd') ? 'odd' : 'even';
  const dataBits = [5, 6, 7, 8].find((bits) => flags.has(`cs${bits}`));
  const stopBits = flags.has('cstopb') ? 2 : 1;
  if (dataBits === undefined || !flags.has(parity === 'none' ? '-parenb' : 'parenb')) return null; // not stty output we know
  if (parity === settings.parity && dataBits === settings.dataBits && stopBits === settings.stopBits) return null;
  const asked = serialSettingsText(settings);
  const kept = serialSettingsText({ ...settings, dataBits: dataBits as SerialSettings['dataBits'], parity, stopBits });
  const what = parity !== settings.parity ? `parity ${settings.parity}` : dataBits !== settings.dataBits ? `${settings.dataBits} data bits` : `${settings.stopBits} stop bits`;
  return `cannot do ${what}: asked for ${asked}, the port kept ${kept} (a pseudo-terminal, or an adapter whose driver lacks it); use an RS-485 adapter that can, or set the board and its config to ${kept.slice(kept.indexOf(' ') + 1)}`;
}

function describeOpenError(path: string | null, error: unknown): string {
  if (error instanceof RelayError) return error.message.replace(/^relay board '[^']*': /, '');
  const message = error instanceof Error ? error.message : String(error);
  if (/no such file|ENOENT/i.test(message)) return `serial port ${path} does not exist (is the board plugged in?)`;
  if (/permission denied|EACCES/i.test(message)) return `no permission to open ${path} (is the user in the dialout group?)`;
  if (/lock|busy|EBUSY/i.test(message)) return `${path} is in use by another program`;
  return `cannot open ${path}: ${message}`;
}
