/** An HW-667 one-relay board: 0xAA on, 0xBB off, every other byte ignored, never answers. */
import { SINGLE_BYTE_OFF, SINGLE_BYTE_ON } from '../codecs/single-byte';
import { BoardSimulator } from './board';

export class SingleByteSimulator extends BoardSimulator {
  constructor() {
    super(1, 0);
  }

  protected handle(bytes: Uint8Array): void {
    for (const byte of bytes) {
      if (byte === SINGLE_BYTE_ON || byte === SINGLE_BYTE_OFF) this.applyRelay(1, byte === SINGLE_BYTE_ON);
    }
  }
}
