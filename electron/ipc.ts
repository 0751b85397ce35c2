/**
 * Binds the contract to ipcMain. Each webContents is one console with its own KioskConnection (its login lives in
 * the core, on that connection), created on its first call and closed when the webContents is destroyed. A reload
 * keeps the connection, so the console asks 'auth.me' on start. The core validates the payload and the role; this
 * file only decides whether the sender is our page at all. Electron is injected (types only) so vitest runs it.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { CallName, CallResult } from './kiosk/contract';
import type { Kiosk, KioskConnection } from './kiosk/kiosk';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from './preload-api';
import { isTrustedSender, type RendererTarget } from './window-policy';

type Result = CallResult<CallName>;
const failure = (code: 'forbidden' | 'unknown_call' | 'internal', message: string): Result => ({
  ok: false,
  error: { code, message },
});

/** The sender's frame, read defensively: a frame that navigated away or was destroyed throws on access. */
function senderFrame(event: IpcMainInvokeEvent): { url: string; isMainFrame: boolean } | null {
  try {
    const frame = event.senderFrame;
    return frame ? { url: frame.url, isMainFrame: frame.parent === null } : null;
  } catch {
    return null;
  }
}

export function bindKioskIpc(
  ipc: Pick<IpcMain, 'handle' | 'removeHandler'>,
  kiosk: Pick<Kiosk, 'connect'>,
  target: RendererTarget,
): () => void {
  const consoles = new Map<WebContents, { connection: KioskConnection; dispose: () => void }>();

  function connectionFor(contents: WebContents): KioskConnection {
    const existing = consoles.get(contents);
    if (existing) return existing.connection;
    const connection = kiosk.connect(`electron:webContents/${contents.id}`);
    const unsubscribe = connection.onEvent((name, payload) => {
      if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, name, payload);
    });
    const dispose = (): void => {
      if (consoles.get(contents)?.connection !== connection) return; // already disposed
      consoles.delete(contents);
      unsubscribe();
      connection.close();
    };
    consoles.set(contents, { connection, dispose });
    contents.once('destroyed', dispose);
    return connection;
  }

  ipc.handle(IPC_CALL_CHANNEL, async (event, name: unknown, input: unknown): Promise<Result> => {
    // A destroyed sender would get a connection whose 'destroyed' event has already fired, and leak it.
    if (event.sender.isDestroyed() || !isTrustedSender(senderFrame(event), target)) return failure('forbidden', 'calls are accepted only from the Lotkeeper console');
    if (typeof name !== 'string') return failure('unknown_call', 'a call name is a string');
    try {
      return await connectionFor(event.sender).call(name, input);
    } catch {
      // call() is specified never to throw; if it does, the console gets a code, not our stack trace.
      return failure('internal', 'the kiosk could not handle this call');
    }
  });

  return () => {
    ipc.removeHandler(IPC_CALL_CHANNEL);
    for (const { dispose } of [...consoles.values()]) dispose();
  };
}
