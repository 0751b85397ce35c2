/**
 * Fault injection: what a flaky network or a Stripe incident does to the driver. `drop_after` is the dangerous one
 * for double charges: the work is done and saved under the idempotency key, but the client never sees the answer.
 */
export type FaultMode =
  | 'error500' // Stripe's api_error, before any work is done (nothing saved under the key; Stripe-Should-Retry: true)
  | 'error500_saved' // an api_error while executing: saved under the idempotency key and replayed for it (Stripe-Should-Retry: false)
  | 'rate_limit' // 429 rate_limit: too many requests; nothing done
  | 'lock_timeout' // 429 lock_timeout: the object is locked by another request; nothing done (Stripe-Should-Retry: true)
  | 'hang' // accept the request and never answer
  | 'drop_before' // close the connection without doing the work
  | 'drop_after' // do the work, save the result, then close the connection without answering
  | 'hang_after'; // do the work, save the result, and never answer (the client is killed while it waits)

export interface Fault {
  mode: FaultMode;
  method?: string;
  path?: RegExp;
  /** How many matching requests it hits; Infinity for "until cleared". Default 1. */
  times?: number;
}

export class Faults {
  private faults: (Fault & { left: number })[] = [];

  inject(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  /** The fault that hits this request, if any (and counts it). */
  take(method: string, path: string): FaultMode | null {
    const fault = this.faults.find((f) => f.left > 0 && (!f.method || f.method === method) && (!f.path || f.path.test(path)));
    if (!fault) return null;
    fault.left -= 1;
    return fault.mode;
  }
}
