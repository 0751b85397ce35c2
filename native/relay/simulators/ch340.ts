/** A CH340 relay module: applies valid frames, resynchronises after garbage, never answers (like the real one). */
import { parseCh340Stream } from '../codecs/ch340';
import { BoardSimulator } from './board';

export class Ch340Simulator extends BoardSimulator {
  private pending: Uint8Array = new Uint8Array(0);
  /** Bytes skipped while looking for a valid frame. */
  skipped = 0;

  constructor(channels = 8) {
    super(channels, 0);
  }

  protected handle(bytes: Uint8Array): void {
    const joined = new Uint8Array(this.pending.length + bytes.length);
    joined.set(this.pending);
    joined.set(bytes, this.pending.length);
    const { commands, rest, skipped } = parseCh340Stream(joined);
    this.pending = rest;
    this.skipped += skipped;
    for (const command of commands) this.applyRelay(command.channel, command.on);
  }
}
