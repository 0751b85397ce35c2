/**
 * One conversation with a printer over a byte stream (a TCP socket to port 9100, or a serial port): write bytes,
 * read the answers to status requests with a deadline, close. Printers take one connection at a time, so the
 * driver opens one per job and closes it after.
 */
import { connect, type Socket } from 'node:net';
import { SerialPort } from 'serialport';
import type { Duplex } from 'node:stream';
import { PrinterError } from './printer';

export interface Connection {
  write(bytes: Uint8Array): Promise<void>;
  /** The next byte the printer sends, or PrinterError('unreachable') after `timeoutMs` of silence. */
  readByte(timeoutMs: number): Promise<number>;
  close(): Promise<void>;
}

export type Transport = () => Promise<Connection>;

class StreamConnection implements Connection {
  private readonly received: number[] = [];
  private waiter: (() => void) | null = null;
  private failure: Error | null = null;

  constructor(private readonly stream: Duplex, private readonly describe: string, private readonly finish: () => void) {
    stream.on('data', (chunk: Buffer) => {
      this.received.push(...chunk);
      this.waiter?.();
    });
    const lost = (error?: Error) => {
      this.failure ??= new PrinterError('unreachable', `${describe}: ${error?.message ?? 'connection closed'}`);
      this.waiter?.();
    };
    stream.on('error', lost);
    stream.on('close', () => lost());
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.stream.write(bytes, (error) => (error ? reject(new PrinterError('unreachable', `${this.describe}: ${error.message}`)) : resolve()));
    });
  }

  async readByte(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length === 0) {
      if (this.failure) throw this.failure;
      const left = deadline - Date.now();
      if (left <= 0) throw new PrinterError('unreachable', `${this.describe}: no answer within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = null;
    }
    return this.received.shift()!;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.stream.destroyed) return resolve();
      this.stream.once('close', () => resolve());
      this.finish();
      // A printer that never acknowledges the end of the connection must not hold the queue.
      setTimeout(() => this.stream.destroy(), 1_000).unref();
    });
  }
}

/** A network printer's raw port (9100, "JetDirect"). */
export function tcpTransport(host: string, port: number, connectTimeoutMs: number): Transport {
  const describe = `printer at ${host}:${port}`;
  return () =>
    new Promise((resolve, reject) => {
      const socket: Socket = connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new PrinterError('unreachable', `${describe}: no connection within ${connectTimeoutMs} ms`));
      }, connectTimeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.setNoDelay(true);
        resolve(new StreamConnection(socket, describe, () => socket.end()));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(new PrinterError('unreachable', `${describe}: ${error.message}`));
      });
    });
}

/** A printer on a serial port (RS-232, or USB with a serial adapter or CDC mode). */
export function serialTransport(path: string, baudRate: number): Transport {
  const describe = `printer on ${path}`;
  return () =>
    new Promise((resolve, reject) => {
      const port = new SerialPort({ path, baudRate, autoOpen: false });
      port.open((error) => (error ? reject(new PrinterError('unreachable', `${describe}: ${error.message}`)) : resolve(new StreamConnection(port, describe, () => port.close()))));
    });
}
