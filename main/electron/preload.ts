import { contextBridge, ipcRenderer } from 'electron';

// Sandboxed preload (CommonJS build): the page gets one function and nothing of Electron itself.

/** What the renderer sees as `window.balai`: one call per API method, answered with a Result. */
export interface BalaiBridge {
  call(method: string, args: unknown): Promise<unknown>;
}

const bridge: BalaiBridge = {
  call: (method, args) => ipcRenderer.invoke('balai:call', method, args) as Promise<unknown>,
};

contextBridge.exposeInMainWorld('balai', bridge);
