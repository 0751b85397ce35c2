/**
 * A Modbus RTU relay/IO module at one slave address: coils are relays, discrete inputs are settable from the test.
 * Requests for other addresses are ignored (a shared RS-485 bus); a request with a bad CRC is ignored, as a real
 * slave does. Faults: bad CRC, wrong address, exception, plus the generic ones.
 */
import { decodeModbusRequest, encodeBitsReply, encodeException, encodeModbusRequest, type ModbusRequest, withCrc } from '../codecs/modbus';
import { BoardSimulator } from './board';

export class ModbusSimulator extends BoardSimulator {
  private pending: Uint8Array = new Uint8Array(0);
  readonly badRequests: number[] = [];

  constructor(
    readonly address = 1,
    channels = 8,
    inputs = 0,
  ) {
    super(channels, inputs);
  }

  protected handle(bytes: Uint8Array): void {
    const joined = new Uint8Array(this.pending.length + bytes.length);
    joined.set(this.pending);
    joined.set(bytes, this.pending.length);
    let at = 0;
    while (joined.length - at >= 8) {
      const result = decodeModbusRequest(joined.subarray(at));
      if (result.kind === 'reply') {
        this.execute(result.value);
        at += 8;
      } else {
        this.badRequests.push(joined[at]!);
        at++; // resynchronise byte by byte, as a slave does after line noise
      }
    }
    this.pending = joined.slice(at);
  }

  private execute(request: ModbusRequest): void {
    if (request.address !== this.address) return;
    if (this.fault === 'exception') return this.reply(encodeException(this.address, request.fn, 4));
    let frame: Uint8Array;
    if (request.fn === 5) {
      if (request.coil >= this.relays.length) return this.reply(encodeException(this.address, 5, 2));
      this.applyRelay(request.coil + 1, request.on);
      frame = encodeModbusRequest(request); // the write-coil reply echoes the request
    } else {
      const source = request.fn === 1 ? this.relays : this.inputs;
      if (request.start + request.count > source.length) return this.reply(encodeException(this.address, request.fn, 2));
      frame = encodeBitsReply(this.address, request.fn, source.slice(request.start, request.start + request.count));
    }
    if (this.fault === 'bad-crc') frame = Uint8Array.of(...frame.subarray(0, -1), frame[frame.length - 1]! ^ 0x5a);
    if (this.fault === 'wrong-address') frame = withCrc(Uint8Array.of((this.address % 247) + 1, ...frame.subarray(1, -2)));
    this.reply(frame);
  }
}
