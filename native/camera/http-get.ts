/**
 * One HTTP(S) GET for the IP camera drivers, on node:http: credentials in the URL become Basic auth (as cameras
 * expect; fetch() refuses such URLs), the request is aborted with the camera's connection, and a server that does
 * not answer within `timeoutMs` is an error, not a hang.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export class CameraHttpError extends Error {
  override name = 'CameraHttpError';
}

/** The URL without its password, for messages and logs. */
export function safeUrl(url: URL): string {
  const copy = new URL(url);
  if (copy.password) copy.password = '***';
  return copy.toString();
}

/** Resolves with the response once its headers are in and the status is 200; rejects with a clear reason. */
export function httpGet(url: URL, signal: AbortSignal, timeoutMs: number): Promise<IncomingMessage> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new CameraHttpError(`unsupported camera URL ${safeUrl(url)} (http or https only)`));
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { signal, headers: { Accept: 'multipart/x-mixed-replace, image/jpeg, image/*' } }, (res) => {
      req.setTimeout(0);
      if (res.statusCode !== 200) {
        res.resume();
        reject(new CameraHttpError(`HTTP ${res.statusCode} ${res.statusMessage ?? ''}`.trim() + ` from ${safeUrl(url)}`));
        return;
      }
      resolve(res);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new CameraHttpError(`no answer from ${safeUrl(url)} within ${timeoutMs} ms`)));
    req.on('error', (error) => reject(explain(error, url)));
    req.end();
  });
}

/** Reads a whole (image) body, refusing one over maxBytes. */
export async function readBody(res: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      res.destroy();
      throw new CameraHttpError(`snapshot over ${maxBytes} bytes: refused`);
    }
    chunks.push(chunk);
  }
  if (!res.complete) throw new CameraHttpError('the connection closed before the whole snapshot arrived');
  return Buffer.concat(chunks);
}

function explain(error: Error & { code?: string }, url: URL): Error {
  if (error instanceof CameraHttpError) return error;
  const where = safeUrl(url);
  if (error.code === 'ECONNREFUSED') return new CameraHttpError(`connection refused by ${where}`);
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') return new CameraHttpError(`host not found: ${where}`);
  if (error.code === 'ECONNRESET') return new CameraHttpError(`connection reset by ${where}`);
  return new CameraHttpError(`${where}: ${error.message}`);
}
