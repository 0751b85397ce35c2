/**
 * Head office over HTTPS (protocol.ts; prose in electron/kiosk/sync/PROTOCOL.md). Every request carries the site
 * token as a bearer and is bounded in time; push bodies are gzip'd JSON; every answer is size-capped and parsed with
 * the protocol's schemas before anyone sees it. With a pinned certificate (sha256 of the server's DER certificate)
 * the TLS handshake is finished and the fingerprint compared BEFORE the request (and its token) is written, and the
 * pin replaces the CA check: a site can use head office's self-signed certificate.
 * Plain http is allowed only to a loopback address (tests, a local relay).
 */
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { z } from 'zod';
import { HeadOfficeError, type ConfigPageRequest, type HeadOffice, type OutgoingChange } from './head-office';
import {
  configDeltaSchema,
  dayTotalsResponseSchema,
  errorBodySchema,
  LIMITS,
  pushAckSchema,
  resendAckSchema,
  type ConfigDelta,
  type DayTotal,
  type PushAck,
  type ResendAck,
} from './protocol';

const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The site's head-office settings, validated where they enter (kiosk config, CLI, token file). */
export const headOfficeSettingsSchema = z.strictObject({
  url: z
    .url({ protocol: /^https?$/, error: 'the head office URL must be an http(s) URL' })
    .refine((u) => new URL(u).protocol === 'https:' || LOOPBACK.has(new URL(u).hostname), 'head office must be reached over https (http only on a loopback address)'),
  /** A bearer token: printable ASCII, so it can never break a header. */
  token: z.string().regex(/^[\x21-\x7e]{16,512}$/, 'the site token is 16-512 printable ASCII characters'),
  /** sha256 of the server certificate, hex, with or without colons. */
  pinnedSha256: z
    .string()
    .transform((s) => s.replace(/:/g, '').toLowerCase())
    .pipe(z.string().regex(/^[0-9a-f]{64}$/, 'a pinned certificate is its sha256 fingerprint: 64 hex digits'))
    .nullable()
    .default(null),
  timeoutMs: z.int().min(100).max(120_000).default(15_000),
});
export type HeadOfficeSettings = z.input<typeof headOfficeSettingsSchema>;

type Parsed<S extends z.ZodType> = z.output<S>;

export class HttpHeadOffice implements HeadOffice {
  private readonly settings: z.output<typeof headOfficeSettingsSchema>;
  private readonly base: URL;
  private readonly agent: http.Agent | https.Agent | false;
  private readonly inFlight = new Set<http.ClientRequest>();
  private closed = false;

  constructor(settings: HeadOfficeSettings, private readonly maxResponseBytes: number = LIMITS.maxResponseBytes) {
    this.settings = headOfficeSettingsSchema.parse(settings);
    this.base = new URL(this.settings.url.endsWith('/') ? this.settings.url : `${this.settings.url}/`);
    const secure = this.base.protocol === 'https:';
    // A pinned connection is made by hand per request (see connectPinned), so it cannot come from a pooled agent.
    this.agent = secure ? (this.settings.pinnedSha256 ? false : new https.Agent({ keepAlive: true, maxSockets: 2 })) : new http.Agent({ keepAlive: true, maxSockets: 2 });
  }

  push(after: number, changes: readonly OutgoingChange[]): Promise<PushAck> {
    return this.post('v1/changes', `{"after":${after},"changes":${encodeChanges(changes)}}`, pushAckSchema);
  }

  resend(changes: readonly OutgoingChange[]): Promise<ResendAck> {
    return this.post('v1/changes/missing', `{"changes":${encodeChanges(changes)}}`, resendAckSchema);
  }

  pullConfig(sinceVersion: number, page: ConfigPageRequest = {}): Promise<ConfigDelta> {
    const query = new URLSearchParams({ since: String(sinceVersion) });
    if (page.after) query.set('after', page.after);
    if (page.limit !== undefined) query.set('limit', String(page.limit));
    return this.request('GET', `v1/config?${query.toString()}`, null, configDeltaSchema);
  }

  async dayTotals(days: readonly string[], upToSeq?: number): Promise<DayTotal[]> {
    const answer = await this.post('v1/days', JSON.stringify({ days, upToSeq }), dayTotalsResponseSchema);
    return answer.days;
  }

  /** Cuts requests in flight (they fail as unreachable) and refuses new ones. */
  close(): void {
    this.closed = true;
    for (const req of this.inFlight) req.destroy(new HeadOfficeError('unreachable', 'the head office client was closed'));
    if (this.agent) this.agent.destroy();
  }

  private async post<S extends z.ZodType>(path: string, json: string, schema: S): Promise<Parsed<S>> {
    if (Buffer.byteLength(json) > LIMITS.maxBatchBytes) throw new HeadOfficeError('too_large', `request of ${Buffer.byteLength(json)} bytes exceeds ${LIMITS.maxBatchBytes}`);
    return this.request('POST', path, await gzip(json), schema);
  }

  private async request<S extends z.ZodType>(method: 'GET' | 'POST', path: string, body: Buffer | null, schema: S): Promise<Parsed<S>> {
    const { status, text } = await this.exchange(method, new URL(path, this.base), body);
    const json = parseJson(text, status);
    if (status >= 200 && status < 300) {
      const parsed = schema.safeParse(json);
      if (!parsed.success) throw new HeadOfficeError('invalid_response', `head office's answer to ${method} /${path.split('?')[0]} is not in the protocol: ${z.prettifyError(parsed.error).slice(0, 300)}`);
      return parsed.data as Parsed<S>;
    }
    throw errorFromStatus(status, json);
  }

  private exchange(method: string, url: URL, body: Buffer | null): Promise<{ status: number; text: string }> {
    const { token, timeoutMs, pinnedSha256 } = this.settings;
    const headers: http.OutgoingHttpHeaders = {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      'accept-encoding': 'gzip',
      'user-agent': 'lotkeeper-sync/1',
      ...(body ? { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': body.length } : {}),
    };
    const transport = url.protocol === 'https:' ? https : http;
    // Node uses a request's own createConnection only when it has no agent at all (agent: false makes a fresh one).
    const options: https.RequestOptions = { method, headers, agent: this.agent || undefined };
    if (pinnedSha256) options.createConnection = (_args, done) => connectPinned(url, pinnedSha256, done);
    if (this.closed) return Promise.reject(new HeadOfficeError('unreachable', 'the head office client was closed'));
    return new Promise((resolve, reject) => {
      const req = transport.request(url, options, (res) => {
        readCapped(res, this.maxResponseBytes)
          .then(async (raw) => ({ status: res.statusCode ?? 0, text: await decode(raw, res.headers['content-encoding'], this.maxResponseBytes) }))
          .then(resolve, reject)
          .finally(() => {
            clearTimeout(timer);
            this.inFlight.delete(req);
          });
      });
      this.inFlight.add(req);
      const timer = setTimeout(() => req.destroy(new HeadOfficeError('timeout', `head office did not answer within ${timeoutMs} ms`)), timeoutMs);
      req.on('error', (error) => {
        clearTimeout(timer);
        this.inFlight.delete(req);
        reject(error instanceof HeadOfficeError ? error : new HeadOfficeError('unreachable', `head office unreachable: ${networkReason(error)}`, null, { cause: error }));
      });
      req.end(body ?? undefined);
    });
  }
}

/** The raw JSON text of each outbox row is spliced in as is: no parse and re-encode for every change sent. */
function encodeChanges(changes: readonly OutgoingChange[]): string {
  const parts = changes.map(
    (c) => `{"seq":${c.seq},"key":${JSON.stringify(c.key)},"kind":${JSON.stringify(c.kind)},"day":"${c.day}","createdAt":${c.createdAt},"payload":${c.payloadJson}}`,
  );
  return `[${parts.join(',')}]`;
}

/** TLS first, pin checked, and only then the socket is handed to the request that writes headers and token. */
function connectPinned(url: URL, pinnedSha256: string, done: (error: Error | null, socket: Duplex) => void): undefined {
  const socket = tls.connect({ host: url.hostname, port: Number(url.port || 443), servername: url.hostname, rejectUnauthorized: false });
  socket.once('secureConnect', () => {
    const presented = socket.getPeerCertificate().fingerprint256?.replace(/:/g, '').toLowerCase();
    if (presented === pinnedSha256) return done(null, socket);
    socket.destroy();
    done(new HeadOfficeError('pin_mismatch', `head office presented certificate sha256 ${presented ?? 'none'}, not the pinned one: nothing was sent`), socket);
  });
  socket.once('error', (error) => done(error, socket));
  return undefined;
}

function readCapped(stream: http.IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        stream.destroy();
        reject(new HeadOfficeError('invalid_response', `head office's answer is larger than ${max} bytes`));
      } else chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', (error) => reject(new HeadOfficeError('unreachable', `head office's answer was cut: ${networkReason(error)}`, null, { cause: error })));
  });
}

async function decode(raw: Buffer, encoding: string | undefined, max: number): Promise<string> {
  if (!encoding || encoding === 'identity') return raw.toString('utf8');
  if (encoding !== 'gzip') throw new HeadOfficeError('invalid_response', `head office answered in an unknown encoding "${encoding.slice(0, 20)}"`);
  try {
    return (await gunzip(raw, { maxOutputLength: max })).toString('utf8');
  } catch (error) {
    throw new HeadOfficeError('invalid_response', `head office's gzip answer is corrupt or larger than ${max} bytes`, null, { cause: error });
  }
}

function parseJson(text: string, status: number): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    if (status >= 500) return null; // a proxy's HTML error page: the status says enough
    throw new HeadOfficeError('invalid_response', `head office answered ${status} with something that is not JSON (${text.length} bytes)`);
  }
}

function errorFromStatus(status: number, json: unknown): HeadOfficeError {
  const body = errorBodySchema.safeParse(json);
  const said = body.success ? `${body.data.error.code}: ${body.data.error.message.slice(0, 200)}` : `HTTP ${status}`;
  if (status === 401 || status === 403) return new HeadOfficeError('unauthorized', `head office refused the site token (${said})`);
  if (status === 409 && body.success && body.data.error.code === 'out_of_order' && body.data.error.ackSeq !== undefined) {
    return new HeadOfficeError('out_of_order', said, body.data.error.ackSeq);
  }
  if (status === 413) return new HeadOfficeError('too_large', `head office refused the batch for its size (${said})`);
  if (status >= 500 || status === 429) return new HeadOfficeError('server_error', `head office failed (${said})`);
  return new HeadOfficeError('rejected', `head office refused the request (${said})`);
}

function networkReason(error: unknown): string {
  const code = (error as { code?: string }).code;
  return code ?? (error instanceof Error ? error.message : String(error));
}
