/**
 * Stripe's idempotency (https://docs.stripe.com/api/idempotent_requests): the first result for a key is saved, status
 * code and body, errors included; the same key again replays it with `Idempotent-Replayed: true`; the same key with
 * other parameters (or on another endpoint) is refused with 400 idempotency_error; a key still being processed is
 * refused with 409. Results are not saved when the request failed validation before it started executing.
 */
import { StripeApiError } from './errors';

interface Saved {
  method: string;
  path: string;
  params: string;
  status: number | null; // null while the first request is still executing
  body: unknown;
  requestId: string;
}

export type IdempotencyCheck = { kind: 'fresh' } | { kind: 'replay'; status: number; body: unknown; requestId: string };

export class IdempotencyStore {
  private readonly saved = new Map<string, Saved>();

  begin(key: string, method: string, path: string, params: string, requestId: string): IdempotencyCheck {
    const prior = this.saved.get(key);
    if (!prior) {
      this.saved.set(key, { method, path, params, status: null, body: null, requestId });
      return { kind: 'fresh' };
    }
    if (prior.method !== method || prior.path !== path || prior.params !== params) {
      throw new StripeApiError(400, {
        type: 'idempotency_error',
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      });
    }
    if (prior.status === null) {
      throw new StripeApiError(409, {
        type: 'idempotency_error',
        code: 'idempotency_key_in_use',
        message: 'There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ' + key + '. Please try again later.',
      });
    }
    return { kind: 'replay', status: prior.status, body: prior.body, requestId: prior.requestId };
  }

  finish(key: string, status: number, body: unknown): void {
    const entry = this.saved.get(key);
    if (entry) Object.assign(entry, { status, body });
  }

  /** The request did not start executing (bad parameters, injected fault): the key stays free. */
  forget(key: string): void {
    this.saved.delete(key);
  }
}
