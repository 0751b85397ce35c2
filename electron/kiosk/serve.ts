import { existsSync } from 'node:fs';
import { appPath } from './app-paths';
import { startBridge } from './bridge';
import { createKiosk, type KioskConfig } from './kiosk';

export interface HeadlessOptions extends KioskConfig {
  readonly port: number;
}

export interface Headless {
  readonly url: string;
  close(): Promise<void>;
}

/** The kiosk without Electron: the core plus the console served on 127.0.0.1 for a browser. */
export async function startHeadless(options: HeadlessOptions): Promise<Headless> {
  const staticDir = appPath('dist', 'renderer');
  if (!existsSync(appPath('dist', 'renderer', 'index.html'))) {
    throw new Error('the console is not built: run `npm run build` first');
  }
  const kiosk = await createKiosk(options);
  try {
    const bridge = await startBridge(kiosk, { port: options.port, staticDir });
    return {
      url: bridge.url,
      async close() {
        await bridge.close();
        await kiosk.close();
      },
    };
  } catch (error) {
    await kiosk.close();
    throw error;
  }
}
