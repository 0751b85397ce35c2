/**
 * Stripe's request encoding: application/x-www-form-urlencoded with bracketed keys, as stripe-node writes them
 * (qs-style): `metadata[attempt]=x`, `payment_method_types[0]=card_present`, `expand[]=latest_charge`. Decoded into
 * plain objects and arrays so handlers see what the caller passed to the SDK.
 */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

export class FormError extends Error {}

/** `a[b][0]` -> ['a', 'b', '0']; `a[]` -> ['a', '']. */
function keyPath(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match) throw new FormError(`Invalid parameter name: ${key}`);
  const rest = [...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!);
  return [match[1]!, ...rest];
}

function assign(target: FormObject | FormValue[], path: string[], value: string, fullKey: string): void {
  const [head, ...tail] = path;
  if (head === undefined) return;
  const isArray = Array.isArray(target);
  const slot = isArray ? (head === '' ? target.length : Number(head)) : head;
  if (isArray && !Number.isInteger(slot)) throw new FormError(`Invalid array index in ${fullKey}`);
  const container = target as Record<string | number, FormValue>;
  if (tail.length === 0) {
    container[slot] = value;
    return;
  }
  let next = container[slot];
  if (next === undefined) {
    next = tail[0] === '' || /^\d+$/.test(tail[0]!) ? [] : {};
    container[slot] = next;
  }
  if (typeof next === 'string') throw new FormError(`Parameter ${fullKey} mixes a value and a hash`);
  assign(next, tail, value, fullKey);
}

/** Decodes a form body or a query string. */
export function decodeForm(text: string): FormObject {
  const result: FormObject = {};
  for (const [key, value] of new URLSearchParams(text)) assign(result, keyPath(key), value, key);
  return result;
}

/** A canonical text of the parameters, to tell "same request" from "different request" under one idempotency key. */
export function canonical(value: FormValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
    .join(',')}}`;
}
