/**
 * Bundles the Node side with esbuild (run with tsx): `tsx electron/build-main.ts [--watch]`.
 *   electron/main.ts        -> dist/electron/main.cjs   (package.json "main"; CommonJS, Electron's main process)
 *   electron/preload.ts     -> dist/electron/preload.cjs (sandboxed preloads must be CommonJS, self-contained)
 *   electron/cli/lotkeeper.ts -> dist/cli/lotkeeper.mjs (package.json "bin"; plain Node, ESM)
 *   native/alpr/worker.ts   -> dist/alpr/alpr-worker.mjs (the plate reader's worker thread; found from the bundles)
 *   electron/kiosk/reports/report-worker.ts -> dist/reports/report-worker.mjs (the reports' worker thread, likewise)
 * The renderer is built by Vite (vite.config.ts), not here.
 */
import { chmod, readFile, rm } from 'node:fs/promises';
import { build, context, type BuildOptions, type Plugin } from 'esbuild';

const manifest = JSON.parse(await readFile('package.json', 'utf8')) as Record<string, Record<string, string> | undefined>;
const dependencies = Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies });

/**
 * Never bundled: native addons (their .node files load from app.asar.unpacked), and pino with its transports, which
 * start worker threads from file paths inside their own packages. The rest of "dependencies" stays external too:
 * electron-builder ships production dependencies anyway, and one copy of each keeps stack traces readable.
 */
const nodeExternals = [
  ...dependencies,
  'better-sqlite3',
  'onnxruntime-node',
  'serialport',
  '@serialport/*',
  'pino',
  'pino-roll',
  'thread-stream',
];

/** The CLI runs in plain Node, where importing 'electron' would try to download its binary. */
const noElectron: Plugin = {
  name: 'no-electron',
  setup(b) {
    b.onResolve({ filter: /^electron$/ }, (args) => ({
      errors: [{ text: `${args.importer} imports 'electron', but this bundle runs in plain Node` }],
    }));
  },
};

/** Bundled CommonJS code calls require(); ESM has none, so give it one. */
const ESM_REQUIRE_SHIM = [
  'import { createRequire as __lotkeeperCreateRequire } from "node:module";',
  'const require = __lotkeeperCreateRequire(import.meta.url);',
] as const;

const common: BuildOptions = { bundle: true, sourcemap: true, logLevel: 'info', legalComments: 'none' };

/** An ESM bundle for plain Node (the CLI, worker threads): dependencies external, never 'electron'. */
function plainNodeEsm(entryPoints: Record<string, string>, outdir: string, ...bannerLines: string[]): BuildOptions {
  return {
    ...common,
    entryPoints,
    outdir,
    outExtension: { '.js': '.mjs' },
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external: nodeExternals,
    plugins: [noElectron],
    banner: { js: [...bannerLines, ...ESM_REQUIRE_SHIM].join('\n') },
  };
}

const targets: BuildOptions[] = [
  {
    ...common,
    entryPoints: { main: 'electron/main.ts' },
    outdir: 'dist/electron',
    outExtension: { '.js': '.cjs' },
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    external: ['electron', ...nodeExternals],
    // Core modules find their files from import.meta.url (kiosk/app-paths.ts); CommonJS has no import.meta.
    define: { 'import.meta.url': '__lotkeeperModuleUrl' },
    banner: { js: '"use strict";\nconst __lotkeeperModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  },
  {
    ...common,
    entryPoints: { preload: 'electron/preload.ts' },
    outdir: 'dist/electron',
    outExtension: { '.js': '.cjs' },
    platform: 'node',
    target: 'chrome130',
    format: 'cjs',
    // A sandboxed preload can require 'electron' and nothing from node_modules: everything else is bundled in.
    external: ['electron'],
  },
  // Split: each command's module is a chunk beside the bin, loaded when that command runs (lotkeeper.ts).
  { ...plainNodeEsm({ lotkeeper: 'electron/cli/lotkeeper.ts' }, 'dist/cli', '#!/usr/bin/env node'), splitting: true },
  // native/alpr/onnx-reader.ts starts it from <bundle dir>/../alpr/alpr-worker.mjs.
  plainNodeEsm({ 'alpr-worker': 'native/alpr/worker.ts' }, 'dist/alpr'),
  // electron/kiosk/reports/report-runner.ts starts it from <bundle dir>/../reports/report-worker.mjs.
  plainNodeEsm({ 'report-worker': 'electron/kiosk/reports/report-worker.ts' }, 'dist/reports'),
];

try {
  if (process.argv.includes('--watch')) {
    for (const options of targets) await (await context(options)).watch();
  } else {
    // The CLI's chunks are named by their hash: last build's would stay beside this one's.
    await rm('dist/cli', { recursive: true, force: true });
    await Promise.all(targets.map((options) => build(options)));
    await chmod('dist/cli/lotkeeper.mjs', 0o755);
  }
} catch {
  process.exitCode = 1; // esbuild has already printed the errors (logLevel 'info')
}
