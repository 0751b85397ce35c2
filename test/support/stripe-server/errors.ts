/**
 * Errors in Stripe's JSON shape: `{ error: { type, code, decline_code, message, param, doc_url } }` with the HTTP
 * status Stripe uses (https://docs.stripe.com/api/errors): 400 invalid_request_error, 401 bad key, 402 card_error,
 * 404 resource_missing, 409 concurrent use of an idempotency key, 500 api_error.
 */
export type StripeErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  payment_intent?: unknown;
}

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
  ) {
    super(body.message);
  }

  toJson(): { error: StripeErrorBody & { doc_url?: string } } {
    const docUrl = this.body.code ? { doc_url: `https://stripe.com/docs/error-codes/${this.body.code.replaceAll('_', '-')}` } : {};
    return { error: { ...this.body, ...docUrl } };
  }
}

export const invalid = (message: string, extra: Partial<StripeErrorBody> = {}): StripeApiError =>
  new StripeApiError(400, { type: 'invalid_request_error', message, ...extra });

export const missing = (kind: string, id: string, param: string): StripeApiError =>
  new StripeApiError(404, { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${kind}: '${id}'`, param });

export const unexpectedState = (message: string): StripeApiError => invalid(message, { code: 'payment_intent_unexpected_state' });
