/**
 * A kiosk in a child process, syncing to the loopback head office given on the command line, for the kill -9 test:
 *   tsx test/integration/sync-child.ts <dataDir> <headOfficeUrl> <token>
 * Prints "ready" once started; runs until killed.
 */
import { createKiosk } from '../../electron/kiosk/kiosk';

const [dataDir, url, token] = process.argv.slice(2);
if (!dataDir || !url || !token) throw new Error('usage: sync-child.ts <dataDir> <url> <token>');
await createKiosk({ dataDir, logToFile: false, devices: 'none', headOffice: { url, token, timeoutMs: 60_000, batchSize: 100 }, sync: { idleMs: 5, backoff: { baseMs: 10, maxMs: 50 } } });
process.stdout.write('ready\n');
setInterval(() => {}, 1 << 30);
