/**
 * The loopback head office in its own process (bench/sync.ts runs it so the kiosk's memory figure is the kiosk's
 * alone). Prints one JSON line { url, token } once listening; stops when its standard input closes.
 */
import { startHeadOfficeServer } from './index';

const server = await startHeadOfficeServer();
process.stdout.write(`${JSON.stringify({ url: server.url, token: server.token })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
