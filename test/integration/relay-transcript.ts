/**
 * A board that knows only its manual's bytes: each request it understands is written out literally (hex or text as
 * the manual prints it), with the relay it moves or the answer it gives. It shares no code with the codecs or the
 * simulators, so a contract test passing against both shows the driver speaks the manual, not only our own
 * reading of it. Commands are matched at the start of what has arrived; a byte no command starts with is dropped.
 */
import { BoardSimulator } from '../../native/relay/simulators/board';

export interface TranscriptLine {
  /** The request as the manual prints it: "A0 01 01 A2" (hex) or a text command with its terminator. */
  request: string;
  /** The relay it switches: [channel 1-based, on]. */
  moves?: [number, boolean];
  /** The answer, given the board's relays and inputs (hex or text, as the request is written). */
  answer?: (relays: boolean[], inputs: boolean[]) => string;
}

export class TranscriptPeer extends BoardSimulator {
  private buffer: number[] = [];
  private readonly lines: { request: Uint8Array; line: TranscriptLine }[];

  constructor(
    channels: number,
    inputs: number,
    private readonly hexBytes: boolean,
    lines: TranscriptLine[],
  ) {
    super(channels, inputs);
    this.lines = lines.map((line) => ({ line, request: this.bytesOf(line.request) }));
  }

  protected handle(bytes: Uint8Array): void {
    this.buffer.push(...bytes);
    for (;;) {
      const match = this.lines.find(({ request }) => request.every((byte, i) => this.buffer[i] === byte));
      if (match) {
        this.buffer.splice(0, match.request.length);
        if (match.line.moves) this.applyRelay(...match.line.moves);
        if (match.line.answer) this.reply(this.bytesOf(match.line.answer(this.relays, this.inputs)));
        continue;
      }
      const waiting = this.lines.some(({ request }) => this.buffer.every((byte, i) => request[i] === byte));
      if (waiting || this.buffer.length === 0) return;
      this.buffer.shift();
    }
  }

  private bytesOf(text: string): Uint8Array {
    return this.hexBytes ? Uint8Array.from(text.split(' '), (pair) => parseInt(pair, 16)) : new TextEncoder().encode(text);
  }
}
