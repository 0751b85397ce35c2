/**
 * A loopback Stripe: the only Stripe the tests see, so it speaks the real wire format for the endpoints our terminal
 * driver uses (see routes.ts) and is driven by the real `stripe` SDK:
 *   new Stripe(key, { host: '127.0.0.1', port: server.port, protocol: 'http' })
 * Bearer auth, form-encoded bodies, idempotency keys, Stripe's error JSON and statuses, and fault injection.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { StripeApiError } from './errors';
import { CheckoutSessions } from './checkout';
import { Faults, type FaultMode } from './faults';
import { canonical, decodeForm, FormError, type FormObject } from './form';
import { IdempotencyStore } from './idempotency';
import { Ledger } from './ledger';
import { checkParams } from './params';
import { Readers } from './readers';
import { buildRoutes, route } from './routes';
import { loopbackListener } from '../loopback-server';

export type { Fault, FaultMode } from './faults';

export interface StripeServerOptions {
  apiKey?: string;
  readers?: string[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  status: number | null;
  replayed: boolean;
  /** When it arrived (epoch ms). */
  at: number;
}

export interface StripeServer {
  readonly port: number;
  readonly apiKey: string;
  readonly ledger: Ledger;
  readonly readers: Readers;
  /** Checkout Sessions; `checkout.pay(id)` is the driver paying on the hosted page. */
  readonly checkout: CheckoutSessions;
  readonly faults: Faults;
  /** Every request that reached a handler or a fault, in order: what the SDK actually sent. */
  readonly requests: RecordedRequest[];
  /** Stripe is gone: the port refuses connections and open requests are cut. State is kept for up(). */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

/** The account's default API version, used when a request sends no Stripe-Version (stripe-node always sends one). */
const DEFAULT_API_VERSION = '2026-10-28.endive';

const send = (res: ServerResponse, status: number, body: unknown, requestId: string, headers: Record<string, string>): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Request-Id': requestId, 'Stripe-Version': DEFAULT_API_VERSION, ...headers });
  res.end(text);
};

/** Answers that stand for a fault rather than a handler's result: status, Stripe's error, whether a retry can help. */
const FAULT_ANSWERS: Partial<Record<FaultMode, { status: number; error: StripeApiError; shouldRetry: boolean }>> = {
  error500: { status: 500, error: new StripeApiError(500, { type: 'api_error', message: 'An unknown error occurred' }), shouldRetry: true },
  rate_limit: {
    status: 429,
    error: new StripeApiError(429, { type: 'invalid_request_error', code: 'rate_limit', message: 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.' }),
    shouldRetry: false,
  },
  lock_timeout: {
    status: 429,
    error: new StripeApiError(429, { type: 'invalid_request_error', code: 'lock_timeout', message: 'This object cannot be accessed right now because another API request or Stripe process is currently accessing it. If you see this error intermittently, retry the request.' }),
    shouldRetry: true,
  },
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startStripeServer(options: StripeServerOptions = {}): Promise<StripeServer> {
  const apiKey = options.apiKey ?? 'sk_test_loopback';
  const ledger = new Ledger(() => Date.now());
  const readers = new Readers(options.readers ?? ['tmr_loopback_lane1'], ledger);
  const checkout = new CheckoutSessions(ledger, () => Date.now());
  const routes = buildRoutes(ledger, readers, checkout);
  const idempotency = new IdempotencyStore();
  const faults = new Faults();
  const requests: RecordedRequest[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = `req_${randomBytes(7).toString('hex')}`;
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const key = method === 'POST' ? (req.headers['idempotency-key'] as string | undefined) ?? null : null;
    const record: RecordedRequest = { method, path: url.pathname, idempotencyKey: key, status: null, replayed: false, at: Date.now() };
    requests.push(record);
    const body = await readBody(req);
    const fault = faults.take(method, url.pathname);
    if (fault === 'hang') return; // the socket stays open until the client gives up or down()/close() cuts it
    if (fault === 'drop_before') return void req.socket.destroy();
    const reply = (status: number, payload: unknown, replayed = false, shouldRetry?: boolean) => {
      record.status = status;
      record.replayed = replayed;
      // A replayed failure will fail the same way again under this key: Stripe tells the client not to retry it.
      const retryHint = shouldRetry ?? (replayed && status >= 400 ? false : undefined);
      const headers = { ...(replayed ? { 'Idempotent-Replayed': 'true' } : {}), ...(retryHint === undefined ? {} : { 'Stripe-Should-Retry': String(retryHint) }) };
      if (fault === 'drop_after') req.socket.destroy();
      else if (fault !== 'hang_after') send(res, status, payload, requestId, headers);
    };
    const faultAnswer = fault ? FAULT_ANSWERS[fault] : undefined;
    if (faultAnswer) return reply(faultAnswer.status, faultAnswer.error.toJson(), false, faultAnswer.shouldRetry);

    const auth = req.headers.authorization ?? '';
    if (auth !== `Bearer ${apiKey}`) {
      const shown = auth.replace(/^Bearer /, '');
      return reply(401, { error: { type: 'invalid_request_error', message: auth ? `Invalid API Key provided: ${shown.slice(0, 8)}****${shown.slice(-4)}` : "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY')." } });
    }
    let fresh = false;
    try {
      const params: FormObject = method === 'POST' ? decodeForm(body) : decodeForm(url.search.slice(1));
      const { route: r, match } = route(routes, method, url.pathname);
      checkParams(r.endpoint, params);
      if (key !== null) {
        const check = idempotency.begin(key, method, url.pathname, canonical(params), requestId);
        if (check.kind === 'replay') return reply(check.status, check.body, true);
        fresh = true;
      }
      if (fault === 'error500_saved') throw new StripeApiError(500, { type: 'api_error', message: 'An unknown error occurred while processing this request' });
      const result = r.handle(match, params, (req.headers['stripe-version'] as string | undefined) ?? DEFAULT_API_VERSION);
      if (fresh) idempotency.finish(key!, 200, result);
      reply(200, result);
    } catch (error) {
      const apiError = error instanceof StripeApiError ? error : error instanceof FormError ? new StripeApiError(400, { type: 'invalid_request_error', message: error.message }) : null;
      if (!apiError) {
        if (fresh) idempotency.forget(key!);
        return reply(500, { error: { type: 'api_error', message: `Loopback server bug: ${String(error)}` } });
      }
      // Requests that failed validation never started executing: Stripe keeps no result for their key.
      if (fresh && (apiError.status === 400 || apiError.status === 404) && apiError.body.type !== 'card_error') idempotency.forget(key!);
      else if (fresh) idempotency.finish(key!, apiError.status, apiError.toJson());
      reply(apiError.status, apiError.toJson(), false, apiError.status >= 500 ? false : undefined);
    }
  }

  const listener = loopbackListener(() => createServer((req, res) => void handle(req, res)));
  await listener.start();

  return {
    get port() {
      return listener.port;
    },
    apiKey,
    ledger,
    readers,
    checkout,
    faults,
    requests,
    down: listener.stop,
    up: listener.start,
    close: listener.stop,
  };
}
