/**
 * Splits a multipart/x-mixed-replace body (an MJPEG camera's HTTP stream) into its parts. Cameras differ: some
 * send Content-Length in each part's headers, some only the boundary; some put "--" in the Content-Type's boundary
 * parameter, most do not. Bytes arrive in chunks of any size, a part may span many chunks and a chunk many parts.
 */
export class MjpegStreamError extends Error {
  override name = 'MjpegStreamError';
}

/** The boundary from a Content-Type header, or a clear error when the response is not a multipart stream. */
export function boundaryOf(contentType: string | undefined): string {
  const type = (contentType ?? '').trim();
  if (!/^multipart\//i.test(type)) throw new MjpegStreamError(`not an MJPEG stream: Content-Type is "${type || 'missing'}", expected multipart/x-mixed-replace`);
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw new MjpegStreamError(`multipart stream without a boundary (Content-Type "${type}")`);
  return boundary.startsWith('--') ? boundary.slice(2) : boundary;
}

const HEADER_END = Buffer.from('\r\n\r\n');
/** Part headers longer than this are not headers: the stream is garbage. */
const MAX_HEADER_BYTES = 8 * 1024;

export class MultipartParser {
  private buffer = Buffer.alloc(0);
  private readonly delimiter: Buffer;
  /** Body length from the current part's Content-Length, once its headers have been read. */
  private bodyLength: number | null = null;
  private inBody = false;
  /** Bytes thrown away while looking for a delimiter: a stream of only these is garbage, not a slow camera. */
  private skipped = 0;

  /** maxPartBytes: a part (one JPEG) bigger than this means a broken stream, not a big picture. */
  constructor(boundary: string, private readonly maxPartBytes = 16 * 1024 * 1024) {
    this.delimiter = Buffer.from(`--${boundary}`);
  }

  /** Adds bytes; returns the bodies of the parts they completed. Throws MjpegStreamError on a broken stream. */
  push(chunk: Uint8Array): Buffer[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : Buffer.from(chunk);
    const parts: Buffer[] = [];
    for (let part = this.nextPart(); part; part = this.nextPart()) parts.push(part);
    if (this.buffer.length + this.skipped > this.maxPartBytes + MAX_HEADER_BYTES) throw new MjpegStreamError(`no part boundary in ${this.buffer.length + this.skipped} bytes: not an MJPEG stream, or a frame over ${this.maxPartBytes} bytes`);
    return parts;
  }

  private nextPart(): Buffer | null {
    if (!this.inBody && !this.readHeaders()) return null;
    return this.bodyLength !== null ? this.readCounted(this.bodyLength) : this.readDelimited();
  }

  /** Skips to the next delimiter and past the part's headers; false when more bytes are needed. */
  private readHeaders(): boolean {
    const start = this.buffer.indexOf(this.delimiter);
    if (start < 0) {
      // Keep a tail that may hold the start of a delimiter; the rest is preamble or padding.
      const drop = Math.max(0, this.buffer.length - this.delimiter.length);
      this.skipped += drop;
      this.buffer = this.buffer.subarray(drop);
      return false;
    }
    this.skipped = 0;
    const end = this.buffer.indexOf(HEADER_END, start);
    if (end < 0) {
      if (this.buffer.length - start > MAX_HEADER_BYTES) throw new MjpegStreamError(`part headers longer than ${MAX_HEADER_BYTES} bytes: not an MJPEG stream`);
      return false;
    }
    const headers = this.buffer.subarray(start + this.delimiter.length, end).toString('latin1');
    const length = /content-length:\s*(\d+)/i.exec(headers);
    this.bodyLength = length ? Number(length[1]) : null;
    if (this.bodyLength !== null && this.bodyLength > this.maxPartBytes) throw new MjpegStreamError(`a part of ${this.bodyLength} bytes is over the ${this.maxPartBytes}-byte limit`);
    this.buffer = this.buffer.subarray(end + HEADER_END.length);
    this.inBody = true;
    return true;
  }

  private readCounted(length: number): Buffer | null {
    if (this.buffer.length < length) return null;
    return this.finishPart(Buffer.from(this.buffer.subarray(0, length)), length);
  }

  private readDelimited(): Buffer | null {
    const next = this.buffer.indexOf(this.delimiter);
    if (next < 0) return null;
    // The body ends before the CRLF that precedes the next delimiter.
    let end = next;
    if (end >= 2 && this.buffer[end - 2] === 0x0d && this.buffer[end - 1] === 0x0a) end -= 2;
    return this.finishPart(Buffer.from(this.buffer.subarray(0, end)), next);
  }

  private finishPart(body: Buffer, consumed: number): Buffer {
    this.buffer = this.buffer.subarray(consumed);
    this.inBody = false;
    this.bodyLength = null;
    return body;
  }
}
