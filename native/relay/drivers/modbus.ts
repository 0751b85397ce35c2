/**
 * Modbus RTU relay/IO modules. A relay command (05 write single coil) is confirmed by the slave's echo of the
 * same address, coil and value with a valid CRC: per the Modbus spec the slave echoes only after applying the
 * write. Inputs come from 02 read discrete inputs. Channel n is coil n-1.
 */
import { decodeModbusReply, encodeModbusRequest, type ModbusRequest } from '../codecs/modbus';
import type { RelayBoardConfig } from '../config';
import { RelayError } from '../relay';
import { type DriverOptions, SerialRelayBoard } from './base';

/** Longest reply we use: read of up to 64 inputs is 5 + 8 bytes; anything past this is a flood. */
const MAX_REPLY = 64;

export class ModbusRelayBoard extends SerialRelayBoard {
  readonly readInputs?: () => Promise<boolean[]>;
  private readonly address: number;

  constructor(config: RelayBoardConfig, options: DriverOptions) {
    super(config, options, MAX_REPLY);
    this.address = config.modbusAddress ?? 1;
    if (config.inputs > 0) {
      this.readInputs = () => {
        this.checkOpen();
        return this.exchange.serial(() => this.readBits({ address: this.address, fn: 2, start: 0, count: config.inputs }));
      };
    }
  }

  /** Coil states (01 read coils), for diagnostics and the settings screen's test button. */
  readRelays(): Promise<boolean[]> {
    this.checkOpen();
    return this.exchange.serial(() => this.readBits({ address: this.address, fn: 1, start: 0, count: this.config.channels }));
  }

  protected async switchRelay(channel: number, on: boolean): Promise<void> {
    const request: ModbusRequest = { address: this.address, fn: 5, coil: channel - 1, on };
    await this.exchange.request(encodeModbusRequest(request), (buffer) => decodeModbusReply(buffer, request));
  }

  private async readBits(request: ModbusRequest & { fn: 1 | 2 }): Promise<boolean[]> {
    const reply = await this.exchange.request(encodeModbusRequest(request), (buffer) => decodeModbusReply(buffer, request));
    if (reply.fn === 5) throw new RelayError('not-confirmed', 'write-coil reply to a read', this.id);
    return reply.bits;
  }
}
