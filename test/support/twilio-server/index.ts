/**
 * A loopback Twilio: the Messages endpoints our SMS driver uses, in Twilio's REST wire format, driven by the real
 * `twilio` SDK through redirectingRequestClient (TwilioSms with a relay URL). Basic auth (account SID : auth token), form-encoded creates,
 * snake_case JSON resources with RFC 2822 dates, list pages under "messages", Twilio's error JSON
 * ({ code, message, more_info, status }), and fault injection. Carrier behaviour: native/sms/carrier.ts.
 * Requests and answers are held to Twilio's published definitions of these operations (definitions.ts).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { CarrierError, SmsCarrier, type CarrierMessage } from '../../../native/sms/carrier';
import { loopbackListener } from '../loopback-server';
import { checkRequest, MESSAGE, MESSAGES, operation, responseSchema, schemaProblems, type Operation } from './definitions';

export type TwilioFault = 'error500' | 'rate429' | 'hang' | 'drop_before' | 'drop_after';

export interface TwilioServer {
  readonly port: number;
  readonly url: string;
  readonly accountSid: string;
  readonly authToken: string;
  readonly carrier: SmsCarrier;
  /** Requests as received: method, path, and the form fields of creates. */
  readonly requests: { method: string; path: string; form: Record<string, string> }[];
  /** Parameters Twilio would have ignored with warning 20001 (it does not define them): the kiosk should cause none. */
  readonly warnings: { code: 20001; method: string; path: string; param: string }[];
  inject(fault: TwilioFault, options?: { method?: string; times?: number }): void;
  close(): Promise<void>;
}

const API = '/2010-04-01';
const rfc2822 = (ms: number) => new Date(ms).toUTCString().replace('GMT', '+0000');

function resource(accountSid: string, m: CarrierMessage) {
  const uri = `${API}/Accounts/${accountSid}/Messages/${m.sid}.json`;
  return {
    account_sid: accountSid,
    api_version: '2010-04-01',
    body: m.body,
    date_created: rfc2822(m.createdAt),
    date_sent: m.status === 'queued' ? null : rfc2822(m.createdAt),
    date_updated: rfc2822(m.createdAt),
    direction: 'outbound-api',
    error_code: m.errorCode,
    error_message: m.errorMessage,
    // Sent through a messaging service, Twilio names the service and no sender until it picks one from the pool.
    from: m.from.startsWith('MG') ? null : m.from,
    messaging_service_sid: m.from.startsWith('MG') ? m.from : null,
    num_media: '0',
    num_segments: String(Math.max(1, Math.ceil(m.body.length / 153))),
    price: null,
    price_unit: 'USD',
    sid: m.sid,
    status: m.status,
    subresource_uris: { media: uri.replace('.json', '/Media.json') },
    to: m.to,
    uri,
  };
}

const errorBody = (code: number, status: number, message: string) => ({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

export async function startTwilioServer(options: { accountSid?: string; authToken?: string; messagingServices?: string[] } = {}): Promise<TwilioServer> {
  const accountSid = options.accountSid ?? `AC${'0'.repeat(31)}1`;
  /** The account's messaging services: any other MessagingServiceSid, well-formed or not, is refused with 21705. */
  const messagingServices = new Set(options.messagingServices ?? []);
  const authToken = options.authToken ?? randomBytes(16).toString('hex');
  const carrier = new SmsCarrier();
  const requests: TwilioServer['requests'] = [];
  const warnings: TwilioServer['warnings'] = [];
  const faults: { fault: TwilioFault; method?: string; left: number }[] = [];

  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Twilio-Request-Id': `RQ${randomBytes(16).toString('hex')}` });
    res.end(text);
  };

  function takeFault(method: string): TwilioFault | null {
    const hit = faults.find((f) => f.left > 0 && (!f.method || f.method === method));
    if (!hit) return null;
    hit.left--;
    return hit.fault;
  }

  /** Twilio's check of the parameters: undefined ones ignored with a warning, a value it refuses answered 400. */
  function refusal(method: string, url: URL, params: URLSearchParams, op: Operation): [number, unknown] | null {
    const { ignored, invalid } = checkRequest(op, params);
    for (const param of ignored) warnings.push({ code: 20001, method, path: url.pathname, param });
    if (!invalid) return null;
    if (invalid.name === 'MessagingServiceSid') return [400, errorBody(21705, 400, 'The Messaging Service Sid is invalid.')];
    return [400, errorBody(400, 400, `Invalid parameter ${invalid.name}: ${invalid.problem}`)]; // https://www.twilio.com/docs/api/errors/400
  }

  /** A success answer must be what Twilio declares for the operation: else the fake is wrong, and says so. */
  function declared(op: Operation, answer: [number, unknown]): [number, unknown] {
    const problems = schemaProblems(responseSchema(op), answer[1]);
    if (problems.length > 0) throw new Error(`the loopback Twilio's ${op.operationId} answer breaks Twilio's schema: ${problems.join('; ')}`);
    return answer;
  }

  function route(method: string, url: URL, form: URLSearchParams): [number, unknown] {
    const base = `${API}/Accounts/${accountSid}/Messages`;
    if (method === 'POST' && url.pathname === `${base}.json`) {
      const op = operation(MESSAGES, 'post');
      const refused = refusal(method, url, form, op);
      if (refused) return refused;
      const service = form.get('MessagingServiceSid');
      const sender = form.get('From') ?? service;
      if (!form.get('To')) return [400, errorBody(21604, 400, "A 'To' phone number is required.")];
      if (!sender) return [400, errorBody(21603, 400, "A 'From' phone number is required.")];
      if (service !== null && !messagingServices.has(service)) return [400, errorBody(21705, 400, 'The Messaging Service Sid is invalid.')];
      return declared(op, [201, resource(accountSid, carrier.create(form.get('To')!, sender, form.get('Body') ?? ''))]);
    }
    const one = new RegExp(`^${base}/((?:SM|MM)[0-9a-f]{32})\\.json$`).exec(url.pathname);
    if (method === 'GET' && one) {
      const op = operation(MESSAGE, 'get');
      return refusal(method, url, url.searchParams, op) ?? declared(op, [200, resource(accountSid, carrier.fetch(one[1]!))]);
    }
    if (method === 'GET' && url.pathname === `${base}.json`) {
      const op = operation(MESSAGES, 'get');
      const refused = refusal(method, url, url.searchParams, op);
      if (refused) return refused;
      const after = url.searchParams.get('DateSent>');
      const pageSize = Number(url.searchParams.get('PageSize') ?? 50);
      const messages = carrier.list(url.searchParams.get('To'), after ? Date.parse(after) : null).slice(0, pageSize);
      return declared(op, [200, { messages: messages.map((m) => resource(accountSid, m)), end: Math.max(0, messages.length - 1), first_page_uri: url.pathname + url.search, next_page_uri: null, page: 0, page_size: pageSize, previous_page_uri: null, start: 0, uri: url.pathname + url.search }]);
    }
    return [404, errorBody(20404, 404, `The requested resource ${url.pathname} was not found`)];
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    requests.push({ method, path: url.pathname, form: Object.fromEntries(form) });
    const fault = takeFault(method);
    if (fault === 'hang') return;
    if (fault === 'drop_before') return void req.socket.destroy();
    if (fault === 'error500') return send(res, 500, errorBody(20500, 500, 'Internal Server Error'));
    if (fault === 'rate429') return send(res, 429, errorBody(20429, 429, 'Too Many Requests'));
    if (req.headers.authorization !== `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`) {
      return send(res, 401, errorBody(20003, 401, 'Authenticate'));
    }
    let answer: [number, unknown];
    try {
      answer = route(method, url, form);
    } catch (error) {
      if (!(error instanceof CarrierError)) throw error;
      answer = [error.status, errorBody(error.code, error.status, error.message)];
    }
    if (fault === 'drop_after') return void req.socket.destroy(); // the work is done; the answer is lost
    send(res, answer[0], answer[1]);
  }

  const listener = loopbackListener(() => createServer((req, res) => void handle(req, res).catch((error: unknown) => send(res, 500, errorBody(20500, 500, `loopback bug: ${String(error)}`)))));
  await listener.start();
  const { port } = listener;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    carrier,
    requests,
    warnings,
    inject: (fault, o = {}) => void faults.push({ fault, method: o.method, left: o.times ?? 1 }),
    close: listener.stop,
  };
}
