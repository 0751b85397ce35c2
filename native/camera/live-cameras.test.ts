// The IP camera drivers against real HTTP servers on loopback (multipart streams, snapshots, drops, garbage), and
// the ffmpeg driver against a stand-in ffmpeg executable: fakes only at the process/network edge.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { Frame } from '../alpr/reader';
import type { Camera } from './camera';
import { ffmpegArgs, FfmpegCamera } from './ffmpeg-camera';
import { MjpegCamera } from './mjpeg-camera';
import { SnapshotCamera } from './snapshot-camera';
import { useTempDirs } from '../../test/support/temp-dir';

const tempDir = useTempDirs();

const FAST = { backoff: { initialMs: 20, maxMs: 100 }, maxFps: Infinity };
const jpeg = (grey: number) => sharp(Buffer.alloc(32 * 24 * 3, grey), { raw: { width: 32, height: 24, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();

async function waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = 5_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const servers: Server[] = [];
const cameras: Camera[] = [];
afterEach(async () => {
  await Promise.all(cameras.splice(0).map((c) => c.close()));
  for (const server of servers.splice(0)) server.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void): Promise<string> {
  let n = 0;
  const server = createServer((req, res) => handler(req, res, n++));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function watch<C extends Camera>(camera: C): { camera: C; frames: Frame[] } {
  cameras.push(camera);
  const frames: Frame[] = [];
  camera.onFrame((f) => frames.push(f));
  return { camera, frames };
}

/** Writes a multipart/x-mixed-replace stream of these parts, one every 15 ms, then calls `after`. */
function stream(res: ServerResponse, parts: Buffer[], after: (res: ServerResponse) => void): void {
  res.writeHead(200, { 'Content-Type': 'multipart/x-mixed-replace; boundary=lotkeeper' });
  let i = 0;
  const timer = setInterval(() => {
    if (res.destroyed) return clearInterval(timer);
    if (i === parts.length) {
      clearInterval(timer);
      return after(res);
    }
    const body = parts[i++]!;
    res.write(Buffer.concat([Buffer.from(`--lotkeeper\r\nContent-Type: image/jpeg\r\nContent-Length: ${body.length}\r\n\r\n`), body, Buffer.from('\r\n')]));
  }, 15);
}

describe('MjpegCamera', () => {
  it('delivers decoded frames from a multipart stream, and reconnects by itself when the camera drops', async () => {
    const parts = await Promise.all([10, 120, 240].map(jpeg));
    // Only the first connection drops: a later one that also dropped could be reconnecting at the health check below.
    let connections = 0;
    const url = await serve((_req, res) => stream(res, parts, (r) => (++connections === 1 ? r.socket?.destroy() : undefined)));
    const { camera, frames } = watch(new MjpegCamera({ url: `${url}/video.mjpg`, ...FAST }));
    const seen: string[] = [];
    camera.onHealth((h) => seen.push(h.healthy ? 'healthy' : `unhealthy: ${h.reason}`));
    await waitFor(() => frames.length >= 3, 'three frames');
    expect(frames[0]).toMatchObject({ width: 32, height: 24 });
    expect(frames.slice(0, 3).map((f) => Math.round(f.data[0]! / 10) * 10)).toEqual([10, 120, 240]);
    await waitFor(() => camera.connects >= 2 && frames.length >= 4, 'a reconnect and a frame after it');
    expect(seen[0]).toBe('healthy');
    expect(seen.some((s) => /unhealthy: .*(reset|ended|broke).*reconnecting/.test(s))).toBe(true);
    expect(camera.health()).toMatchObject({ healthy: true, lastFrameAt: expect.any(Number) });
  });

  it('shows a silent camera as unhealthy and drops the connection', async () => {
    const url = await serve((_req, res) => res.writeHead(200, { 'Content-Type': 'multipart/x-mixed-replace; boundary=x' }).flushHeaders());
    const { camera } = watch(new MjpegCamera({ url, ...FAST, staleAfterMs: 200 }));
    await waitFor(() => camera.connects >= 2, 'a second connection');
    expect(camera.health().reason).toMatch(/no frame for 0\.\d s; reconnecting/);
  });

  it('explains garbage: an HTML page, undecodable parts, an HTTP error, a refused connection', async () => {
    const html = await serve((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<h1>login</h1>'));
    const junk = await serve((_req, res) => stream(res, Array.from({ length: 20 }, (_, i) => (i % 2 ? Buffer.from([0xff, 0xd8, 0xff, 0, 1, i]) : Buffer.from(`not a jpeg ${i}`))), () => undefined));
    const missing = await serve((_req, res) => res.writeHead(404).end());
    const cases: [string, RegExp][] = [
      [html, /not an MJPEG stream: Content-Type is "text\/html"/],
      [junk, /bad frame \((not a JPEG, PNG or WebP image|corrupt JPEG|truncated JPEG).*3 in a row; reconnecting/],
      [`${missing}/video`, /HTTP 404 Not Found from http:\/\/127\.0\.0\.1:\d+\/video/],
      ['http://127.0.0.1:1/video', /connection refused by http:\/\/127\.0\.0\.1:1\/video/],
    ];
    for (const [url, reason] of cases) {
      const { camera, frames } = watch(new MjpegCamera({ url, ...FAST }));
      await waitFor(() => reason.test(camera.health().reason ?? ''), `reason ${reason} (got "${camera.health().reason}")`);
      expect(frames).toEqual([]);
    }
  });

  it('never shows the password of the camera URL', async () => {
    const url = await serve((req, res) => res.writeHead(req.headers.authorization === `Basic ${Buffer.from('admin:s3cret').toString('base64')}` ? 418 : 401).end());
    const { camera } = watch(new MjpegCamera({ url: url.replace('//', '//admin:s3cret@'), ...FAST }));
    await waitFor(() => camera.health().reason?.includes('HTTP 418'), 'the Basic auth answer');
    expect(camera.health().reason).toContain('admin:***@');
    expect(camera.health().reason).not.toContain('s3cret');
  });
});

describe('SnapshotCamera', () => {
  it('polls the snapshot URL, turns unhealthy on a server error, and recovers', async () => {
    const picture = await jpeg(200);
    let failing = false;
    const url = await serve((_req, res) => (failing ? res.writeHead(500).end('oops') : res.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(picture)));
    const { camera, frames } = watch(new SnapshotCamera({ url: `${url}/snap.jpg`, intervalMs: 20, ...FAST }));
    await waitFor(() => frames.length >= 2, 'two snapshots');
    expect(frames[0]).toMatchObject({ width: 32, height: 24 });
    failing = true;
    await waitFor(() => camera.health().reason?.includes('HTTP 500'), 'the server error');
    expect(camera.health().healthy).toBe(false);
    failing = false;
    await waitFor(() => camera.health().healthy, 'recovery');
  });

  it('refuses an oversized or cut-off snapshot', async () => {
    const big = await serve((_req, res) => res.writeHead(200).end(Buffer.alloc(5000)));
    const cut = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Length': '1000' });
      res.write(Buffer.alloc(10));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const tooBig = watch(new SnapshotCamera({ url: big, maxBytes: 1000, ...FAST })).camera;
    const cutOff = watch(new SnapshotCamera({ url: cut, ...FAST })).camera;
    await waitFor(() => tooBig.health().reason?.includes('snapshot over 1000 bytes'), 'the size refusal');
    await waitFor(() => /closed before the whole snapshot|aborted|reset/.test(cutOff.health().reason ?? ''), `the cut-off snapshot (got "${cutOff.health().reason}")`);
  });
});

describe('FfmpegCamera', () => {
  it('builds the command line for RTSP and for USB cameras on each platform', () => {
    const size = { width: 640, height: 360, fps: 5 };
    const tail = ['-an', '-vf', 'fps=5,scale=640:360', '-pix_fmt', 'rgb24', '-f', 'rawvideo', 'pipe:1'];
    expect(ffmpegArgs({ ...size, source: { kind: 'rtsp', url: 'rtsp://cam/stream1' } })).toEqual(['-hide_banner', '-loglevel', 'error', '-nostdin', '-rtsp_transport', 'tcp', '-i', 'rtsp://cam/stream1', ...tail]);
    expect(ffmpegArgs({ ...size, source: { kind: 'usb', device: '/dev/video0' }, platform: 'linux' })).toContain('v4l2');
    expect(ffmpegArgs({ ...size, source: { kind: 'usb', device: 'HD UVC WebCam' }, platform: 'win32' })).toEqual(expect.arrayContaining(['dshow', 'video=HD UVC WebCam']));
    expect(() => ffmpegArgs({ ...size, source: { kind: 'rtsp', url: 'http://cam/' } })).toThrow('not an RTSP URL');
    expect(() => ffmpegArgs({ ...size, width: 0, source: { kind: 'usb', device: '/dev/video0' } })).toThrow('bad frame size');
  });

  it('reads raw frames from ffmpeg, reports its last words when it dies, and restarts it', async () => {
    const dir = tempDir();
    const fake = join(dir, 'ffmpeg');
    // Two 16x16 RGB frames (grey 50, then 150) in uneven chunks, then an error like ffmpeg's, then exit 1.
    writeFileSync(fake, `#!${process.execPath}
require('fs').appendFileSync(${JSON.stringify(join(dir, 'args'))}, JSON.stringify(process.argv.slice(2)) + '\\n');
const frames = Buffer.concat([Buffer.alloc(768, 50), Buffer.alloc(768, 150)]);
process.stdout.write(frames.subarray(0, 500));
setTimeout(() => process.stdout.write(frames.subarray(500), () => {
  process.stderr.write('[rtsp @ 0x55] method DESCRIBE failed: 401 Unauthorized\\n');
  process.exit(1);
}), 20);
`);
    chmodSync(fake, 0o755);
    const { camera, frames } = watch(new FfmpegCamera({ source: { kind: 'rtsp', url: 'rtsp://user:pw@cam/stream1' }, width: 16, height: 16, ffmpegPath: fake, ...FAST }));
    await waitFor(() => camera.connects >= 2 && frames.length >= 4, 'frames from two ffmpeg runs');
    expect(frames.slice(0, 2).map((f) => [f.width, f.height, f.data[0], f.data.length])).toEqual([[16, 16, 50, 768], [16, 16, 150, 768]]);
    await waitFor(() => camera.health().reason?.includes('401 Unauthorized'), 'the reason');
    expect(camera.health().reason).toMatch(/^RTSP rtsp:\/\/user:\*\*\*@cam\/stream1: ffmpeg exited \(code 1\): .*401 Unauthorized; reconnecting$/);
    expect(JSON.parse(readFileSync(join(dir, 'args'), 'utf8').split('\n')[0]!)).toContain('rtsp://user:pw@cam/stream1');
  });

  it('says so when ffmpeg is not installed', async () => {
    const { camera } = watch(new FfmpegCamera({ source: { kind: 'usb', device: '/dev/video0' }, width: 64, height: 48, ffmpegPath: '/nonexistent/ffmpeg', ...FAST }));
    await waitFor(() => camera.health().reason?.startsWith('ffmpeg not found at "/nonexistent/ffmpeg": install ffmpeg or set ffmpegPath'), 'the missing-ffmpeg reason');
  });
});
