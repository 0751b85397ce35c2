/**
 * electron-builder cannot package here (it downloads Electron), so this checks electron-builder.yml with
 * electron-builder's own pieces: its YAML parser (js-yaml), its schema validator, and its file matcher, which
 * decides what goes into the app and what is unpacked from the asar.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
// Loaded through require: these are electron-builder's own (CommonJS, untyped) modules, not project dependencies.
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, debug: { isEnabled: boolean; add(): void }): Promise<void>;
};
const { FileMatcher } = require('app-builder-lib/out/fileMatcher') as {
  FileMatcher: new (
    from: string,
    to: string,
    expand: (s: string) => string,
    patterns: unknown,
  ) => { createFilter(): (file: string, stat: { isDirectory(): boolean }) => boolean };
};

interface BuilderConfig {
  files: string[];
  asarUnpack: string[];
  npmRebuild: boolean;
  linux: { target: string[]; category: string; maintainer: string };
  win: { target: { target: string; arch: string[] }[] };
  nsis: { perMachine: boolean; oneClick: boolean };
}
const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };

/** electron-builder's verdict on one project-relative path, for the given pattern list. */
function matcher(patterns: unknown): (relative: string) => boolean {
  const filter = new FileMatcher(root, '/', (s) => s, patterns).createFilter();
  return (relative) => filter(join(root, relative), { isDirectory: () => false });
}
const shipped = matcher(config.files);
const unpacked = matcher(config.asarUnpack);

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema, which rejects an unknown option', async () => {
    const debug = { isEnabled: false, add: () => undefined };
    await expect(validateConfiguration(structuredClone(config), debug)).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...structuredClone(config), nsiss: {} }, debug)).rejects.toThrow(/nsiss/);
  });

  it('builds an AppImage and a deb for Linux and a per-machine x64 NSIS installer for Windows', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.linux.category).toBeTruthy();
    expect(config.linux.maintainer).toMatch(/<[^>]+@[^>]+>/); // a deb needs a maintainer e-mail
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis.perMachine).toBe(true);
    expect(config.npmRebuild).toBe(true);
  });

  it('unpacks the native modules and the models from the asar', () => {
    for (const file of [
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node',
      'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1',
      'node_modules/serialport/dist/index.js',
      'node_modules/@serialport/bindings-cpp/prebuilds/linux-x64/node.napi.glibc.node',
      'models/plate-detector.onnx',
    ]) {
      expect(unpacked(file), file).toBe(true);
    }
    expect(unpacked('dist/electron/main.cjs')).toBe(false);
    expect(unpacked('node_modules/zod/index.js')).toBe(false);
  });

  it('ships the built app (package.json main among it), migrations, models and resources', () => {
    for (const file of [
      manifest.main,
      'dist/electron/preload.cjs',
      'dist/renderer/index.html',
      'dist/renderer/assets/index-3f2a.js',
      'migrations/0001_init.sql',
      'models/manifest.json',
      'models/plate-ocr.onnx',
      'resources/demo/site.json',
      'package.json',
    ]) {
      expect(shipped(file), file).toBe(true);
    }
  });

  it('ships no sources, tests, source maps or installer resources', () => {
    const repoFiles = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root })
      .toString()
      .split('\n')
      .filter(Boolean);
    const sources = repoFiles.filter((file) => /\.(ts|tsx)$/.test(file) || /^(test|bench|\.ci)\//.test(file));
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.filter(shipped)).toEqual([]);
    for (const file of [
      'dist/electron/main.cjs.map',
      'dist/renderer/assets/index-3f2a.js.map',
      'dist/electron/window-policy.test.js',
      'dist/types/contract.d.ts',
      'resources/installer/icon.png',
      'electron-builder.yml',
      'tsconfig.json',
    ]) {
      expect(shipped(file), file).toBe(false);
    }
  });
});
