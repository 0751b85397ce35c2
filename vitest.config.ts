import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Two groups, one after the other. The unit tests beside the code (pure code, in-memory or temp-file SQLite, no
 * browser, no child kiosks) run one file per core. Then the integration and e2e tests under test/ run as vitest
 * runs by default (cores - 1 files at a time: one at a time on CI's two cores), because each already keeps more
 * than one core busy (Chromium and the kiosk, child processes, socat) and several of them time real devices: run
 * side by side on two cores, the relay's stray-bytes test, the fault campaign and the device forms failed.
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
          include: ['electron/**/*.test.ts', 'native/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'test/tariffs/**/*.test.ts', 'test/support/**/*.test.ts'],
          maxWorkers: availableParallelism(),
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/tariffs/**', 'test/support/**'],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
