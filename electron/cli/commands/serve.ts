import { startHeadless } from '../../kiosk/serve';
import { CliError, dataDirOption, type Command } from '../command';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the kiosk without Electron: the core plus the console on http://127.0.0.1:<port> for a browser.',
  usage: 'serve [--port 5170] [--site-file site.json] [--data-dir DIR]',
  options: {
    port: { type: 'string', description: 'loopback port for the console (0 picks a free one; default 5170)' },
    'site-file': { type: 'string', description: 'site to set up on first start (default: the built-in demo site)' },
  },
  async run({ values, out }) {
    const port = Number(values['port'] ?? 5170);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new CliError(`--port must be 0-65535, got "${String(values['port'])}"`, 2);
    const dataDir = dataDirOption(values);
    const headless = await startHeadless({ dataDir, port, siteFile: values['site-file'] as string | undefined });
    out.line(`Lotkeeper console: ${headless.url}/  (data: ${dataDir}; Ctrl+C stops)`);
    await new Promise<void>((resolve) => {
      const stop = () => void headless.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
