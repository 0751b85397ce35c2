/**
 * How the Stripe driver calls Stripe: every call bounded in time, every SDK error turned into a TerminalError the
 * core can act on. Kept apart from the payment flow so the flow reads as the flow.
 */
import { TerminalError, type TerminalErrorCode } from './card-terminal';

/** The parts of a StripeError we read (the SDK's class hierarchy is matched by its `type` name, not instanceof). */
interface StripeErrorLike {
  type?: string;
  code?: string;
  param?: string;
  message?: string;
  statusCode?: number;
  raw?: { type?: string };
  headers?: Record<string, string | undefined>;
}

const isStripeError = (error: unknown): error is StripeErrorLike => typeof error === 'object' && error !== null && 'type' in error;

/**
 * True when the failure says nothing reached Stripe, or Stripe could not answer: card payment is unavailable. A
 * 5xx that Stripe replays for an idempotency key is an answer, not an outage: that request failed for good.
 */
export function isUnreachable(error: unknown): boolean {
  if (error instanceof TerminalError) return error.code === 'unreachable';
  if (!isStripeError(error)) return false;
  if (error.type === 'StripeConnectionError') return true;
  return error.type === 'StripeAPIError' && (error.statusCode ?? 500) >= 500 && error.headers?.['idempotent-replayed'] !== 'true';
}

/** Stripe asked us to slow down (rate_limit) or the object is busy (lock_timeout): the same call works a little later. */
export const isRateLimited = (error: unknown): boolean => error instanceof TerminalError && error.code === 'rate_limited';

export function toTerminalError(error: unknown, context: string): TerminalError {
  if (error instanceof TerminalError) return error;
  if (!isStripeError(error)) return new TerminalError('stripe_error', `${context}: ${String(error)}`, null, { cause: error });
  const code = error.code ?? null;
  const message = `${context}: ${error.message ?? error.type}`;
  const as = (c: TerminalErrorCode) => new TerminalError(c, message, code, { cause: error });
  if (isUnreachable(error)) return as('unreachable');
  if (error.type === 'StripeIdempotencyError' || error.raw?.type === 'idempotency_error') return as('idempotency_conflict');
  if (error.type === 'StripeAuthenticationError' || error.type === 'StripePermissionError') return as('authentication');
  if (error.statusCode === 429 || error.type === 'StripeRateLimitError' || code === 'lock_timeout') return as('rate_limited');
  if (code === 'terminal_reader_offline') return as('reader_offline');
  if (code === 'terminal_reader_timeout') return as('reader_timeout');
  if (code === 'terminal_reader_hardware_fault') return as('reader_fault');
  if (code === 'terminal_reader_busy') return as('reader_busy');
  if (error.type === 'StripeInvalidRequestError') return as('invalid_request');
  return as('stripe_error');
}

/**
 * Races a call against a deadline, so the caller never waits longer than `ms` even if the SDK's own timeout and
 * retries would (a retry after the deadline is harmless: it carries the same idempotency key).
 */
export async function withDeadline<T>(ms: number, context: string, call: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TerminalError('unreachable', `${context}: Stripe did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([call(), deadline]);
  } catch (error) {
    throw toTerminalError(error, context);
  } finally {
    clearTimeout(timer);
  }
}

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
