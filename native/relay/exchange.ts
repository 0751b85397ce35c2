/**
 * One request at a time over a SerialLink (one serial port, which on RS-485 is a bus several boards share), with
 * the reply decoded by a pure codec function. Replies are matched to the request by order, so requests are
 * serialised; bytes that arrive while no request waits are dropped, and the next request first waits for the line
 * to go quiet, so the tail of a flood or a late half frame is never taken for its reply.
 *
 * Queueing: relay commands go before input polls (a lane's barrier pulse never waits behind another lane's
 * polling), each kind first come, first served. The next request is chosen once the line is free to send on (after
 * the frame gap), not when the one before ends: a command that comes during the silence after a reply goes before a
 * poll that was waiting, rather than behind that poll's whole exchange. Polls are not starved by a stream of
 * commands: a waiting poll goes after at most COMMANDS_BEFORE_A_POLL commands started ahead of it. Framing: where the
 * protocol frames by silence (Modbus RTU), a request leaves only after the line was silent for `frameGapMs` since the
 * last byte either way, timed on the sub-millisecond clock (setTimeout alone is late by up to a millisecond, and
 * early where the event loop's cached time is stale).
 */
import type { DecodeResult } from './codecs/decode';
import { hex } from './codecs/decode';
import type { SerialLink } from './link';
import { RelayError } from './relay';

export interface ExchangeOptions {
  /** Silence needed before a request when bytes arrived recently (longer than any gap inside a reply). */
  quietMs: number;
  /** Bytes buffered for one reply before it counts as a flood. */
  maxReplyBytes: number;
  /** Silence between frames (Modbus RTU: 3.5 character times, 1.75 ms above 19200 baud); 0 where nothing frames by time. */
  frameGapMs: number;
  /** Wire time of one character at the port's settings: a request is on the wire this long per byte. */
  charMs: number;
  now: () => number;
  /** Sub-millisecond monotonic clock for the frame gap. */
  clock: () => number;
}

/** Who asks: the board, whose id the errors carry, whose timeout applies and whose health tile hears the outcome. */
export interface Requester {
  readonly id: string;
  readonly timeoutMs: number;
  noteError(message: string): void;
  noteSuccess(): void;
}

/** Commands (relay writes) go before polls (input reads). */
export type Priority = 'command' | 'poll';

/**
 * Commands that may start while a poll waits before that poll goes: one per lane of a four-lane bus. A barrier
 * command waits behind at most one poll, and inputs are still read under a stream of commands.
 */
export const COMMANDS_BEFORE_A_POLL = 4;

interface Waiter {
  decode: (buffer: Uint8Array) => DecodeResult<unknown>;
  /** The request, where its echo can never be its reply (a read): an adapter echoing it is found out. */
  echoOf: Uint8Array | null;
  resolve: (value: unknown) => void;
  reject: (error: RelayError) => void;
}

export const ECHO_MESSAGE =
  'the port echoes what is sent (the adapter\'s local echo, or TX looped to RX): a write\'s echo would look confirmed with no board at all, so writes are refused; turn the adapter\'s echo off';

export class Exchange {
  private buffer: Buffer = Buffer.alloc(0);
  /** When bytes last arrived that belong to no reply: unasked, left over, or part of a reply that failed. */
  private strayAt = 0;
  /** When the last byte arrived, and when the last request finished leaving (clock()): the frame gap counts from both. */
  private lastByteAt = -Infinity;
  private wireFreeAt = -Infinity;
  private waiter: Waiter | null = null;
  /** A piece of work holds the line (its requests may be several: a check read, a retry). */
  private running = false;
  /** The next piece of work is chosen once the frame gap has passed (see above). */
  private choosing = false;
  /** Commands started while a poll was waiting, since the last poll started. */
  private commandsAheadOfPoll = 0;
  private readonly waiting: { priority: Priority; start: () => void }[] = [];

  constructor(
    private readonly link: SerialLink,
    private readonly options: ExchangeOptions,
  ) {
    link.onData((bytes) => this.received(bytes));
    link.onDrop((error) => this.fail(error));
  }

  /**
   * Runs `work` once the requests before it are done, commands before polls; a failure does not block the ones
   * after. On an idle line past its frame gap it starts on the caller's turn, so a barrier command's bytes are
   * written before anything else the event loop holds; within the gap it waits in the queue, so whatever comes
   * meanwhile is chosen with it.
   */
  serial<T>(work: () => Promise<T>, priority: Priority = 'command'): Promise<T> {
    if (!this.running && !this.choosing && this.waiting.length === 0 && this.gapLeft() <= 0) return this.run(work, priority);
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ priority, start: () => void this.run(work, priority).then(resolve, reject) });
      this.chooseWhenFree();
    });
  }

  private run<T>(work: () => Promise<T>, priority: Priority): Promise<T> {
    this.running = true;
    if (priority === 'poll') this.commandsAheadOfPoll = 0;
    else if (this.waiting.some((entry) => entry.priority === 'poll')) this.commandsAheadOfPoll++;
    const result = startNow(work);
    void result.then(
      () => this.ended(),
      () => this.ended(),
    );
    return result;
  }

  private ended(): void {
    this.running = false;
    this.chooseWhenFree();
  }

  /** Once the line is free to send on, starts the next piece of work: a command first, unless a poll waited long enough. */
  private chooseWhenFree(): void {
    if (this.running || this.choosing || this.waiting.length === 0) return;
    this.choosing = true;
    void this.frameGap().then(() => {
      this.choosing = false;
      const poll = this.waiting.findIndex((entry) => entry.priority === 'poll');
      const command = this.waiting.findIndex((entry) => entry.priority === 'command');
      const pollsTurn = command < 0 || (poll >= 0 && this.commandsAheadOfPoll >= COMMANDS_BEFORE_A_POLL);
      this.waiting.splice(pollsTurn ? poll : command, 1)[0]?.start();
    });
  }

  /**
   * Sends a request and resolves with its decoded reply; the caller holds the queue (see `serial`). `refuseEcho`:
   * the request's own bytes coming back are the adapter's echo, an error, never a reply (for reads).
   */
  async request<T>(bytes: Uint8Array, decode: (buffer: Uint8Array) => DecodeResult<T>, requester: Requester, refuseEcho = false): Promise<T> {
    try {
      // Called, not awaited first: on a free line the bytes are written on the caller's turn.
      return await this.requestOnce(bytes, decode, requester, refuseEcho);
    } catch (error) {
      throw ofBoard(error, requester.id);
    }
  }

  private async requestOnce<T>(bytes: Uint8Array, decode: (buffer: Uint8Array) => DecodeResult<T>, requester: Requester, refuseEcho: boolean): Promise<T> {
    // Not `await` on a free line: even awaiting nothing would put the write off to a later microtask.
    const wait = this.lineFree(requester);
    if (wait) await wait;
    this.buffer = Buffer.alloc(0);
    const reply = new Promise<T>((resolve, reject) => {
      this.waiter = { decode, echoOf: refuseEcho ? bytes : null, resolve: resolve as (value: unknown) => void, reject };
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const got = this.buffer.length ? `half a reply (${hex(this.buffer)})` : 'no reply';
        reject(new RelayError('timeout', `${got} within ${requester.timeoutMs} ms`));
      }, requester.timeoutMs);
    });
    try {
      // A write failure rejects at once; the reply may arrive before the drain callback, which is fine.
      await Promise.all([this.write(bytes, requester), Promise.race([reply, timeout])]);
      const answer = await reply;
      requester.noteSuccess();
      return answer;
    } catch (error) {
      // The rest of a bad or late reply may still be on its way: the next request waits for it to pass.
      this.strayAt = this.options.now();
      const relayError = ofBoard(error, requester.id);
      requester.noteError(withoutBoard(relayError));
      throw relayError;
    } finally {
      clearTimeout(timer);
      this.waiter = null;
      reply.catch(() => undefined);
    }
  }

  /** Sends a command to a board that never answers: confirmed once written and drained. */
  async send(bytes: Uint8Array, requester: Requester): Promise<void> {
    try {
      const wait = this.lineFree(requester);
      if (wait) await wait;
      await this.noted(requester, async () => {
        await this.write(bytes, requester);
        requester.noteSuccess();
      });
    } catch (error) {
      throw ofBoard(error, requester.id);
    }
  }

  private write(bytes: Uint8Array, requester: Requester): Promise<void> {
    this.wireFreeAt = this.options.clock() + bytes.length * this.options.charMs;
    return this.link.write(bytes, requester.timeoutMs);
  }

  /** Waits for the port to open, the line to go quiet and the frame gap; without a wait when all hold (the common case). */
  private lineFree(requester: Requester): Promise<void> | undefined {
    if (this.link.isOpen() && this.quietFor() >= this.options.quietMs && this.gapLeft() <= 0) return undefined;
    return this.noted(requester, async () => {
      await this.link.ready(requester.timeoutMs);
      await this.settle(requester);
      await this.frameGap();
    });
  }

  /**
   * Waits until the frame gap has passed on the sub-millisecond clock: a timer to within a millisecond of it, then
   * a check on each turn of the event loop. A timer alone fires on whole milliseconds, up to one late (a command
   * waiting longer than the spec asks) or early where the loop's cached time is stale (a gap shorter than 3.5
   * characters, which boards framing by time would drop), so the clock is read again before the line counts as free.
   */
  private async frameGap(): Promise<void> {
    for (let left = this.gapLeft(); left > 0; left = this.gapLeft()) await (left > 1.5 ? sleep(left - 1) : nextTurn());
  }

  private gapLeft(): number {
    if (this.options.frameGapMs === 0) return 0;
    return Math.max(this.lastByteAt, this.wireFreeAt) + this.options.frameGapMs - this.options.clock();
  }

  /** Runs `work`, recording its RelayError on the requester's health tile before passing it on. */
  private async noted(requester: Requester, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (error instanceof RelayError && error.code !== 'closed') requester.noteError(withoutBoard(error));
      throw error;
    }
  }

  /** Fails the waiting request now (the port went away): it must not wait out its timeout, nor resolve. */
  fail(error: RelayError): void {
    this.waiter?.reject(error);
    this.waiter = null;
  }

  private received(bytes: Buffer): void {
    this.lastByteAt = this.options.clock();
    const waiter = this.waiter;
    if (!waiter) {
      this.strayAt = this.options.now();
      return;
    }
    this.buffer = Buffer.concat([this.buffer, bytes]);
    if (this.buffer.length > this.options.maxReplyBytes) {
      return this.settleWaiter(waiter, { kind: 'error', code: 'flood', message: `${this.buffer.length} bytes for one reply: ${hex(this.buffer)}` });
    }
    const result = waiter.decode(this.buffer);
    if (waiter.echoOf && isPrefixOf(this.buffer, waiter.echoOf)) {
      // Maybe the echo of the request, maybe a reply that starts alike: a valid reply wins, the whole request is an echo.
      if (this.buffer.length >= waiter.echoOf.length) return this.settleWaiter(waiter, { kind: 'error', code: 'echo', message: ECHO_MESSAGE });
      if (result.kind !== 'reply') return;
    }
    if (result.kind === 'reply' && result.used < this.buffer.length) this.strayAt = this.options.now();
    if (result.kind !== 'incomplete') this.settleWaiter(waiter, result);
  }

  private settleWaiter(waiter: Waiter, result: DecodeResult<unknown>): void {
    this.waiter = null;
    if (result.kind === 'reply') waiter.resolve(result.value);
    else if (result.kind === 'error') waiter.reject(new RelayError(result.code, result.message));
  }

  /** How long since a byte arrived that belongs to no reply. */
  private quietFor(): number {
    return this.options.now() - this.strayAt;
  }

  /**
   * Waits until no stray byte arrived for quietMs; a line that never goes quiet within the timeout is a flood.
   * After a clean reply there is nothing to wait for, so the common case costs no time.
   */
  private async settle(requester: Requester): Promise<void> {
    const deadline = this.options.now() + requester.timeoutMs;
    for (;;) {
      const quietFor = this.quietFor();
      if (quietFor >= this.options.quietMs) return;
      if (this.options.now() >= deadline) {
        throw new RelayError('flood', `the line did not go quiet for ${requester.timeoutMs} ms (a flood of bytes?)`);
      }
      await sleep(this.options.quietMs - quietFor);
    }
  }
}

/** The error as the board's: decode errors are raised without a board id. */
function ofBoard(error: unknown, id: string): RelayError {
  if (!(error instanceof RelayError)) return new RelayError('unplugged', String(error), id);
  return error.boardId === id ? error : new RelayError(error.code, withoutBoard(error), id);
}

/** The bytes so far are the start of (or all of) `sent`, and at least an address and a function long. */
function isPrefixOf(buffer: Uint8Array, sent: Uint8Array): boolean {
  if (buffer.length < 2) return false;
  const length = Math.min(buffer.length, sent.length);
  for (let i = 0; i < length; i++) if (buffer[i] !== sent[i]) return false;
  return true;
}

/** A RelayError's message without the "relay board 'x': " its board id adds, for the board's own tile. */
export function withoutBoard(error: RelayError): string {
  return error.message.replace(/^relay board '[^']*': /, '');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** Runs `work` on this turn; a synchronous throw becomes a rejection, as it would inside a `then`. */
function startNow<T>(work: () => Promise<T>): Promise<T> {
  try {
    return work();
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
