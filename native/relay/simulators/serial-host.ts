/**
 * Runs a board simulator on a real serial port (one end of a socat pty pair in tests and the demo site): bytes the
 * host writes reach `receive`, the simulator's answers are written back. Resolves once the port is open.
 */
import { SerialPort } from 'serialport';
import type { BoardSimulator } from './board';

export interface HostedSimulator {
  readonly port: SerialPort;
  close(): Promise<void>;
}

export function hostSimulator(simulator: BoardSimulator, path: string, baudRate = 9600): Promise<HostedSimulator> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate, autoOpen: false });
    port.open((error) => {
      if (error) return reject(error);
      port.on('data', (bytes: Buffer) => simulator.receive(bytes));
      // The far end going away (socat killed) closes this end too; the simulator simply stops answering.
      port.on('error', () => undefined);
      port.on('close', () => simulator.disconnect());
      simulator.connect((bytes) => {
        if (port.isOpen) port.write(Buffer.from(bytes));
      });
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            simulator.disconnect();
            if (!port.isOpen) return done();
            port.close(() => done());
          }),
      });
    });
  });
}
