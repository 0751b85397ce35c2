/**
 * CH340-style USB relay modules. They never answer, so a command is confirmed when the frame was written and
 * drained to the port: that proves the adapter took the bytes, not that the relay moved. A lane on this class of
 * board relies on the barrier-open input (another board's, or a loop detector) to know the barrier really opened,
 * and the unplug is still noticed at once (the USB adapter disappears with the module).
 */
import { encodeCh340 } from '../codecs/ch340';
import { SerialRelayBoard } from './base';

export class Ch340RelayBoard extends SerialRelayBoard {
  protected switchRelay(channel: number, on: boolean): Promise<void> {
    return this.exchange.send(encodeCh340(channel, on), this.requester);
  }
}
