import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The integration and e2e files that time real devices, kill windows or a wall-clock promise closely enough that a
 * second heavy file on the other core could push them past it: run side by side on two cores at load 17-29, the
 * relay's stray-bytes test, the fault campaign and the device forms failed. They run alone, after the others.
 */
const ALONE = [
  // Real pty pairs through socat and a real Modbus RTU server: the drivers' inter-byte and reply deadlines.
  'test/integration/relay-*.test.ts',
  // Kills at random moments of a whole site's life (SIGKILL, the serial cable pulled, a tmpfs filled).
  'test/integration/fault-campaign.test.ts',
  // GStreamer's RTSP server and ffmpeg streaming a live picture, a camera reboot timed against the driver's retry.
  'test/integration/camera-rtsp.test.ts',
  'test/e2e/devices-forms.e2e.test.ts',
  // `npm run serve` as a user runs it, so its preserve script rebuilds dist/ first: the console the other e2e files
  // serve, the CLI and the workers other files start, emptied and rewritten under them.
  'test/e2e/serve.e2e.test.ts',
  // Screenshots compared with the accepted ones: two-wide here, Reports at 1920x1080 was taken before its forecast
  // panel came (the panel is not aria-busy while it loads, so the screen looked settled).
  'test/e2e/visual.e2e.test.ts',
  // A manual entry must reach a second console within 1.5 s of its submit: Chromium and the kiosk both timed.
  'test/e2e/lot-flow.e2e.test.ts',
];

const NOT_INTEGRATION = [...configDefaults.exclude, 'test/tariffs/**', 'test/support/**'];

/** What both groups of files under test/ share. */
const INTEGRATION = {
  // One Chromium for the run's e2e files, each file in browser contexts of its own (see the file).
  globalSetup: ['./test/e2e/support/chromium-server.ts'],
  // An answer the console or the kiosk gives after an action is waited for as long as Playwright waits for an element
  // (harness.ts: 5 s), not vitest's 1 s: with a file on the other core, a screen may take longer to change. What
  // is awaited is the same; a wait is never a measure here (timings are bench/'s, or a test names its own).
  expect: { poll: { timeout: 5_000 } },
};

/**
 * The files of a worker share its modules instead of each importing its own copy of the kiosk, the drivers and the
 * console's harness: 200 s less of the run (integration 624 -> 453 s, unit 67 -> 32 s on 2 cores). What a file
 * could leave changed in the process is checked and put back after it (shared-worker-guard.ts). The ALONE files
 * keep their own modules: they gain nothing (136 s either way) and time the real devices.
 */
const SHARED_WORKERS = { isolate: false, setupFiles: ['./test/support/shared-worker-guard.ts'] };

/**
 * Three groups, one after the other (sequence.groupOrder). The unit tests beside the code (pure code, in-memory or
 * temp-file SQLite, no browser, no child kiosks) run one file per core. Then the integration and e2e tests under
 * test/, one file per core too: most of their time is spent waiting (on Chromium's frames, the kiosk's timers,
 * sockets, child processes); an e2e file keeps about half a core busy, a kill -9 file about one and a half. Last,
 * the files in ALONE, one at a time.
 */
export default defineConfig({
  test: {
    environment: 'node',
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          ...SHARED_WORKERS,
          include: ['electron/**/*.test.ts', 'native/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'test/tariffs/**/*.test.ts', 'test/support/**/*.test.ts'],
          maxWorkers: availableParallelism(),
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          ...INTEGRATION,
          name: 'integration',
          ...SHARED_WORKERS,
          include: ['test/**/*.test.ts'],
          exclude: [...NOT_INTEGRATION, ...ALONE],
          maxWorkers: availableParallelism(),
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          ...INTEGRATION,
          name: 'integration-alone',
          include: ALONE,
          exclude: NOT_INTEGRATION,
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
