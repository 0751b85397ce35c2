/** The endpoints our driver uses, and nothing else: an unknown URL is Stripe's 404 "Unrecognized request URL". */
import { invalid, StripeApiError } from './errors';
import type { FormObject, FormValue } from './form';
import type { CheckoutSessions } from './checkout';
import { checkoutSessionJson, intentJson, readerJson, refundJson } from './json';
import type { Ledger } from './ledger';
import type { Readers } from './readers';

export interface Route {
  /** Stripe's name for the endpoint, as in definitions/stripe-api.json: its parameters are checked against it. */
  endpoint: string;
  method: 'GET' | 'POST';
  pattern: RegExp;
  handle: (match: string[], params: FormObject, apiVersion: string) => unknown;
}

const expandOf = (value: FormValue | undefined): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** Search query language, the one clause we use: metadata['key']:'value' (https://docs.stripe.com/search#query-fields-for-payment-intents). */
function parseMetadataQuery(query: FormValue | undefined): [string, string] {
  const match = typeof query === 'string' ? /^metadata\[['"]([^'"]+)['"]\]:['"]([^'"]*)['"]$/.exec(query.trim()) : null;
  if (!match) throw invalid(`The loopback server supports only metadata['key']:'value' queries, got: ${String(query)}`, { param: 'query' });
  return [match[1]!, match[2]!];
}

export function buildRoutes(ledger: Ledger, readers: Readers, checkout: CheckoutSessions): Route[] {
  const pi = (id: string, params: FormObject) => intentJson(ledger.intent(id), ledger, expandOf(params['expand']));
  return [
    { endpoint: 'POST /v1/payment_intents', method: 'POST', pattern: /^\/v1\/payment_intents$/, handle: (_m, p, version) => intentJson(ledger.createIntent(p, version), ledger, expandOf(p['expand'])) },
    {
      endpoint: 'GET /v1/payment_intents/search',
      method: 'GET',
      pattern: /^\/v1\/payment_intents\/search$/,
      handle: (_m, p) => {
        const [key, value] = parseMetadataQuery(p['query']);
        const data = [...ledger.intents.values()].filter((i) => i.metadata[key] === value).reverse();
        return { object: 'search_result', data: data.map((i) => intentJson(i, ledger)), has_more: false, next_page: null, url: '/v1/payment_intents/search' };
      },
    },
    { endpoint: 'GET /v1/payment_intents/{id}', method: 'GET', pattern: /^\/v1\/payment_intents\/([^/]+)$/, handle: ([id], p) => pi(id!, p) },
    { endpoint: 'POST /v1/payment_intents/{id}/capture', method: 'POST', pattern: /^\/v1\/payment_intents\/([^/]+)\/capture$/, handle: ([id], p) => intentJson(ledger.capture(id!, p), ledger, expandOf(p['expand'])) },
    {
      endpoint: 'POST /v1/payment_intents/{id}/cancel',
      method: 'POST',
      pattern: /^\/v1\/payment_intents\/([^/]+)\/cancel$/,
      handle: ([id], p) => {
        const cancelled = ledger.cancel(id!, p);
        readers.intentCancelled(cancelled.id);
        return intentJson(cancelled, ledger, expandOf(p['expand']));
      },
    },
    { endpoint: 'POST /v1/refunds', method: 'POST', pattern: /^\/v1\/refunds$/, handle: (_m, p) => refundJson(ledger.refund(p)) },
    { endpoint: 'GET /v1/terminal/readers/{id}', method: 'GET', pattern: /^\/v1\/terminal\/readers\/([^/]+)$/, handle: ([id]) => readerJson(readers.reader(id!)) },
    { endpoint: 'POST /v1/terminal/readers/{id}/process_payment_intent', method: 'POST', pattern: /^\/v1\/terminal\/readers\/([^/]+)\/process_payment_intent$/, handle: ([id], p) => readerJson(readers.process(id!, p)) },
    { endpoint: 'POST /v1/terminal/readers/{id}/cancel_action', method: 'POST', pattern: /^\/v1\/terminal\/readers\/([^/]+)\/cancel_action$/, handle: ([id]) => readerJson(readers.cancelAction(id!)) },
    { endpoint: 'POST /v1/checkout/sessions', method: 'POST', pattern: /^\/v1\/checkout\/sessions$/, handle: (_m, p) => checkoutSessionJson(checkout.create(p)) },
    { endpoint: 'GET /v1/checkout/sessions/{id}', method: 'GET', pattern: /^\/v1\/checkout\/sessions\/([^/]+)$/, handle: ([id]) => checkoutSessionJson(checkout.get(id!)) },
    { endpoint: 'POST /v1/checkout/sessions/{id}/expire', method: 'POST', pattern: /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/, handle: ([id]) => checkoutSessionJson(checkout.expire(id!)) },
    { endpoint: 'POST /v1/test_helpers/terminal/readers/{id}/present_payment_method', method: 'POST', pattern: /^\/v1\/test_helpers\/terminal\/readers\/([^/]+)\/present_payment_method$/, handle: ([id], p) => readerJson(readers.present(id!, p)) },
  ];
}

export function route(routes: Route[], method: string, path: string): { route: Route; match: string[] } {
  for (const r of routes) {
    const m = r.method === method ? r.pattern.exec(path) : null;
    if (m) return { route: r, match: m.slice(1) };
  }
  throw new StripeApiError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.` });
}
