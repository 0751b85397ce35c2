/**
 * A Numato-style ASCII board: collects a line up to CR, echoes it, answers `relay read` with on/off and
 * `gpio read` with 0/1, ends with the prompt. Unknown commands get the echo and the prompt, as the real board does.
 */
import { asciiCommandText, encodeAsciiReply, parseAsciiCommand } from '../codecs/ascii';
import { BoardSimulator } from './board';

export class AsciiSimulator extends BoardSimulator {
  private line = '';
  readonly commands: string[] = [];

  constructor(channels = 8, inputs = 0) {
    super(channels, inputs);
  }

  protected handle(bytes: Uint8Array): void {
    for (const byte of bytes) {
      if (byte === 0x0d || byte === 0x0a) {
        if (this.line.length > 0) this.execute(this.line);
        this.line = '';
      } else if (this.line.length < 128) {
        this.line += String.fromCharCode(byte);
      }
    }
  }

  private execute(line: string): void {
    this.commands.push(line);
    const command = parseAsciiCommand(line);
    let answer: string | null = null;
    if (command?.kind === 'relay' && command.action !== 'read') this.applyRelay(command.index + 1, command.action === 'on');
    if (command?.kind === 'relay' && command.action === 'read') answer = this.relays[command.index] ? 'on' : 'off';
    if (command?.kind === 'gpio') answer = this.inputs[command.index] ? '1' : '0';
    const echo = this.fault === 'bad-echo' && command ? asciiCommandText({ ...command, index: (command.index + 1) % 10 }) : line;
    this.reply(encodeAsciiReply(echo, answer));
  }
}
