/**
 * A KinCony KC868-Hx controller on RS232: a command is the text received up to a pause in the bytes (the commands
 * have no terminator; a CR or LF also ends one), answered with the command and ",OK", or ",ERROR" for text it does
 * not know or a relay it does not have.
 */
import { encodeKinconyReply, parseKinconyCommand } from '../codecs/kincony';
import { BoardSimulator } from './board';

/** The pause that ends a command: longer than the gap between a command's own bytes, shorter than any reply wait. */
const COMMAND_GAP_MS = 3;

export class KinconySimulator extends BoardSimulator {
  private text = '';
  private timer: NodeJS.Timeout | null = null;
  readonly commands: string[] = [];

  constructor(channels = 8, inputs = 0) {
    super(channels, inputs);
  }

  protected handle(bytes: Uint8Array): void {
    for (const byte of bytes) {
      if (byte === 0x0d || byte === 0x0a) this.endCommand();
      else if (this.text.length < 128) this.text += String.fromCharCode(byte);
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = this.text ? setTimeout(() => this.endCommand(), COMMAND_GAP_MS) : null;
  }

  private endCommand(): void {
    const text = this.text;
    this.text = '';
    if (!text) return;
    this.commands.push(text);
    const command = parseKinconyCommand(text);
    if (!command || (command.kind !== 'inputs' && command.relay > this.relays.length)) {
      return this.reply(new TextEncoder().encode(`${text},ERROR`));
    }
    if (command.kind === 'set') {
      this.applyRelay(command.relay, command.on);
      return this.reply(encodeKinconyReply(command, null));
    }
    if (command.kind === 'read') return this.reply(encodeKinconyReply(command, this.relays[command.relay - 1] ? 1 : 0));
    this.reply(encodeKinconyReply(command, this.inputs.reduce((byte, on, i) => byte | ((on ? 1 : 0) << i), 0)));
  }
}
