/**
 * The RTSP camera driver against a real RTSP server: Debian's rtsp-server-perl relays a stream that ffmpeg publishes
 * (a test pattern, MPEG-4 over RTP), as an IP camera would serve it; the kiosk's driver runs ffmpeg as a client,
 * as on the booth PC. The camera going away and coming back is both stopping and starting again at the same address.
 * Needs ffmpeg and rtsp-server-perl (.ci/run installs both); skipped with a note where they are missing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createCamera, type Camera, type Frame } from '../../native/camera';

const installed = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const available = process.platform === 'linux' && installed('ffmpeg') && installed('rtsp-server-perl');
if (!available) console.warn('camera-rtsp: ffmpeg or rtsp-server-perl is not installed: skipped (.ci/run installs them)');

const children: ChildProcess[] = [];
const cameras: Camera[] = [];
afterEach(async () => {
  await Promise.all(cameras.splice(0).map((camera) => camera.close()));
  await Promise.all(children.splice(0).map(stop));
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

async function waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function run(command: string, args: string[]): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  return child;
}

/**
 * An IP camera on loopback: an RTSP server (clients on `clientPort`) with ffmpeg publishing into it. Rebooting it
 * stops both and starts them again on the same ports, as a camera that lost power comes back at its address.
 */
async function ipCamera(): Promise<{ url: string; start(): Promise<void>; stop(): Promise<void> }> {
  const [clientPort, sourcePort] = [await freePort(), await freePort()];
  const rtpStart = 20_000 + Math.floor(Math.random() * 20_000) * 2;
  let running: ChildProcess[] = [];
  const start = async () => {
    const server = run('rtsp-server-perl', [
      '--clientport', String(clientPort), '--serverport', String(sourcePort),
      '--client_listen_address', '127.0.0.1', '--source_listen_address', '127.0.0.1', '--rtp_start_port', String(rtpStart), '--loglevel', '1',
    ]);
    await waitForListener(sourcePort, server);
    const publisher = run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=10', '-c:v', 'mpeg4', '-g', '10', '-f', 'rtsp', `rtsp://127.0.0.1:${sourcePort}/lane-in1`]);
    running = [publisher, server];
    await new Promise((resolve) => setTimeout(resolve, 500)); // the publisher announces the stream
  };
  const stopAll = async () => {
    await Promise.all(running.map(stop));
  };
  return { url: `rtsp://127.0.0.1:${clientPort}/lane-in1`, start, stop: stopAll };
}

async function waitForListener(port: number, server: ChildProcess): Promise<void> {
  const until = Date.now() + 5_000;
  while (!(await accepts(port))) {
    if (server.exitCode !== null || Date.now() > until) throw new Error(`the RTSP server did not listen on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe.skipIf(!available)('RTSP camera against a real RTSP server (rtsp-server-perl, ffmpeg publishing)', () => {
  it('delivers frames of the configured size, goes unhealthy when the camera reboots, and reconnects by itself', async () => {
    const ip = await ipCamera();
    await ip.start();
    const camera = createCamera({ driver: 'rtsp', url: ip.url, transport: 'udp', width: 64, height: 48, fps: 5 });
    cameras.push(camera);
    const frames: Frame[] = [];
    camera.onFrame((frame) => frames.push(frame));

    const first = await waitFor(() => frames[0], 'a first frame');
    expect([first.width, first.height, first.data.length]).toEqual([64, 48, 64 * 48 * 3]);
    // A test pattern, not a blank: colour bars differ across the frame.
    expect(new Set(first.data).size).toBeGreaterThan(16);
    expect(camera.health().healthy).toBe(true);

    await ip.stop();
    await waitFor(() => !camera.health().healthy, 'the camera to show unhealthy', 20_000);
    expect(camera.health().reason).toMatch(/^RTSP rtsp:\/\/127\.0\.0\.1:\d+\/lane-in1: /);

    const before = frames.length;
    await ip.start();
    await waitFor(() => frames.length > before + 2 && camera.health().healthy, 'frames again after the camera came back', 30_000);
  }, 70_000);
});
