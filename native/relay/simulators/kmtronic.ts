/** A KMtronic USB relay board: applies FF switch frames silently, answers status requests as its size does. */
import { parseKmtronicCommand } from '../codecs/kmtronic';
import { BoardSimulator } from './board';

export class KmtronicSimulator extends BoardSimulator {
  private pending: Uint8Array = new Uint8Array(0);

  constructor(channels: 1 | 2 | 4 | 8 = 8) {
    super(channels, 0);
  }

  protected handle(bytes: Uint8Array): void {
    let buffer = Uint8Array.from([...this.pending, ...bytes]);
    for (;;) {
      const { command, used } = parseKmtronicCommand(buffer);
      if (used === 0) break;
      buffer = buffer.subarray(used);
      if (command === 'status-all') {
        if (this.relays.length > 2) this.reply(Uint8Array.from(this.relays, (on) => (on ? 1 : 0)));
      } else if (command?.action === 'status') {
        if (this.relays.length <= 2 && command.relay <= this.relays.length) this.reply(Uint8Array.of(0xff, command.relay, this.relays[command.relay - 1] ? 1 : 0));
      } else if (command) {
        this.applyRelay(command.relay, command.action === 'on');
      }
    }
    this.pending = Uint8Array.from(buffer);
  }
}
