/**
 * The RTSP camera driver against a real RTSP server: GStreamer's RTSP server (test/support/rtsp-camera.py) serves a
 * live test pattern as an IP camera would, and the kiosk's driver runs ffmpeg as its client, as on the booth PC,
 * over TCP (the default) and over UDP. A camera reboot is the server going away and coming back on the same port.
 * Needs ffmpeg, python3-gi and GStreamer's RTSP server (.ci/run installs them); skipped with a note where missing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createCamera, type Camera, type Frame } from '../../native/camera';
import { ifAvailable, requirement } from '../support/requires';

const SERVER = join(import.meta.dirname, '..', 'support', 'rtsp-camera.py');
const PYTHON = '/usr/bin/python3';
const gstRtspServer = () => spawnSync(PYTHON, ['-c', "import gi; gi.require_version('GstRtspServer', '1.0'); from gi.repository import GstRtspServer"]).status === 0;
const rtspTools = requirement('installed', () =>
  process.platform !== 'linux' ? 'an RTSP server runs on Linux only here' : spawnSync('sh', ['-c', 'command -v ffmpeg']).status !== 0 ? 'ffmpeg is missing (.ci/run installs it)' : gstRtspServer() ? null : "GStreamer's RTSP server (python3-gi, gir1.2-gst-rtsp-server-1.0) is missing (.ci/run installs it)",
);

const servers: ChildProcess[] = [];
const cameras: Camera[] = [];
afterEach(async () => {
  await Promise.all(cameras.splice(0).map((camera) => camera.close()));
  await Promise.all(servers.splice(0).map(stop));
});

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** A TCP port nobody listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** An IP camera at a fixed address: start() powers it on (resolves once it listens), stop() pulls the plug. */
async function ipCamera(): Promise<{ url: string; start(): Promise<void>; stop(): Promise<void> }> {
  const port = await freePort();
  let running: ChildProcess | null = null;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const server = spawn(PYTHON, [SERVER, String(port), '/lane-in1'], { stdio: ['ignore', 'pipe', 'pipe'] });
      servers.push(server);
      running = server;
      let said = '';
      server.stderr.on('data', (chunk: Buffer) => (said += chunk.toString()));
      server.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      server.once('exit', (code) => reject(new Error(`the RTSP server exited (${code}): ${said.trim()}`)));
    });
  const unplug = async () => {
    if (running) await stop(running);
  };
  return { url: `rtsp://127.0.0.1:${port}/lane-in1`, start, stop: unplug };
}

ifAvailable(rtspTools).describe('RTSP camera against a real RTSP server (GStreamer)', () => {
  it.each(['tcp', 'udp'] as const)('over %s: frames of the configured size; a reboot shows unhealthy and it reconnects by itself', async (transport) => {
    const ip = await ipCamera();
    await ip.start();
    const camera = createCamera({ driver: 'rtsp', url: ip.url, transport, width: 64, height: 48, fps: 5 });
    cameras.push(camera);
    const frames: Frame[] = [];
    camera.onFrame((frame) => frames.push(frame));

    const first = await waitFor(() => frames[0], 'a first frame', 15_000);
    expect([first.width, first.height, first.data.length]).toEqual([64, 48, 64 * 48 * 3]);
    // The colour bars of the test pattern, not a blank frame.
    expect(new Set(first.data).size).toBeGreaterThan(16);
    expect(camera.health().healthy).toBe(true);

    await ip.stop();
    await waitFor(() => !camera.health().healthy, 'the camera to show unhealthy', 20_000);
    expect(camera.health().reason).toMatch(/^RTSP rtsp:\/\/127\.0\.0\.1:\d+\/lane-in1: /);

    const before = frames.length;
    await ip.start();
    await waitFor(() => frames.length > before + 2 && camera.health().healthy, 'frames again after the reboot', 30_000);
  }, 70_000);
});
