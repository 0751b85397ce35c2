import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { LaunchOptions } from 'playwright-core';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared Chromium's Playwright endpoint (absent when a run starts none: each file then launches its own). */
    chromiumEndpoint?: string;
  }
}

/** Debian's Chromium, headless, nothing reaching out to the network. */
export const CHROMIUM: LaunchOptions = {
  executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

/**
 * Playwright's server for the shared Chromium, in a node of its own: it prints its endpoint, and closes Chromium when
 * its stdin ends (vitest's teardown ends it; so does vitest's death, so no Chromium outlives a killed run).
 */
const SERVER = `
import { chromium } from 'playwright-core';
const server = await chromium.launchServer(JSON.parse(process.argv[1]));
process.stdin.once('end', () => void server.close().then(() => process.exit(0))).resume();
console.log(server.wsEndpoint());
`;

/**
 * vitest globalSetup of the integration projects: one Chromium for every e2e file of the run, instead of a launch and
 * a close per file (a second or more each on CI's two cores, more under load). Each file connects to it and works in
 * browser contexts of its own, which the connection closes when the file disconnects. Playwright's server side runs
 * in a process of its own, not in vitest's, which also serves every file's modules.
 */
export default async function startSharedChromium(project: TestProject): Promise<() => Promise<void>> {
  const server = spawn(process.execPath, ['--input-type=module', '-e', SERVER, JSON.stringify(CHROMIUM)], { cwd: project.config.root, stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const endpoint = await new Promise<string>((resolve, reject) => {
    createInterface({ input: server.stdout! }).once('line', resolve);
    void exited.then(() => reject(new Error(`the shared Chromium's server exited before it listened (${server.exitCode ?? server.signalCode})`)));
  });
  project.provide('chromiumEndpoint', endpoint);
  return async () => {
    server.stdin!.end();
    await exited;
  };
}
