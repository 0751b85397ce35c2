/**
 * The listening part every loopback wire-format server shares (Stripe, Twilio, head office): 127.0.0.1, a port kept
 * across a stop and a start (a network cut and its end: the client finds the server where it was), and every open
 * connection cut on stop, so a client sees the cut rather than a keep-alive socket that lingers.
 */
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface LoopbackListener {
  /** The port, once listening; the same after a stop and a start. */
  readonly port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** `make` builds a fresh server for each start (a closed Node server cannot listen again). */
export function loopbackListener(make: () => Server): LoopbackListener {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  return {
    get port() {
      return port;
    },
    async start() {
      const next = make();
      next.on('connection', (socket: Socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      await new Promise<void>((resolve, reject) => {
        next.once('error', reject);
        next.listen(port, '127.0.0.1', () => resolve());
      });
      server = next;
      port = (next.address() as AddressInfo).port;
    },
    async stop() {
      const current = server;
      if (!current?.listening) return;
      const closed = new Promise<void>((resolve) => current.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
