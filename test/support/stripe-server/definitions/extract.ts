/**
 * Extracts what the loopback Stripe checks requests and responses against from Stripe's API definition as
 * stripe-node carries it (its TypeScript types are generated from Stripe's OpenAPI spec; OPENAPI_VERSION names the
 * spec). For every endpoint the kiosk calls: the parameters Stripe accepts, which are required, and the values of
 * each enum; for every object it answers with: the fields Stripe declares. Written to stripe-api.json, which is
 * committed; stripe-api.test.ts fails when the installed stripe-node says otherwise, so the two never drift.
 *
 *   npx tsx test/support/stripe-server/definitions/extract.ts   # rewrites stripe-api.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The request types of the endpoints the kiosk calls (stripe-node's names), by method and path. */
export const ENDPOINTS = {
  'POST /v1/payment_intents': 'PaymentIntentCreateParams',
  'GET /v1/payment_intents/{id}': 'PaymentIntentRetrieveParams',
  'GET /v1/payment_intents/search': 'PaymentIntentSearchParams',
  'POST /v1/payment_intents/{id}/capture': 'PaymentIntentCaptureParams',
  'POST /v1/payment_intents/{id}/cancel': 'PaymentIntentCancelParams',
  'POST /v1/refunds': 'RefundCreateParams',
  'GET /v1/terminal/readers/{id}': 'Terminal.ReaderRetrieveParams',
  'POST /v1/terminal/readers/{id}/process_payment_intent': 'Terminal.ReaderProcessPaymentIntentParams',
  'POST /v1/terminal/readers/{id}/cancel_action': 'Terminal.ReaderCancelActionParams',
  'POST /v1/test_helpers/terminal/readers/{id}/present_payment_method': 'TestHelpers.Terminal.ReaderPresentPaymentMethodParams',
  'POST /v1/checkout/sessions': 'Checkout.SessionCreateParams',
  'GET /v1/checkout/sessions/{id}': 'Checkout.SessionRetrieveParams',
  'POST /v1/checkout/sessions/{id}/expire': 'Checkout.SessionExpireParams',
} as const;

/** The objects the loopback server answers with. */
export const OBJECTS = {
  payment_intent: 'PaymentIntent',
  charge: 'Charge',
  refund: 'Refund',
  'terminal.reader': 'Terminal.Reader',
  'checkout.session': 'Checkout.Session',
} as const;

export interface ParamDefinition {
  required: boolean;
  /** The documented values, where the parameter is an enum (stripe-node also lets unknown strings through: Stripe refuses them). */
  enum?: string[];
}
export interface StripeApiDefinitions {
  source: string;
  endpoints: Record<string, Record<string, ParamDefinition>>;
  objects: Record<string, string[]>;
}

const here = dirname(fileURLToPath(import.meta.url));
export const DEFINITIONS_FILE = join(here, 'stripe-api.json');

export function extract(): StripeApiDefinitions {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('stripe'); // its exports hide package.json: the package folder holds the entry
  const stripeDir = entry.slice(0, entry.lastIndexOf('/node_modules/stripe/') + '/node_modules/stripe'.length);
  const version = (JSON.parse(readFileSync(join(stripeDir, 'package.json'), 'utf8')) as { version: string }).version;
  const openApi = readFileSync(join(stripeDir, 'OPENAPI_VERSION'), 'utf8').trim();
  const probe = join(here, '__probe__.ts');
  const names: string[] = [...Object.values(ENDPOINTS), ...Object.values(OBJECTS)];
  // The test helpers' types are not re-exported on the Stripe namespace: they are read from their own file.
  const helpers = join(stripeDir, 'esm/resources/TestHelpers/Terminal/Readers.js');
  const text = [
    `import type Stripe from 'stripe';`,
    `import type { TestHelpers } from '${helpers}';`,
    ...names.map((n, i) => `export type T${i} = ${n.startsWith('TestHelpers.') ? n : `Stripe.${n}`};`),
  ].join('\n');
  const host = ts.createCompilerHost({ strict: true });
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => (file === probe ? text : readFile(file));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => file === probe || fileExists(file);
  const program = ts.createProgram([probe], { strict: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, noEmit: true }, host);
  const checker = program.getTypeChecker();
  const aliases = program.getSourceFile(probe)!.statements.filter(ts.isTypeAliasDeclaration);
  const typeOf = (name: string) => {
    const type = checker.getTypeAtLocation(aliases[names.indexOf(name)]!.name);
    if (type.flags & ts.TypeFlags.Any) throw new Error(`stripe-node ${version} has no type ${name}: update ENDPOINTS/OBJECTS`);
    return type;
  };
  const endpoints = Object.fromEntries(Object.entries(ENDPOINTS).map(([endpoint, name]) => [endpoint, paramsOf(checker, typeOf(name))]));
  const objects = Object.fromEntries(Object.entries(OBJECTS).map(([object, name]) => [object, typeOf(name).getProperties().map((p) => p.name).sort()]));
  return { source: `stripe-node ${version} (npm), generated from Stripe's OpenAPI spec ${openApi}: its TypeScript request and object types`, endpoints, objects };
}

function paramsOf(checker: ts.TypeChecker, type: ts.Type): Record<string, ParamDefinition> {
  const params: Record<string, ParamDefinition> = {};
  for (const property of type.getProperties().sort((a, b) => a.name.localeCompare(b.name))) {
    const declared = checker.getNonNullableType(checker.getTypeOfSymbol(property));
    const members = declared.isUnion() ? declared.types : [declared];
    const literals = members.filter((m): m is ts.StringLiteralType => m.isStringLiteral()).map((m) => m.value);
    const onlyStrings = members.every((m) => m.isStringLiteral() || (m.flags & ts.TypeFlags.String) !== 0 || isOtherString(m));
    params[property.name] = {
      required: (property.flags & ts.SymbolFlags.Optional) === 0,
      ...(literals.length > 0 && onlyStrings ? { enum: literals.sort() } : {}),
    };
  }
  return params;
}

/** stripe-node's `OtherString` (string & {}): room for values newer than the types, not a documented value. */
const isOtherString = (type: ts.Type): boolean => type.isIntersection() && type.types.some((t) => (t.flags & ts.TypeFlags.String) !== 0);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(DEFINITIONS_FILE, `${JSON.stringify(extract(), null, 2)}\n`);
  console.log(`wrote ${DEFINITIONS_FILE}`);
}
