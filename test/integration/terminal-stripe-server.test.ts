/**
 * The loopback Stripe server on the wire, with raw HTTP (no SDK): the request encoding, auth, idempotency and error
 * shapes that Stripe documents (https://docs.stripe.com/api/errors, /api/idempotent_requests), so the contract test's
 * peer is checked independently of the driver that uses it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startStripeServer, type StripeServer } from '../support/stripe-server';
import { extract } from '../support/stripe-server/definitions/extract';
import { definitions } from '../support/stripe-server/params';

const ENDIVE = '2026-10-28.endive';
let server: StripeServer;

async function call(method: 'GET' | 'POST', path: string, body = '', headers: Record<string, string> = {}) {
  const response = await fetch(`http://127.0.0.1:${server.port}${path}`, {
    method,
    headers: { Authorization: `Bearer ${server.apiKey}`, 'Stripe-Version': ENDIVE, ...(method === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}), ...headers },
    ...(method === 'POST' ? { body } : {}),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}
beforeEach(async () => {
  server = await startStripeServer({ readers: ['tmr_lane1'] });
});
afterEach(async () => {
  await server.close();
});

const CREATE = 'amount=1250&currency=eur&allowed_payment_method_types[0]=card_present&capture_method=manual&metadata[lotkeeper_attempt]=att_1&metadata[lane]=exit-1';

describe('loopback Stripe server: wire format', () => {
  it('decodes form-encoded nested keys and answers with a PaymentIntent object', async () => {
    const { status, json, headers } = await call('POST', '/v1/payment_intents', CREATE, { 'Idempotency-Key': 'k1' });
    expect(status).toBe(200);
    expect(headers.get('request-id')).toMatch(/^req_/);
    expect(json).toMatchObject({ object: 'payment_intent', amount: 1250, currency: 'eur', status: 'requires_payment_method', capture_method: 'manual', payment_method_types: ['card_present'], metadata: { lotkeeper_attempt: 'att_1', lane: 'exit-1' } });
    expect(json['id']).toMatch(/^pi_/);
  });

  it('refuses a missing or wrong API key with 401 in Stripe’s error shape', async () => {
    for (const auth of [{ Authorization: '' }, { Authorization: 'Bearer sk_test_nope' }]) {
      const { status, json } = await call('GET', '/v1/terminal/readers/tmr_lane1', '', auth);
      expect(status).toBe(401);
      expect(json['error']).toMatchObject({ type: 'invalid_request_error' });
    }
  });

  it('replays the saved answer for a repeated idempotency key, and refuses the key with other parameters', async () => {
    const first = await call('POST', '/v1/payment_intents', CREATE, { 'Idempotency-Key': 'k2' });
    const again = await call('POST', '/v1/payment_intents', CREATE, { 'Idempotency-Key': 'k2' });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.json).toEqual(first.json);
    const other = await call('POST', '/v1/payment_intents', CREATE.replace('amount=1250', 'amount=9999'), { 'Idempotency-Key': 'k2' });
    expect(other.status).toBe(400);
    expect(other.json['error']).toMatchObject({ type: 'idempotency_error' });
    expect(other.json['error'].message).toContain('same parameters');
    expect(server.ledger.intents.size).toBe(1);
  });

  it('keeps no result for a request that failed validation, so the key can be used again', async () => {
    const bad = await call('POST', '/v1/payment_intents', 'currency=eur', { 'Idempotency-Key': 'k3' });
    expect(bad.status).toBe(400);
    expect(bad.json['error']).toMatchObject({ type: 'invalid_request_error', code: 'parameter_missing', param: 'amount' });
    expect((await call('POST', '/v1/payment_intents', CREATE, { 'Idempotency-Key': 'k3' })).status).toBe(200);
  });

  it('follows the API version: payment_method_types is unknown since 2026-09-30, accepted before', async () => {
    const old = CREATE.replace('allowed_payment_method_types', 'payment_method_types');
    const endive = await call('POST', '/v1/payment_intents', old);
    expect(endive.status).toBe(400);
    expect(endive.json['error']).toMatchObject({ code: 'parameter_unknown', param: 'payment_method_types' });
    expect((await call('POST', '/v1/payment_intents', old, { 'Stripe-Version': '2025-03-31.basil' })).status).toBe(200);
  });

  it('answers 404 resource_missing for an unknown id and for an unknown URL', async () => {
    const pi = await call('GET', '/v1/payment_intents/pi_nope');
    expect(pi.status).toBe(404);
    expect(pi.json['error']).toMatchObject({ type: 'invalid_request_error', code: 'resource_missing', param: 'intent', message: "No such payment_intent: 'pi_nope'" });
    expect((await call('GET', '/v1/charges')).status).toBe(404);
  });

  it('runs the reader action lifecycle: in_progress, declined card -> failed, capture only when authorised', async () => {
    const { json: pi } = await call('POST', '/v1/payment_intents', CREATE);
    const processed = await call('POST', '/v1/terminal/readers/tmr_lane1/process_payment_intent', `payment_intent=${pi['id']}`);
    expect(processed.json['action']).toMatchObject({ type: 'process_payment_intent', status: 'in_progress', process_payment_intent: { payment_intent: pi['id'] } });
    const busy = await call('POST', '/v1/terminal/readers/tmr_lane1/process_payment_intent', `payment_intent=${pi['id']}`);
    expect(busy.json['error']).toMatchObject({ code: 'terminal_reader_busy' });
    const capturedTooEarly = await call('POST', `/v1/payment_intents/${pi['id']}/capture`);
    expect(capturedTooEarly.json['error']).toMatchObject({ type: 'invalid_request_error', code: 'payment_intent_unexpected_state' });

    const declined = await call('POST', '/v1/test_helpers/terminal/readers/tmr_lane1/present_payment_method', 'card_present[number]=4000000000009995');
    expect(declined.json['action']).toMatchObject({ status: 'failed', failure_code: 'card_declined' });
    const after = await call('GET', `/v1/payment_intents/${pi['id']}`);
    expect(after.json).toMatchObject({ status: 'requires_payment_method', last_payment_error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' } });

    await call('POST', '/v1/terminal/readers/tmr_lane1/process_payment_intent', `payment_intent=${pi['id']}`);
    await call('POST', '/v1/test_helpers/terminal/readers/tmr_lane1/present_payment_method', 'card_present[number]=4242424242424242');
    const captured = await call('POST', `/v1/payment_intents/${pi['id']}/capture`, 'expand[0]=latest_charge');
    expect(captured.json).toMatchObject({ status: 'succeeded', amount_received: 1250, latest_charge: { object: 'charge', captured: true, payment_method_details: { card_present: { brand: 'visa', last4: '4242' } } } });
  });

  it('refuses a refund above what is left on the charge', async () => {
    const { json: pi } = await call('POST', '/v1/payment_intents', CREATE.replace('capture_method=manual', 'capture_method=automatic'));
    await call('POST', '/v1/terminal/readers/tmr_lane1/process_payment_intent', `payment_intent=${pi['id']}`);
    await call('POST', '/v1/test_helpers/terminal/readers/tmr_lane1/present_payment_method', '');
    expect((await call('POST', '/v1/refunds', `payment_intent=${pi['id']}&amount=1000`)).json).toMatchObject({ object: 'refund', amount: 1000, status: 'succeeded' });
    const tooMuch = await call('POST', '/v1/refunds', `payment_intent=${pi['id']}&amount=251`);
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.json['error']).toMatchObject({ type: 'invalid_request_error', code: 'amount_too_large', param: 'amount' });
  });

  it('finds PaymentIntents by metadata with the search endpoint', async () => {
    await call('POST', '/v1/payment_intents', CREATE);
    const found = await call('GET', `/v1/payment_intents/search?query=${encodeURIComponent("metadata['lotkeeper_attempt']:'att_1'")}`);
    expect(found.json).toMatchObject({ object: 'search_result', data: [{ metadata: { lotkeeper_attempt: 'att_1' } }] });
  });
});

describe('loopback Stripe server: as strict as Stripe’s own definitions (definitions/stripe-api.json)', () => {
  it('refuses an unknown parameter and a value outside an enum, and accepts every documented capture_method', async () => {
    const unknown = await call('POST', '/v1/payment_intents', `${CREATE}&colour=red`);
    expect([unknown.status, unknown.json['error']]).toEqual([400, expect.objectContaining({ code: 'parameter_unknown', param: 'colour', message: 'Received unknown parameter: colour' })]);
    const badEnum = await call('POST', '/v1/payment_intents', CREATE.replace('capture_method=manual', 'capture_method=later'));
    expect(badEnum.json['error']).toMatchObject({ code: 'parameter_invalid_string', param: 'capture_method', message: 'Invalid capture_method: must be one of automatic, automatic_async, or manual' });
    for (const method of ['automatic', 'automatic_async', 'manual']) {
      expect((await call('POST', '/v1/payment_intents', CREATE.replace('capture_method=manual', `capture_method=${method}`))).json).toMatchObject({ capture_method: method });
    }
    expect((await call('POST', '/v1/terminal/readers/tmr_lane1/cancel_action', 'force=true')).json['error']).toMatchObject({ code: 'parameter_unknown', param: 'force' });
  });

  it.each([['gbp', 29, 30], ['eur', 49, 50], ['usd', 49, 50], ['jpy', 49, 50]])('refuses a %s charge under Stripe’s minimum (%i) with amount_too_small', async (currency, under, minimum) => {
    const body = (amount: number) => CREATE.replace('amount=1250&currency=eur', `amount=${amount}&currency=${currency}`);
    const refused = await call('POST', '/v1/payment_intents', body(under));
    expect([refused.status, refused.json['error']]).toEqual([400, expect.objectContaining({ code: 'amount_too_small', param: 'amount' })]);
    expect((await call('POST', '/v1/payment_intents', body(minimum))).status).toBe(200);
  });

  it('clears last_payment_error when the intent is cancelled; the decline stays on the failed charge', async () => {
    const { json: pi } = await call('POST', '/v1/payment_intents', CREATE);
    await call('POST', '/v1/terminal/readers/tmr_lane1/process_payment_intent', `payment_intent=${pi['id']}`);
    await call('POST', '/v1/test_helpers/terminal/readers/tmr_lane1/present_payment_method', 'card_present[number]=4000000000009995');
    const cancelled = await call('POST', `/v1/payment_intents/${pi['id']}/cancel`, 'expand[0]=latest_charge');
    expect(cancelled.json).toMatchObject({ status: 'canceled', last_payment_error: null, latest_charge: { status: 'failed', failure_code: 'card_declined', outcome: { type: 'issuer_declined', reason: 'insufficient_funds' } } });
  });

  it('answers a saved 500 again under its key with Stripe-Should-Retry: false; an unsaved one says a retry may help', async () => {
    server.faults.inject({ mode: 'error500_saved', path: /^\/v1\/payment_intents$/ });
    const first = await call('POST', '/v1/payment_intents', CREATE, { 'Idempotency-Key': 'k500' });
    const again = await call('POST', '/v1/payment_intents', CREATE, { 'Idempotency-Key': 'k500' });
    expect([first.status, again.status, again.headers.get('idempotent-replayed'), again.headers.get('stripe-should-retry')]).toEqual([500, 500, 'true', 'false']);
    server.faults.inject({ mode: 'error500' });
    const transient = await call('POST', '/v1/payment_intents', CREATE, { 'Idempotency-Key': 'k501' });
    expect([transient.status, transient.headers.get('stripe-should-retry')]).toEqual([500, 'true']);
    expect((await call('POST', '/v1/payment_intents', CREATE, { 'Idempotency-Key': 'k501' })).status).toBe(200);
  });

  it('answers only with fields Stripe declares on each object', async () => {
    const { json: pi } = await call('POST', '/v1/payment_intents', CREATE);
    const reader = await call('POST', '/v1/terminal/readers/tmr_lane1/process_payment_intent', `payment_intent=${pi['id']}`);
    await call('POST', '/v1/test_helpers/terminal/readers/tmr_lane1/present_payment_method', '');
    const captured = await call('POST', `/v1/payment_intents/${pi['id']}/capture`, 'expand[0]=latest_charge');
    const refund = await call('POST', '/v1/refunds', `payment_intent=${pi['id']}&amount=100`);
    const objects = [pi, reader.json, captured.json, captured.json['latest_charge'], refund.json];
    for (const object of objects) {
      const declared = definitions.objects[object['object'] as string];
      expect(declared, `Stripe declares ${String(object['object'])}`).toBeDefined();
      expect(Object.keys(object).filter((key) => !declared!.includes(key)), `undeclared fields on ${String(object['object'])}`).toEqual([]);
    }
  });

  it('keeps definitions/stripe-api.json as the installed stripe-node defines the API (rerun extract.ts after an upgrade)', () => {
    expect(extract()).toEqual(definitions);
  });
});
