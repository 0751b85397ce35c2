/**
 * RTSP IP cameras and USB/UVC cameras through an ffmpeg child process: ffmpeg opens the camera (v4l2 on Linux,
 * DirectShow on Windows, AVFoundation on macOS, RTSP over TCP anywhere), scales to the configured size, caps the
 * frame rate, and writes raw RGB frames to its stdout, so nothing is decoded twice. ffmpeg is not bundled: its
 * path is configuration (`ffmpegPath`, default "ffmpeg" on PATH). A missing binary, a camera that refuses or
 * an ffmpeg that dies all end the connection with ffmpeg's own last words; LiveCamera retries with backoff.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { LiveCamera, type FrameSink, type LiveCameraOptions } from './live-camera';

export type FfmpegSource =
  | { kind: 'rtsp'; url: string; transport?: 'tcp' | 'udp' }
  /** Linux: /dev/video0; Windows: the DirectShow device name ("USB2.0 HD UVC WebCam"); macOS: the device index. */
  | { kind: 'usb'; device: string };

export interface FfmpegCameraOptions extends LiveCameraOptions {
  source: FfmpegSource;
  /** Frames are scaled to this size (the raw frame size on the pipe must be known). */
  width: number;
  height: number;
  /** Frames per second ffmpeg outputs. Default 10. */
  fps?: number;
  ffmpegPath?: string;
  platform?: NodeJS.Platform;
}

export class FfmpegError extends Error {
  override name = 'FfmpegError';
}

/** ffmpeg's command line for a source: input options, then one output of raw RGB frames on stdout. */
export function ffmpegArgs(options: Pick<FfmpegCameraOptions, 'source' | 'width' | 'height' | 'fps' | 'platform'>): string[] {
  const { source, width, height } = options;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 16 || height < 16) throw new FfmpegError(`bad frame size ${width}x${height}`);
  const fps = options.fps ?? 10;
  return ['-hide_banner', '-loglevel', 'error', '-nostdin', ...inputArgs(source, options.platform ?? process.platform), '-an', '-vf', `fps=${fps},scale=${width}:${height}`, '-pix_fmt', 'rgb24', '-f', 'rawvideo', 'pipe:1'];
}

function inputArgs(source: FfmpegSource, platform: NodeJS.Platform): string[] {
  if (source.kind === 'rtsp') {
    if (!/^rtsps?:\/\//i.test(source.url)) throw new FfmpegError(`not an RTSP URL: ${source.url}`);
    return ['-rtsp_transport', source.transport ?? 'tcp', '-i', source.url];
  }
  if (platform === 'win32') return ['-f', 'dshow', '-i', `video=${source.device}`];
  if (platform === 'darwin') return ['-f', 'avfoundation', '-i', source.device];
  return ['-f', 'v4l2', '-i', source.device];
}

export class FfmpegCamera extends LiveCamera {
  private readonly args: string[];
  private readonly ffmpegPath: string;

  constructor(private readonly config: FfmpegCameraOptions) {
    super(config);
    this.args = ffmpegArgs(config);
    this.ffmpegPath = config.ffmpegPath ?? 'ffmpeg';
  }

  protected describe(): string {
    const { source } = this.config;
    return source.kind === 'rtsp' ? `RTSP ${source.url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')}` : `USB camera ${source.device}`;
  }

  protected connect(signal: AbortSignal, sink: FrameSink): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.ffmpegPath, this.args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
      const stderr = lastWords(child.stderr);
      const frames = new RawFrameSplitter(this.config.width * this.config.height * 3);
      const stop = () => child.kill('SIGKILL');
      signal.addEventListener('abort', stop, { once: true });
      child.stdout.on('data', (chunk: Buffer) => {
        try {
          for (const data of frames.push(chunk)) sink.frame({ width: this.config.width, height: this.config.height, data, capturedAt: Date.now() });
        } catch {
          stop(); // the connection was dropped under us
        }
      });
      child.once('error', (error: Error & { code?: string }) => {
        signal.removeEventListener('abort', stop);
        reject(new FfmpegError(error.code === 'ENOENT' ? `ffmpeg not found at "${this.ffmpegPath}": install ffmpeg or set ffmpegPath` : `cannot start ffmpeg: ${error.message}`));
      });
      child.once('close', (code, sig) => {
        signal.removeEventListener('abort', stop);
        if (signal.aborted) return resolve();
        const said = stderr();
        reject(new FfmpegError(`${this.describe()}: ffmpeg exited (${sig ?? `code ${code}`})${said ? `: ${said}` : ''}`));
      });
    });
  }
}

/** Cuts a byte stream into frames of a fixed size (ffmpeg's rawvideo output has no framing of its own). */
export class RawFrameSplitter {
  private buffer: Buffer = Buffer.alloc(0);
  constructor(private readonly frameBytes: number) {}

  push(chunk: Buffer): Uint8Array[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const out: Uint8Array[] = [];
    while (this.buffer.length >= this.frameBytes) {
      out.push(Uint8Array.prototype.slice.call(this.buffer, 0, this.frameBytes));
      this.buffer = this.buffer.subarray(this.frameBytes);
    }
    return out;
  }
}

/** Keeps the last line ffmpeg wrote to stderr (its error), at most 300 characters. */
function lastWords(stream: ChildProcessByStdio<null, Readable, Readable>['stderr']): () => string {
  let tail = '';
  stream.setEncoding('utf8');
  stream.on('data', (text: string) => {
    tail = (tail + text).slice(-2000);
  });
  return () => tail.trim().split('\n').pop()?.trim().slice(0, 300) ?? '';
}
