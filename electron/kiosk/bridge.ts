import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { requestFrameSchema, type ServerFrame } from './contract';
import type { Kiosk } from './kiosk';

/**
 * The contract over a loopback WebSocket, for a console in a browser and for the e2e tests. It listens on 127.0.0.1
 * only and accepts a socket only from a page it served itself: the Origin must be its own (a missing one is refused:
 * any local program could open the socket otherwise) and the Host must be the address it is bound to (a page on a
 * name rebound to 127.0.0.1 sends its own name). Each socket logs in like an Electron window does, a limited number
 * of times.
 */
export interface BridgeOptions {
  readonly port: number;
  /** The built console (dist/renderer); null serves the socket only. */
  readonly staticDir: string | null;
}

export interface Bridge {
  readonly url: string;
  close(): Promise<void>;
}

const MAX_FRAME_BYTES = 256 * 1024;
/** Login attempts one socket may make before it is closed (the core also limits attempts per console per minute). */
export const MAX_LOGINS_PER_SOCKET = 20;
/** WebSocket close code 1008: policy violation. */
const POLICY_VIOLATION = 1008;
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};
const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

export async function startBridge(kiosk: Kiosk, options: BridgeOptions): Promise<Bridge> {
  let ownHosts = new Set<string>();
  const server = createServer((request, response) => {
    if (!ownHosts.has(request.headers.host ?? '')) response.writeHead(403, SECURITY_HEADERS).end();
    else serveStatic(options.staticDir, request, response);
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  ownHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = new Set([...ownHosts].map((host) => `http://${host}`));
  server.on('upgrade', (request, socket, head) => {
    const { origin, host } = request.headers;
    if (request.url !== '/ws' || origin === undefined || !origins.has(origin) || !ownHosts.has(host ?? '')) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => attach(kiosk, ws, `ws:${request.socket.remotePort}`));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      for (const ws of sockets.clients) ws.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await closeServer(server);
    },
  };
}

function attach(kiosk: Kiosk, ws: WebSocket, peer: string): void {
  const connection = kiosk.connect(peer);
  const send = (frame: ServerFrame) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(frame));
  connection.onEvent((name, payload) => send({ type: 'event', name, payload }));
  let logins = 0;
  ws.on('message', (data, isBinary) => {
    const frame = isBinary ? undefined : parseFrame(data.toString());
    if (!frame) {
      send({ type: 'result', id: 0, result: { ok: false, error: { code: 'invalid_input', message: 'a frame is JSON {id, call, input}' } } });
      return;
    }
    if (frame.call === 'auth.login' && ++logins > MAX_LOGINS_PER_SOCKET) {
      ws.close(POLICY_VIOLATION, 'too many login attempts on this socket');
      return;
    }
    void connection.call(frame.call, frame.input).then((result) => send({ type: 'result', id: frame.id, result }));
  });
  ws.on('close', () => connection.close());
  ws.on('error', () => ws.terminate());
}

function parseFrame(text: string) {
  try {
    const parsed = requestFrameSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function serveStatic(root: string | null, request: IncomingMessage, response: ServerResponse): void {
  const pathname = decodeURIComponentSafe(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
  const file = root && pathname !== null ? resolveInside(root, pathname === '/' ? '/index.html' : pathname) : null;
  if (request.method !== 'GET' || !file) {
    response.writeHead(request.method === 'GET' ? 404 : 405, SECURITY_HEADERS).end();
    return;
  }
  response.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
  createReadStream(file).pipe(response);
}

function decodeURIComponentSafe(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

/** Refuses anything that would step outside the served folder. */
function resolveInside(root: string, pathname: string): string | null {
  const file = normalize(join(root, pathname));
  if (!file.startsWith(normalize(root) + sep)) return null;
  return existsSync(file) && statSync(file).isFile() ? file : null;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
