/**
 * A loopback head office speaking electron/kiosk/sync/PROTOCOL.md (schemas: native/headoffice/protocol.ts), over
 * http or https (self-signed certificate, for the pinning tests). It stores what it receives in a HeadOfficeLedger
 * (one change per idempotency key), checks the bearer token, refuses oversized or malformed requests like a real
 * one, and injects faults: 500s, hangs (timeouts), dropped connections before or after storing, stale (duplicated)
 * acks, wrong acks, and malformed or oversized answers.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { HeadOfficeLedger, InvalidCursorError, OutOfOrderError } from '../../../native/headoffice/ledger';
import { configPullQuerySchema, dayTotalsRequestSchema, LIMITS, pushRequestSchema, resendRequestSchema } from '../../../native/headoffice/protocol';
import { loopbackListener } from '../loopback-server';

export type HeadOfficeFault =
  | 'error500' // answer 500 before doing anything
  | 'hang' // never answer
  | 'drop_before' // cut the connection without storing
  | 'drop_after' // store, then cut the connection: the site never hears the ack
  | 'hang_after' // store, then never answer (the site is killed while it waits, in the crash test)
  | 'stale_ack' // store, then answer the ack of the previous request (a duplicated ack)
  | 'wrong_ack' // store only the first half of the batch but acknowledge all of it
  | 'future_ack' // store, then acknowledge far beyond anything the site has sent
  | 'garbage' // 200 with a body that is not JSON
  | 'bad_shape' // 200 with JSON that is not the protocol's
  | 'oversized' // 200 with a body far beyond any sane answer
  | 'gzip_bomb'; // 200 with a small gzip body that inflates far beyond any sane answer

export interface HeadOfficeServer {
  readonly url: string;
  readonly token: string;
  readonly ledger: HeadOfficeLedger;
  /** sha256 of the certificate (https only). */
  readonly fingerprint: string | null;
  readonly requests: { method: string; path: string; status: number | null; authorization: string | null }[];
  inject(fault: HeadOfficeFault, options?: { path?: RegExp; times?: number }): void;
  clearFaults(): void;
  /** A network cut: the port refuses connections and open ones are cut; the ledger is kept for up(). */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A self-signed certificate for 127.0.0.1, made once per test process with openssl (no private key lives in the
 * repository), and its sha256 fingerprint for the pinning tests.
 */
function makeTestCertificate(): { key: Buffer; cert: Buffer; sha256: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lotkeeper-test-cert-'));
  try {
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const cert = readFileSync(certFile);
    const sha256 = new X509Certificate(cert).fingerprint256.replaceAll(':', '').toLowerCase();
    return { key: readFileSync(keyFile), cert, sha256 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
let testCertificate: ReturnType<typeof makeTestCertificate> | undefined;
export const TEST_CERT = {
  get key() {
    return (testCertificate ??= makeTestCertificate()).key;
  },
  get cert() {
    return (testCertificate ??= makeTestCertificate()).cert;
  },
  get sha256() {
    return (testCertificate ??= makeTestCertificate()).sha256;
  },
};

const json = (res: ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};
/** Large answers go gzip'd when the site accepts it, as a real server's compression would send them. */
const answerJson = (req: IncomingMessage, res: ServerResponse, body: unknown) => {
  const text = JSON.stringify(body);
  if (text.length < 1024 || !/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) return json(res, 200, body);
  const zipped = gzipSync(text);
  res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': zipped.length });
  res.end(zipped);
};
const sendBody = (res: ServerResponse, headers: Record<string, string>, body: Buffer) => {
  res.writeHead(200, { ...headers, 'content-length': body.length });
  res.end(body);
};

/**
 * The large canned answers are built once per process, when the fault is injected: a fault test then measures the
 * client's limits, not how fast this server can compress 32 MiB (which, on a loaded CI machine, outlasted the
 * client's timeout and turned the expected invalid_response into a timeout).
 */
let oversized: Buffer | undefined;
const oversizedAnswer = (): Buffer => (oversized ??= Buffer.from(JSON.stringify({ padding: 'x'.repeat(LIMITS.maxResponseBytes + 1) })));
let bomb: Buffer | undefined;
/**
 * {"padding":"<32 MiB of spaces>"} as a few kilobytes of gzip: a multi-member stream (RFC 1952 2.2) repeating one
 * compressed mebibyte, so it costs milliseconds to make and inflates to four times what the site may read.
 */
function gzipBomb(): Buffer {
  if (bomb) return bomb;
  const mebibyte = gzipSync(' '.repeat(1024 * 1024));
  const members = Array.from({ length: (4 * LIMITS.maxResponseBytes) / (1024 * 1024) }, () => mebibyte);
  return (bomb = Buffer.concat([gzipSync('{"padding":"'), ...members, gzipSync('"}')]));
}
function prepareAnswer(fault: HeadOfficeFault): void {
  if (fault === 'oversized') oversizedAnswer();
  if (fault === 'gzip_bomb') gzipBomb();
}

const error = (res: ServerResponse, status: number, code: string, message: string, ackSeq?: number) =>
  json(res, status, { error: ackSeq === undefined ? { code, message } : { code, message, ackSeq } });

class RequestError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > LIMITS.maxCompressedBytes) throw new RequestError(413, 'too_large', `body over ${LIMITS.maxCompressedBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  let raw = Buffer.concat(chunks);
  if (req.headers['content-encoding'] === 'gzip') {
    try {
      raw = gunzipSync(raw, { maxOutputLength: LIMITS.maxBatchBytes });
    } catch {
      throw new RequestError(413, 'too_large', 'body is not gzip, or inflates beyond the limit');
    }
  }
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new RequestError(400, 'invalid_request', 'body is not JSON');
  }
}

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } }, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new RequestError(400, 'invalid_request', result.error.issues[0]?.message ?? 'invalid');
  return result.data;
}

export async function startHeadOfficeServer(options: { tls?: boolean; token?: string } = {}): Promise<HeadOfficeServer> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const ledger = new HeadOfficeLedger();
  const requests: HeadOfficeServer['requests'] = [];
  let faults: { fault: HeadOfficeFault; path?: RegExp; left: number }[] = [];
  let lastAck = 0;

  function takeFault(path: string): HeadOfficeFault | null {
    const hit = faults.find((f) => f.left > 0 && (!f.path || f.path.test(path)));
    if (!hit) return null;
    hit.left--;
    return hit.fault;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record = { method: req.method ?? 'GET', path: url.pathname, status: null as number | null, authorization: req.headers.authorization ?? null };
    requests.push(record);
    res.on('finish', () => (record.status = res.statusCode));
    const fault = takeFault(url.pathname);
    if (fault === 'hang') return;
    if (fault === 'drop_before') return void req.socket.destroy();
    if (fault === 'error500') return error(res, 500, 'internal', 'head office is having a bad day');
    if (fault === 'garbage') return void res.writeHead(200, { 'content-type': 'application/json' }).end('<html>gateway</html>');
    if (fault === 'bad_shape') return json(res, 200, { ackSeq: 'lots', days: 'many', version: -1 });
    if (fault === 'oversized') return sendBody(res, { 'content-type': 'application/json' }, oversizedAnswer());
    if (fault === 'gzip_bomb') return sendBody(res, { 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipBomb());
    if (req.headers.authorization !== `Bearer ${token}`) return error(res, 401, 'unauthorized', 'unknown site token');
    try {
      const answer = await route(req, url, fault);
      if (fault === 'drop_after') return void req.socket.destroy();
      if (fault === 'hang_after') return;
      answerJson(req, res, answer);
    } catch (thrown) {
      if (thrown instanceof OutOfOrderError) return error(res, 409, 'out_of_order', thrown.message, thrown.ackSeq);
      if (thrown instanceof RequestError) return error(res, thrown.status, thrown.code, thrown.message);
      throw thrown;
    }
  }

  async function route(req: IncomingMessage, url: URL, fault: HeadOfficeFault | null): Promise<unknown> {
    const at = `${req.method} ${url.pathname}`;
    if (at === 'POST /v1/changes') {
      const push = parse(pushRequestSchema, await readBody(req));
      if (fault === 'wrong_ack') {
        const half = push.changes.slice(0, Math.ceil(push.changes.length / 2));
        ledger.push(push.after, half);
        return { ackSeq: push.changes.at(-1)!.seq };
      }
      if (fault === 'future_ack') return { ackSeq: ledger.push(push.after, push.changes).ackSeq + 1_000_000 };
      const previous = lastAck;
      const ack = ledger.push(push.after, push.changes);
      lastAck = ack.ackSeq;
      return fault === 'stale_ack' ? { ackSeq: previous } : ack;
    }
    if (at === 'POST /v1/changes/missing') return ledger.resend(parse(resendRequestSchema, await readBody(req)).changes);
    if (at === 'POST /v1/days') {
      const request = parse(dayTotalsRequestSchema, await readBody(req));
      return { days: ledger.dayTotals(request.days, request.upToSeq) };
    }
    if (at === 'GET /v1/config') {
      const query = parse(configPullQuerySchema, Object.fromEntries(url.searchParams));
      try {
        return ledger.configPage(query.since, query);
      } catch (thrown) {
        if (thrown instanceof InvalidCursorError) throw new RequestError(400, 'invalid_request', thrown.message);
        throw thrown;
      }
    }
    throw new RequestError(404, 'invalid_request', `no endpoint ${at}`);
  }

  const make = (): Server => {
    const handler = (req: IncomingMessage, res: ServerResponse) =>
      void handle(req, res).catch((thrown: unknown) => error(res, 500, 'internal', `loopback bug: ${String(thrown)}`));
    return options.tls ? createHttps({ key: TEST_CERT.key, cert: TEST_CERT.cert }, handler) : createHttp(handler);
  };
  const listener = loopbackListener(make);
  await listener.start();
  return {
    get url() {
      return `${options.tls ? 'https' : 'http'}://${options.tls ? 'localhost' : '127.0.0.1'}:${listener.port}`;
    },
    token,
    ledger,
    fingerprint: options.tls ? TEST_CERT.sha256 : null,
    requests,
    inject(fault, o = {}) {
      prepareAnswer(fault);
      faults.push({ fault, path: o.path, left: o.times ?? 1 });
    },
    clearFaults: () => void (faults = []),
    down: listener.stop,
    up: listener.start,
    close: listener.stop,
  };
}
