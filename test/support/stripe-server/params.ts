/**
 * Requests checked as Stripe checks them, against Stripe's own definition of each endpoint
 * (definitions/stripe-api.json, extracted from stripe-node's generated types): an unknown parameter, a missing
 * required one, or an enum value Stripe does not document is refused with Stripe's 400 and nothing is done.
 */
import { readFileSync } from 'node:fs';
import { invalid } from './errors';
import type { FormObject } from './form';
import type { StripeApiDefinitions } from './definitions/extract';

export const definitions = JSON.parse(readFileSync(new URL('./definitions/stripe-api.json', import.meta.url), 'utf8')) as StripeApiDefinitions;

/** Renamed by API 2026-09-30 (payment_method_types -> allowed_payment_method_types): which one a request may use depends on its API version, checked by the ledger. */
const VERSIONED = new Set(['payment_method_types']);

export function checkParams(endpoint: string, params: FormObject): void {
  const accepted = definitions.endpoints[endpoint];
  if (!accepted) throw new Error(`no Stripe definition for ${endpoint}: add it to definitions/extract.ts`);
  for (const name of Object.keys(params)) {
    if (!accepted[name] && !VERSIONED.has(name)) throw invalid(`Received unknown parameter: ${name}`, { code: 'parameter_unknown', param: name });
  }
  for (const [name, definition] of Object.entries(accepted)) {
    const value = params[name];
    if (definition.required && value === undefined) throw invalid(`Missing required param: ${name}.`, { code: 'parameter_missing', param: name });
    if (definition.enum && value !== undefined && (typeof value !== 'string' || !definition.enum.includes(value))) {
      throw invalid(`Invalid ${name}: must be one of ${oneOf(definition.enum)}`, { code: 'parameter_invalid_string', param: name });
    }
  }
}

const oneOf = (values: string[]): string => (values.length < 2 ? values.join('') : `${values.slice(0, -1).join(', ')}, or ${values.at(-1)}`);
