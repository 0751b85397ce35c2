/**
 * Runs a board simulator on a real serial port (one end of a socat pty pair in tests and the demo site): bytes the
 * host writes reach `receive`, the simulator's answers are written back. Several Modbus simulators (unit ids) on
 * one port are an RS-485 bus: each hears every byte and answers only its own unit id. Resolves once the port is open.
 */
import { SerialPort } from 'serialport';
import type { BoardSimulator } from './board';

export interface HostedSimulator {
  readonly port: SerialPort;
  close(): Promise<void>;
}

export function hostSimulator(boards: BoardSimulator | BoardSimulator[], path: string, baudRate = 9600): Promise<HostedSimulator> {
  const simulators = [boards].flat();
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate, autoOpen: false });
    port.open((error) => {
      if (error) return reject(error);
      port.on('data', (bytes: Buffer) => simulators.forEach((simulator) => simulator.receive(bytes)));
      // The far end going away (socat killed) closes this end too; the simulator simply stops answering.
      port.on('error', () => undefined);
      port.on('close', () => simulators.forEach((simulator) => simulator.disconnect()));
      for (const simulator of simulators) {
        simulator.connect((bytes) => {
          if (port.isOpen) port.write(Buffer.from(bytes));
        });
      }
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            simulators.forEach((simulator) => simulator.disconnect());
            if (!port.isOpen) return done();
            port.close(() => done());
          }),
      });
    });
  });
}
