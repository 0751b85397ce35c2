/**
 * What the three board simulators share: relay and input state the test can see and set, a log of what the board
 * received and did, and the faults a real line produces. A simulator is a byte stream's far end: feed it the bytes
 * the host wrote (`receive`) and it calls `send` with its answer; `serial-host.ts` puts one on a real (pty) port.
 */

export type SimulatorFault =
  | 'none'
  | 'silent' // the board is dead or unplugged behind a live adapter: nothing is applied or answered
  | 'garbage' // answers bytes that are no reply of its protocol
  | 'half-frame' // answers the first half of its reply, then nothing
  | 'flood' // answers a long stream of bytes
  | 'bad-crc' // Modbus: a reply whose CRC is wrong
  | 'wrong-address' // Modbus: a valid reply from another slave address
  | 'exception' // Modbus: an exception response (slave device failure)
  | 'bad-echo' // ASCII: echoes another command
  | 'stuck' // the relay does not move, yet the board answers as usual
  | 'echo'; // an adapter that echoes what the host sends, with no board behind it

export interface RelayChange {
  at: number;
  channel: number;
  on: boolean;
}

export const FLOOD_BYTES = 4096;

export abstract class BoardSimulator {
  fault: SimulatorFault = 'none';
  /** relays[0] is channel 1. */
  readonly relays: boolean[];
  inputs: boolean[];
  /** Every relay command applied, in order, with its time (for pulse checks and the benchmark). */
  readonly changes: RelayChange[] = [];
  /** Called with each chunk of bytes as it arrives (the benchmark timestamps the first byte of a command here). */
  onBytes: ((bytes: Uint8Array) => void) | null = null;
  /** Called with each reply as it reaches the host (after its wire time): the tests check the gaps between frames. */
  onReply: ((bytes: Uint8Array) => void) | null = null;
  /** Requests to leave unanswered before answering again (a reply lost to line noise). */
  dropRequests = 0;
  /** Called when a relay actually moves (the demo site's barrier follows its relay here). */
  onRelayChange: ((channel: number, on: boolean) => void) | null = null;
  /**
   * Wire time of one character (ms), 0 for none: a request is handled once its last byte would have arrived, and a
   * reply reaches the host once its last byte would have left, as on a real line (a pty delivers at once).
   */
  lineCharMs = 0;
  private send: ((bytes: Uint8Array) => void) | null = null;

  constructor(channels: number, inputs: number) {
    this.relays = Array.from({ length: channels }, () => false);
    this.inputs = Array.from({ length: inputs }, () => false);
  }

  connect(send: (bytes: Uint8Array) => void): void {
    this.send = send;
  }

  disconnect(): void {
    this.send = null;
  }

  receive(bytes: Uint8Array): void {
    this.onBytes?.(bytes);
    if (this.fault === 'silent') return;
    if (this.fault === 'echo') return this.send?.(bytes);
    if (this.lineCharMs === 0) return this.handle(bytes);
    setTimeout(() => this.handle(bytes), bytes.length * this.lineCharMs);
  }

  /** The protocol's own parsing of the host's bytes. */
  protected abstract handle(bytes: Uint8Array): void;

  /** Applies a relay command unless the relay is stuck; returns the state the relay is in afterwards. */
  protected applyRelay(channel: number, on: boolean): boolean {
    if (channel < 1 || channel > this.relays.length) return false;
    if (this.fault !== 'stuck') {
      this.relays[channel - 1] = on;
      this.changes.push({ at: performance.now(), channel, on });
      this.onRelayChange?.(channel, on);
    }
    return this.relays[channel - 1]!;
  }

  /** Sends a reply, bent by the generic faults; protocol-specific faults are applied by the subclass first. */
  protected reply(bytes: Uint8Array): void {
    switch (this.fault) {
      case 'garbage':
        return this.emit(Uint8Array.from({ length: Math.max(4, bytes.length) }, (_, i) => (0x81 + i * 37) & 0xff));
      case 'half-frame':
        return this.emit(bytes.subarray(0, Math.max(1, bytes.length >> 1)));
      case 'flood':
        return this.emit(new Uint8Array(FLOOD_BYTES).fill(0x55));
      default:
        return this.emit(bytes);
    }
  }

  protected emit(bytes: Uint8Array): void {
    if (this.dropRequests > 0) {
      this.dropRequests--;
      return;
    }
    const deliver = () => {
      this.onReply?.(bytes);
      this.send?.(bytes);
    };
    if (this.lineCharMs === 0) return deliver();
    setTimeout(deliver, bytes.length * this.lineCharMs);
  }
}
