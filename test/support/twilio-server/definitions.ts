/**
 * The loopback Twilio held to Twilio's published OpenAPI definitions of the Messages operations the kiosk calls
 * (definitions/twilio-api-v2010.json: an excerpt of twilio/twilio-oai's twilio_api_v2010.json, with its commit).
 * Requests are checked as Twilio checks them: a parameter Twilio does not define is ignored with warning 20001
 * ("One or more parameters you sent the REST API were not recognized and were ignored",
 * https://www.twilio.com/docs/api/errors/20001), recorded so tests can insist the kiosk never causes one; a value
 * outside its enum, pattern, type or range is refused with 400. Answers are checked against the schemas they
 * claim, so the fake cannot drift from what Twilio declares.
 *
 * The schema checker knows exactly the keywords the excerpt uses and refuses any other, so a newer excerpt can
 * never be half-checked in silence.
 */
import { readFileSync } from 'node:fs';

export interface OpenApiSchema {
  readonly type?: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';
  readonly $ref?: string;
  readonly nullable?: boolean;
  readonly enum?: readonly string[];
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly format?: string;
  readonly title?: string;
  readonly properties?: Readonly<Record<string, OpenApiSchema>>;
  readonly required?: readonly string[];
  readonly items?: OpenApiSchema;
}
interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly schema: OpenApiSchema;
  readonly required?: boolean;
}
export interface Operation {
  readonly operationId: string;
  readonly parameters: readonly Parameter[];
  readonly requestBody?: { content: { 'application/x-www-form-urlencoded': { schema: OpenApiSchema } } };
  readonly responses: Readonly<Record<string, { content: { 'application/json': { schema: OpenApiSchema } } }>>;
  readonly 'x-twilio'?: { conditional: string[][] };
}
export interface TwilioDefinitions {
  readonly source: Readonly<Record<string, string>>;
  readonly paths: Readonly<Record<string, Readonly<Record<'get' | 'post', Operation>>>>;
  readonly components: { schemas: Readonly<Record<string, OpenApiSchema>> };
}

export const definitions = JSON.parse(readFileSync(new URL('./definitions/twilio-api-v2010.json', import.meta.url), 'utf8')) as TwilioDefinitions;

export const MESSAGES = '/2010-04-01/Accounts/{AccountSid}/Messages.json';
export const MESSAGE = '/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json';

export function operation(path: typeof MESSAGES | typeof MESSAGE, method: 'get' | 'post'): Operation {
  const found = definitions.paths[path]?.[method];
  if (!found) throw new Error(`no Twilio definition for ${method.toUpperCase()} ${path}`);
  return found;
}

const RFC_2822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/;
/** What each format of the excerpt means; phone numbers are Twilio's to judge (21211 and kin, see carrier.ts). */
const FORMATS: Record<string, (value: unknown) => boolean> = {
  'phone-number': (v) => typeof v === 'string' && v.length > 0,
  'date-time-rfc-2822': (v) => typeof v === 'string' && RFC_2822.test(v),
  'date-time': (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
  uri: (v) => typeof v === 'string' && /^(\/|[a-z][a-z0-9+.-]*:)/i.test(v),
  currency: (v) => typeof v === 'string' && /^[A-Za-z]{3}$/.test(v),
  'uri-map': (v) => typeof v === 'object' && v !== null && Object.values(v).every((u) => FORMATS['uri']!(u)),
  int64: (v) => Number.isSafeInteger(v),
};
const KEYWORDS = new Set(['type', '$ref', 'nullable', 'enum', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'format', 'title', 'properties', 'required', 'items']);

const TYPES: Record<NonNullable<OpenApiSchema['type']>, (value: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  integer: (v) => Number.isSafeInteger(v),
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  boolean: (v) => typeof v === 'boolean',
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  array: (v) => Array.isArray(v),
};

function resolve(ref: string): OpenApiSchema {
  const name = ref.replace('#/components/schemas/', '');
  const schema = definitions.components.schemas[name];
  if (!schema) throw new Error(`the Twilio excerpt has no schema ${ref}`);
  return schema;
}

/**
 * Where `value` breaks `schema`, one line per problem ('' when none). Objects with declared properties are closed:
 * a field Twilio does not declare is a problem, as in the Stripe check.
 */
export function schemaProblems(schema: OpenApiSchema, value: unknown, at = '$'): string[] {
  const unknownKeyword = Object.keys(schema).find((k) => !KEYWORDS.has(k));
  if (unknownKeyword) throw new Error(`the schema checker does not know "${unknownKeyword}" (at ${at}): extend it before using the newer excerpt`);
  if (value === null) return schema.nullable ? [] : [`${at} is null`];
  const problems: string[] = [];
  if (schema.$ref) problems.push(...schemaProblems(resolve(schema.$ref), value, at));
  if (schema.type && !TYPES[schema.type](value)) return [...problems, `${at} is not ${schema.type}`];
  if (schema.enum && !schema.enum.includes(value as string)) problems.push(`${at} "${String(value)}" is not one of ${schema.enum.join(', ')}`);
  if (typeof value === 'string') problems.push(...stringProblems(schema, value, at));
  if (typeof value === 'number' && ((schema.minimum !== undefined && value < schema.minimum) || (schema.maximum !== undefined && value > schema.maximum))) problems.push(`${at} ${value} is out of range`);
  if (schema.format && !FORMATS[schema.format]?.(value)) problems.push(`${at} is not a ${schema.format}`);
  if (Array.isArray(value) && schema.items) value.forEach((item, i) => problems.push(...schemaProblems(schema.items!, item, `${at}[${i}]`)));
  if (schema.properties && TYPES.object(value)) problems.push(...objectProblems(schema, value as Record<string, unknown>, at));
  return problems;
}

function stringProblems(schema: OpenApiSchema, value: string, at: string): string[] {
  const problems: string[] = [];
  if (schema.pattern && !new RegExp(schema.pattern).test(value)) problems.push(`${at} does not match ${schema.pattern}`);
  if ((schema.minLength !== undefined && value.length < schema.minLength) || (schema.maxLength !== undefined && value.length > schema.maxLength)) problems.push(`${at} has the wrong length`);
  return problems;
}

function objectProblems(schema: OpenApiSchema, value: Record<string, unknown>, at: string): string[] {
  const declared = schema.properties!;
  return [
    ...Object.keys(value).filter((key) => !(key in declared)).map((key) => `${at}.${key} is not declared`),
    ...(schema.required ?? []).filter((key) => !(key in value)).map((key) => `${at}.${key} is missing`),
    ...Object.entries(value).filter(([key]) => key in declared).flatMap(([key, v]) => schemaProblems(declared[key]!, v, `${at}.${key}`)),
  ];
}

/** A form or query value as the schema sees it: Twilio's wire is all strings. */
function typed(schema: OpenApiSchema, values: string[]): unknown {
  const one = (raw: string, s: OpenApiSchema): unknown => {
    const type = s.type ?? (s.$ref ? resolve(s.$ref).type : undefined);
    if (type === 'integer' || type === 'number') return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
    if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
    return raw;
  };
  return schema.type === 'array' ? values.map((v) => one(v, schema.items ?? {})) : one(values[0]!, schema);
}

export interface RequestCheck {
  /** Parameters Twilio would ignore with warning 20001. */
  readonly ignored: string[];
  /** The first parameter whose value Twilio refuses, with why. */
  readonly invalid: { name: string; problem: string } | null;
}

/** Checks a request's form (POST) or query (GET) against the operation's declared parameters. */
export function checkRequest(op: Operation, params: URLSearchParams): RequestCheck {
  const declared: Record<string, OpenApiSchema> = op.requestBody
    ? { ...op.requestBody.content['application/x-www-form-urlencoded'].schema.properties }
    : Object.fromEntries(op.parameters.filter((p) => p.in === 'query').map((p) => [p.name, p.schema]));
  const names = [...new Set(params.keys())];
  const ignored = names.filter((name) => !(name in declared));
  for (const name of names.filter((n) => n in declared)) {
    const problem = schemaProblems(declared[name]!, typed(declared[name]!, params.getAll(name)), name)[0];
    if (problem) return { ignored, invalid: { name, problem } };
  }
  return { ignored, invalid: null };
}

/** The schema an operation answers a success with. */
export function responseSchema(op: Operation): OpenApiSchema {
  const success = Object.entries(op.responses).find(([status]) => status.startsWith('2'));
  if (!success) throw new Error(`${op.operationId} declares no success answer`);
  return success[1].content['application/json'].schema;
}
