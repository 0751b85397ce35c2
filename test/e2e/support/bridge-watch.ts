/**
 * What the console asks the kiosk, watched inside the page: every call it sends over the bridge and the ones still
 * unanswered. In the page, not from Playwright's frame events, so "nothing in flight" and "nothing sent" are read
 * at the moment they are true, not when the events reach the test.
 */
import type { Page } from 'playwright-core';

interface BridgeWatch {
  calls: string[];
  pending: Set<number>;
}

declare global {
  interface Window {
    lotkeeperBridgeWatch?: BridgeWatch;
  }
}

/** Watches the page's bridge from its next load on; call it before page.goto. */
export async function watchBridge(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const watch: BridgeWatch = { calls: [], pending: new Set() };
    window.lotkeeperBridgeWatch = watch;
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      private readonly mine = new Set<number>();
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        // Registered before the console's own onmessage, so an answer is no longer pending when the console reads it.
        this.addEventListener('message', (event: MessageEvent) => {
          const frame = parsed(event.data);
          if (frame?.type === 'result' && typeof frame.id === 'number') watch.pending.delete(frame.id);
        });
        // A closed socket's calls will never be answered: the console fails them, and they are in flight no more.
        this.addEventListener('close', () => {
          for (const id of this.mine) watch.pending.delete(id);
        });
      }
      override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
        const frame = parsed(data);
        if (typeof frame?.id === 'number') {
          watch.pending.add(frame.id);
          this.mine.add(frame.id);
        }
        if (typeof frame?.call === 'string') watch.calls.push(frame.call);
        super.send(data);
      }
    };
    function parsed(data: unknown): { id?: unknown; call?: unknown; type?: unknown } | null {
      try {
        return typeof data === 'string' ? (JSON.parse(data) as { id?: unknown; call?: unknown; type?: unknown }) : null;
      } catch {
        return null;
      }
    }
  });
}

/** The calls the console has sent since it loaded, in order. */
export function bridgeCalls(page: Page): Promise<string[]> {
  return page.evaluate(() => [...(window.lotkeeperBridgeWatch?.calls ?? [])]);
}

/**
 * Waits until no call is in flight and nothing is loading (aria-busy), then for the browser to paint twice (the
 * answers are on the screen), and again while the screen asked anything more meanwhile: it returns once two painted
 * frames passed with no call sent and none in flight.
 */
export async function bridgeQuiet(page: Page): Promise<void> {
  for (let round = 0; round < 50; round++) {
    await page.waitForFunction(() => {
      const watch = window.lotkeeperBridgeWatch;
      if (!watch) throw new Error('the bridge is not watched on this page (watchBridge before it loads)');
      return watch.pending.size === 0 && document.querySelectorAll('[aria-busy="true"]').length === 0 && document.fonts.status === 'loaded';
    });
    const settled = await page.evaluate(async () => {
      const watch = window.lotkeeperBridgeWatch!;
      const sent = watch.calls.length;
      await new Promise<void>((painted) => requestAnimationFrame(() => requestAnimationFrame(() => painted())));
      return watch.calls.length === sent && watch.pending.size === 0 && document.querySelectorAll('[aria-busy="true"]').length === 0;
    });
    if (settled) return;
  }
  throw new Error('the console kept asking the kiosk: it never settled');
}
