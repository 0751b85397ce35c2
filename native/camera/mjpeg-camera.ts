/**
 * An IP camera's MJPEG stream over HTTP (multipart/x-mixed-replace, e.g. http://cam/video.mjpg or Axis'
 * /axis-cgi/mjpg/video.cgi). Each part is one JPEG; decoding, rate cap, watchdog and reconnects are LiveCamera's.
 */
import type { IncomingMessage } from 'node:http';
import { httpGet, safeUrl } from './http-get';
import { LiveCamera, type FrameSink, type LiveCameraOptions } from './live-camera';
import { boundaryOf, MjpegStreamError, MultipartParser } from './mjpeg-parser';

export interface MjpegCameraOptions extends LiveCameraOptions {
  /** http(s) URL of the stream; user:password@ in it is sent as Basic auth. */
  url: string;
  /** A connection without response headers this long fails. Default 5 s. */
  connectTimeoutMs?: number;
}

export class MjpegCamera extends LiveCamera {
  private readonly url: URL;

  constructor(private readonly config: MjpegCameraOptions) {
    super(config);
    this.url = new URL(config.url);
  }

  protected describe(): string {
    return `MJPEG ${safeUrl(this.url)}`;
  }

  protected async connect(signal: AbortSignal, sink: FrameSink): Promise<void> {
    const res = await httpGet(this.url, signal, this.config.connectTimeoutMs ?? 5_000);
    const parser = new MultipartParser(boundaryOf(res.headers['content-type']));
    await pump(res, parser, sink);
  }
}

async function pump(res: IncomingMessage, parser: MultipartParser, sink: FrameSink): Promise<void> {
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) for (const part of parser.push(chunk)) sink.image(part);
  } catch (error) {
    res.destroy();
    if (error instanceof MjpegStreamError) throw error;
    throw new MjpegStreamError(`the stream broke: ${(error as Error).message}`);
  }
}
