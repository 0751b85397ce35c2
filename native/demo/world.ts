/**
 * The demo site's world, started by the kiosk when its site file asks for demo devices: a Modbus relay/IO board
 * simulator on one end of a socat pty pair (the kiosk's real serial driver opens the other end), a demo camera per
 * lane, the demo plate reader, and the traffic that drives cars through. Needs socat (Linux); without it the kiosk
 * runs the demo with the relay board shown as unavailable.
 */
import { mkdirSync } from 'node:fs';
import type { PlateReader } from '../alpr/reader';
import { ModbusSimulator } from '../relay/simulators/modbus';
import { openPtyPair, type PtyPair } from '../relay/simulators/pty-pair';
import { hostSimulator, type HostedSimulator } from '../relay/simulators/serial-host';
import { DemoCamera } from './demo-camera';
import { createDemoReader } from './demo-reader';
import { DemoTraffic, type DemoLane, type TrafficOptions } from './traffic';

export interface DemoLaneSpec extends Omit<DemoLane, 'camera'> {
  readonly label: string;
  readonly cameraId: string;
}

export interface DemoWorldOptions {
  /** Where the pty links live (the kiosk's data folder, run/). */
  readonly dir: string;
  readonly lanes: readonly DemoLaneSpec[];
  readonly channels: number;
  readonly inputs: number;
  readonly traffic?: Partial<TrafficOptions>;
}

export interface DemoWorld {
  /** The serial port the kiosk's relay driver opens (Modbus RTU, address 1). */
  readonly relayPort: string;
  readonly board: ModbusSimulator;
  readonly reader: PlateReader;
  camera(cameraId: string): DemoCamera | undefined;
  close(): Promise<void>;
}

export const DEMO_TRAFFIC: TrafficOptions = {
  arrivalEveryMs: 25_000,
  stayMs: [60_000, 6 * 60_000],
  giveUpMs: 90_000,
  regulars: [],
  random: Math.random,
  now: Date.now,
};

export async function startDemoWorld(options: DemoWorldOptions): Promise<DemoWorld> {
  mkdirSync(options.dir, { recursive: true });
  const board = new ModbusSimulator(1, options.channels, options.inputs);
  let pair: PtyPair | null = null;
  let host: HostedSimulator | null = null;
  const cameras = new Map(options.lanes.map((lane) => [lane.cameraId, new DemoCamera(lane.label)]));
  const reader = createDemoReader();
  const lanes = options.lanes.map((lane) => ({ ...lane, camera: cameras.get(lane.cameraId)! }));
  const traffic = new DemoTraffic(board, lanes, { ...DEMO_TRAFFIC, ...options.traffic });
  const close = async () => {
    traffic.stop();
    await Promise.all([...cameras.values()].map((camera) => camera.close()));
    await reader.close();
    await host?.close();
    await pair?.close();
  };
  try {
    pair = await openPtyPair(options.dir, 'demo-relay');
    host = await hostSimulator(board, pair.board);
  } catch (error) {
    await close();
    throw error;
  }
  traffic.start();
  return { relayPort: pair.kiosk, board, reader, camera: (id) => cameras.get(id), close };
}
