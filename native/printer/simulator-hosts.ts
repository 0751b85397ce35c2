/**
 * Puts a printer simulator where the real driver can reach it: on a TCP port (a network printer's port 9100, here
 * on 127.0.0.1 and any free port) or on one end of a serial pty pair. Used by the tests and the demo site.
 */
import { createServer, type Socket } from 'node:net';
import { SerialPort } from 'serialport';
import type { EscPosPrinterSimulator } from './simulator';

export interface HostedPrinter {
  /** "127.0.0.1:port" for TCP, the pty path for serial. */
  readonly address: string;
  readonly port: number;
  /** Connections the printer accepted (TCP): one per job or status check. */
  readonly connections: () => number;
  close(): Promise<void>;
}

export function servePrinterTcp(simulator: EscPosPrinterSimulator, port = 0): Promise<HostedPrinter> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('data', (bytes: Buffer) => {
      const answer = simulator.receive(bytes);
      if (answer.length) socket.write(answer);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as { port: number };
      resolve({
        address: `127.0.0.1:${bound}`,
        port: bound,
        connections: () => connections,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

export function servePrinterSerial(simulator: EscPosPrinterSimulator, path: string, baudRate = 9600): Promise<HostedPrinter> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate, autoOpen: false });
    port.open((error) => {
      if (error) return reject(error);
      port.on('data', (bytes: Buffer) => {
        const answer = simulator.receive(bytes);
        if (answer.length && port.isOpen) port.write(Buffer.from(answer));
      });
      port.on('error', () => undefined);
      resolve({
        address: path,
        port: 0,
        connections: () => 0,
        close: () => new Promise<void>((done) => (port.isOpen ? port.close(() => done()) : done())),
      });
    });
  });
}
