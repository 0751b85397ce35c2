/**
 * Runs sandboxed before the console's scripts. Exposes `window.lotkeeper` (LotkeeperApi) and nothing else: the page
 * never sees ipcRenderer, the IPC event object or any other Electron handle. Validation and role checks happen in
 * the main process (ipc.ts and the core), never here.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type KioskEventArgs, type LotkeeperApi } from './preload-api';

const api: LotkeeperApi = {
  call: (name, input) => ipcRenderer.invoke(IPC_CALL_CHANNEL, name, input),
  onEvent(listener) {
    if (typeof listener !== 'function') throw new TypeError('onEvent needs a function');
    // Only the name and payload cross over; the IpcRendererEvent (which holds `sender`) stays here.
    const forward = (_event: IpcRendererEvent, ...args: KioskEventArgs): void => listener(...args);
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('lotkeeper', api);
