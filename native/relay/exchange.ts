/**
 * One request at a time over a SerialLink (one serial port, which on RS-485 is a bus several boards share), with
 * the reply decoded by a pure codec function. Replies are matched to the request by order, so requests are
 * serialised; bytes that arrive while no request waits are dropped, and the next request first waits for the line
 * to go quiet, so the tail of a flood or a late half frame is never taken for its reply.
 *
 * Queueing: a relay switched on (a barrier opening for a car) goes first, then relays switched off (the end of a
 * pulse: a release a frame later only lengthens the pulse), then input polls, each kind first come, first served; a
 * relay's commands keep their order (an "on" never passes an "off" of the same relay). The next request is chosen
 * once the line is free to send on (after the frame gap), not when the one before ends: a command that comes during
 * the silence after a reply goes before a poll that was waiting, rather than behind that poll's whole exchange.
 * Nothing is starved: a waiting request goes after at most PASSED_AT_MOST more urgent ones started ahead of it.
 * A command cannot interrupt a frame on the wire, so where one is expected (a lane is reading the frame that may
 * decide its car) polls are held back for a moment (`holdPolls`): the command then finds the line free rather than
 * a poll's 20 ms exchange on it. Framing: where the
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

/** How urgent a request is: a relay switched on, a relay switched off, an input read (see above). */
export type Priority = 'switch-on' | 'switch-off' | 'poll';
const RANK: Readonly<Record<Priority, number>> = { 'switch-on': 0, 'switch-off': 1, poll: 2 };

/**
 * More urgent requests that may start ahead of a waiting one before it goes: one per lane of a four-lane bus. A
 * barrier command waits behind at most one poll, and inputs are still read under a stream of commands.
 */
export const PASSED_AT_MOST = 4;

/**
 * How long polls are held back for an expected command: about a plate read on a busy booth PC. A command that comes
 * later finds polling as usual; a poll never waits longer than this for commands that have not come.
 */
export const HOLD_POLLS_MAX_MS = 250;

interface Waiting {
  readonly priority: Priority;
  /** The relay a command switches (its order is kept); null for polls. */
  readonly relay: string | null;
  readonly queuedAt: number;
  start(): void;
}

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
  private readonly waiting: Waiting[] = [];
  /** Per kind: more urgent requests started while one of this kind waited, since this kind last started. */
  private readonly passed: Record<Priority, number> = { 'switch-on': 0, 'switch-off': 0, poll: 0 };
  /** Commands expected soon (holdPolls): while any is, polls wait, each at most HOLD_POLLS_MAX_MS. */
  private holds = 0;
  private heldPollTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly link: SerialLink,
    private readonly options: ExchangeOptions,
  ) {
    link.onData((bytes) => this.received(bytes));
    link.onDrop((error) => this.fail(error));
  }

  /**
   * Runs `work` once the requests before it are done, the more urgent first (see above); `relay` names the relay a
   * command switches, whose commands keep their order. A failure does not block the ones after. On an idle line past
   * its frame gap it starts on the caller's turn, so a barrier command's bytes are written before anything else the
   * event loop holds; within the gap it waits in the queue, so whatever comes meanwhile is chosen with it.
   */
  serial<T>(work: () => Promise<T>, priority: Priority, relay: string | null = null): Promise<T> {
    const held = priority === 'poll' && this.holds > 0;
    if (!this.running && !this.choosing && this.waiting.length === 0 && !held && this.gapLeft() <= 0) return this.run(work, priority);
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ priority, relay, queuedAt: this.options.clock(), start: () => void this.run(work, priority).then(resolve, reject) });
      this.chooseWhenFree();
    });
  }

  /**
   * A command is expected soon (a lane is reading the frame that may decide its car): polls wait until the returned
   * release is called, or HOLD_POLLS_MAX_MS at most, so the command finds the line free.
   */
  holdPolls(): () => void {
    this.holds++;
    let holding = true;
    const release = () => {
      if (!holding) return;
      holding = false;
      clearTimeout(timer);
      this.holds--;
      this.chooseWhenFree();
    };
    const timer = setTimeout(release, HOLD_POLLS_MAX_MS);
    return release;
  }

  private run<T>(work: () => Promise<T>, priority: Priority): Promise<T> {
    this.running = true;
    this.passed[priority] = 0;
    for (const other of new Set(this.waiting.map((entry) => entry.priority))) if (RANK[other] > RANK[priority]) this.passed[other]++;
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

  /** Once the line is free to send on, starts the most urgent request that may go (see `next`). */
  private chooseWhenFree(): void {
    if (this.running || this.choosing || this.waiting.length === 0) return;
    this.choosing = true;
    void this.frameGap().then(() => {
      this.choosing = false;
      const next = this.next();
      if (!next) return this.wakeForHeldPoll();
      this.waiting.splice(this.waiting.indexOf(next), 1);
      next.start();
    });
  }

  /** A kind passed PASSED_AT_MOST times first; else the most urgent, oldest first; a held poll or a relay's later command waits. */
  private next(): Waiting | undefined {
    const ready = this.waiting.filter((entry, index) => this.mayGo(entry, index));
    const overdue = ready.find((entry) => this.passed[entry.priority] >= PASSED_AT_MOST);
    if (overdue) return overdue;
    return ready.reduce<Waiting | undefined>((best, entry) => (!best || RANK[entry.priority] < RANK[best.priority] ? entry : best), undefined);
  }

  private mayGo(entry: Waiting, index: number): boolean {
    if (entry.relay !== null && this.waiting.slice(0, index).some((earlier) => earlier.relay === entry.relay)) return false;
    return entry.priority !== 'poll' || !this.holdsBack(entry);
  }

  private holdsBack(poll: Waiting): boolean {
    return this.holds > 0 && this.options.clock() - poll.queuedAt < HOLD_POLLS_MAX_MS;
  }

  /** Only held polls wait: choose again when the oldest has waited its longest (a release chooses sooner). */
  private wakeForHeldPoll(): void {
    const oldest = this.waiting.find((entry) => entry.priority === 'poll');
    if (!oldest || this.heldPollTimer) return;
    const left = oldest.queuedAt + HOLD_POLLS_MAX_MS - this.options.clock();
    this.heldPollTimer = setTimeout(() => {
      this.heldPollTimer = null;
      this.chooseWhenFree();
    }, Math.max(0, Math.ceil(left)));
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
