/**
 * `npm start` (run with tsx, plain Node). Starts the desktop shell when the Electron binary is installed, otherwise
 * the headless kiosk (`lotkeeper serve`: the core plus the loopback bridge, for a browser console). It never
 * `require('electron')`: that package's entry downloads the binary when it is missing.
 * Extra arguments go through: `npm start -- --kiosk`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The Electron executable if its binary was installed, read the same way node_modules/electron/index.js does. */
function installedElectron(electronDir: string): string | undefined {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const executable = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? executable : undefined;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const child = spawn(command, args, { stdio: 'inherit', env });
  // Ctrl+C reaches the child through the terminal; a plain kill of this launcher is passed on, so the kiosk closes cleanly.
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('error', (error) => {
    console.error(`lotkeeper: cannot run ${command}: ${error.message}`);
    process.exitCode = 1;
  });
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}

function main(): void {
  const args = process.argv.slice(2);
  const electronDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const electron = installedElectron(electronDir);

  if (electron) {
    if (!existsSync('dist/electron/main.cjs')) {
      console.error('lotkeeper: dist/electron/main.cjs is missing; build first (npm run build).');
      process.exitCode = 1;
      return;
    }
    // ELECTRON_RUN_AS_NODE, if set in this shell, would make Electron a bare Node instead of the app.
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE;
    run(electron, ['.', ...args], env);
    return;
  }

  console.log(
    'Electron binary not installed here (offline build); starting the headless kiosk — run `npx install-electron --no` on a connected machine for the desktop shell',
  );
  // The built CLI when there is one; otherwise its source through tsx, so a fresh checkout starts without a build.
  const cli = existsSync('dist/cli/lotkeeper.mjs')
    ? ['dist/cli/lotkeeper.mjs']
    : ['--import', 'tsx', 'electron/cli/lotkeeper.ts'];
  run(process.execPath, [...cli, 'serve', ...args.filter((arg) => arg !== '--kiosk')]);
}

main();
