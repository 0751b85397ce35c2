/**
 * An IP camera polled for a JPEG snapshot (e.g. http://cam/snapshot.jpg, Hikvision's /ISAPI/Streaming/channels/1/
 * picture) every `intervalMs`. Cheap on the network and the camera; the right driver where a lane needs a few
 * frames a second at most. A failed poll ends the "connection": LiveCamera reports it and retries with backoff.
 */
import { httpGet, readBody, safeUrl } from './http-get';
import { LiveCamera, sleep, type FrameSink, type LiveCameraOptions } from './live-camera';

export interface SnapshotCameraOptions extends LiveCameraOptions {
  url: string;
  /** Time between polls. Default 250 ms. */
  intervalMs?: number;
  /** A poll not answered this long fails. Default 3 s. */
  requestTimeoutMs?: number;
  /** A snapshot bigger than this is refused. Default 16 MB. */
  maxBytes?: number;
}

export class SnapshotCamera extends LiveCamera {
  private readonly url: URL;

  constructor(private readonly config: SnapshotCameraOptions) {
    super({ staleAfterMs: Math.max(5_000, 4 * (config.intervalMs ?? 250)), ...config });
    this.url = new URL(config.url);
  }

  protected describe(): string {
    return `snapshot ${safeUrl(this.url)}`;
  }

  protected async connect(signal: AbortSignal, sink: FrameSink): Promise<void> {
    while (!signal.aborted) {
      const started = Date.now();
      const res = await httpGet(this.url, signal, this.config.requestTimeoutMs ?? 3_000);
      sink.image(await readBody(res, this.config.maxBytes ?? 16 * 1024 * 1024));
      await sleep(Math.max(0, (this.config.intervalMs ?? 250) - (Date.now() - started)), signal);
    }
  }
}
