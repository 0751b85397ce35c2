/**
 * One command at a time over a SerialLink, with the reply decoded by a pure codec function. Replies are matched
 * to the command by order, so commands are serialised; bytes that arrive while no command waits are dropped, and
 * the next command first waits for the line to go quiet, so the tail of a flood or a late half frame is never
 * taken for its reply.
 */
import type { DecodeResult } from './codecs/decode';
import { hex } from './codecs/decode';
import type { SerialLink } from './link';
import { RelayError } from './relay';

export interface ExchangeOptions {
  id: string;
  timeoutMs: number;
  /** Silence needed before a command when bytes arrived recently (longer than any gap inside a reply). */
  quietMs: number;
  /** Bytes buffered for one reply before it counts as a flood. */
  maxReplyBytes: number;
  now: () => number;
}

interface Waiter {
  decode: (buffer: Uint8Array) => DecodeResult<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: RelayError) => void;
}

export class Exchange {
  private buffer: Buffer = Buffer.alloc(0);
  /** When bytes last arrived that belong to no reply: unasked, left over, or part of a reply that failed. */
  private strayAt = 0;
  private waiter: Waiter | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  /** Commands started or queued and not yet settled. */
  private pending = 0;

  constructor(
    private readonly link: SerialLink,
    private readonly options: ExchangeOptions,
  ) {
    link.onData((bytes) => this.received(bytes));
    link.onDrop((error) => this.fail(error));
  }

  /**
   * Runs `work` after every command queued before it; a failure does not block the ones after. On an idle line it
   * starts on the caller's turn, so a barrier command's bytes are written before anything else the event loop holds.
   */
  serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.pending === 0 ? startNow(work) : this.queue.then(work, work);
    this.pending++;
    this.queue = run.catch(() => undefined).then(() => void this.pending--);
    return run;
  }

  /** Sends a request and resolves with its decoded reply; the caller holds the queue (see `serial`). */
  async request<T>(bytes: Uint8Array, decode: (buffer: Uint8Array) => DecodeResult<T>): Promise<T> {
    // Not `await` on a free line: even awaiting nothing would put the write off to a later microtask.
    const wait = this.lineFree();
    if (wait) await wait;
    this.buffer = Buffer.alloc(0);
    const reply = new Promise<T>((resolve, reject) => {
      this.waiter = { decode, resolve: resolve as (value: unknown) => void, reject };
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const got = this.buffer.length ? `half a reply (${hex(this.buffer)})` : 'no reply';
        reject(new RelayError('timeout', `${got} within ${this.options.timeoutMs} ms`, this.options.id));
      }, this.options.timeoutMs);
    });
    try {
      // A write failure rejects at once; the reply may arrive before the drain callback, which is fine.
      await Promise.all([this.link.write(bytes, this.options.timeoutMs), Promise.race([reply, timeout])]);
      const answer = await reply;
      this.link.noteSuccess();
      return answer;
    } catch (error) {
      // The rest of a bad or late reply may still be on its way: the next command waits for it to pass.
      this.strayAt = this.options.now();
      const relayError = error instanceof RelayError ? error : new RelayError('unplugged', String(error), this.options.id);
      this.link.noteError(relayError.message.replace(/^relay board '[^']*': /, ''));
      throw relayError;
    } finally {
      clearTimeout(timer);
      this.waiter = null;
      reply.catch(() => undefined);
    }
  }

  /** Sends a command to a board that never answers: confirmed once written and drained. */
  async send(bytes: Uint8Array): Promise<void> {
    const wait = this.lineFree();
    if (wait) await wait;
    await this.noted(async () => {
      await this.link.write(bytes, this.options.timeoutMs);
      this.link.noteSuccess();
    });
  }

  /** Waits for the port to open and the line to go quiet; without a wait when both hold (the common case). */
  private lineFree(): Promise<void> | undefined {
    if (this.link.isOpen() && this.quietFor() >= this.options.quietMs) return undefined;
    return this.noted(async () => {
      await this.link.ready(this.options.timeoutMs);
      await this.settle();
    });
  }

  /** Runs `work`, recording its RelayError on the health tile before passing it on. */
  private async noted(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (error instanceof RelayError && error.code !== 'closed') this.link.noteError(error.message.replace(/^relay board '[^']*': /, ''));
      throw error;
    }
  }

  /** Fails the waiting command now (the port went away): it must not wait out its timeout, nor resolve. */
  fail(error: RelayError): void {
    this.waiter?.reject(error);
    this.waiter = null;
  }

  private received(bytes: Buffer): void {
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
    if (result.kind === 'reply' && result.used < this.buffer.length) this.strayAt = this.options.now();
    if (result.kind !== 'incomplete') this.settleWaiter(waiter, result);
  }

  private settleWaiter(waiter: Waiter, result: DecodeResult<unknown>): void {
    this.waiter = null;
    if (result.kind === 'reply') waiter.resolve(result.value);
    else if (result.kind === 'error') waiter.reject(new RelayError(result.code, result.message, this.options.id));
  }

  /** How long since a byte arrived that belongs to no reply. */
  private quietFor(): number {
    return this.options.now() - this.strayAt;
  }

  /**
   * Waits until no stray byte arrived for quietMs; a line that never goes quiet within the timeout is a flood.
   * After a clean reply there is nothing to wait for, so the common case costs no time.
   */
  private async settle(): Promise<void> {
    const deadline = this.options.now() + this.options.timeoutMs;
    for (;;) {
      const quietFor = this.quietFor();
      if (quietFor >= this.options.quietMs) return;
      if (this.options.now() >= deadline) {
        throw new RelayError('flood', `the line did not go quiet for ${this.options.timeoutMs} ms (a flood of bytes?)`, this.options.id);
      }
      await new Promise((resolve) => setTimeout(resolve, this.options.quietMs - quietFor));
    }
  }
}

/** Runs `work` on this turn; a synchronous throw becomes a rejection, as it would inside a `then`. */
function startNow<T>(work: () => Promise<T>): Promise<T> {
  try {
    return work();
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
