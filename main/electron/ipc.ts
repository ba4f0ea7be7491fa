import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { err } from '../api/result';
import type { Core } from '../core/app';
import type { Logger } from '../core/log';
import { isTrustedSender } from './sender';

/** The one IPC channel: the preload's `window.balai.call(method, args)`. */
export const CALL_CHANNEL = 'balai:call';

/** Each window has its own API session, like a browser tab has its own cookie. */
export class WindowSessions {
  private readonly byContents = new Map<number, { win: BrowserWindow; token: string }>();

  /** Opens a (logged-out) session for a new window; it ends with the window. */
  add(win: BrowserWindow, core: Core): void {
    const id = win.webContents.id;
    const token = core.newSession();
    this.byContents.set(id, { win, token });
    win.once('closed', () => {
      this.byContents.delete(id);
      core.endSession(token);
    });
  }

  /** The session token for an IPC event, or null if the sender is not the main frame of one of our windows. */
  tokenFor(event: IpcMainInvokeEvent): string | null {
    const entry = this.byContents.get(event.sender.id);
    if (!entry || entry.win.isDestroyed()) return null;
    const frame = event.senderFrame;
    const main = entry.win.webContents.mainFrame;
    const isMainFrame =
      frame !== null &&
      frame.parent === null &&
      frame.frameTreeNodeId === main.frameTreeNodeId &&
      frame.processId === main.processId;
    return isTrustedSender(frame?.url, isMainFrame) ? entry.token : null;
  }
}

/**
 * Carries API calls from the window to the core. The sender is checked on every call (frame, URL);
 * method and args arrive as `unknown` and the core parses them. Never throws back into the renderer.
 */
export function registerApiIpc(core: Core, sessions: WindowSessions, log: Logger): void {
  ipcMain.handle(CALL_CHANNEL, async (event, method: unknown, args: unknown) => {
    try {
      const token = sessions.tokenFor(event);
      if (!token) {
        log.warn('ipc sender refused', { url: event.senderFrame?.url?.slice(0, 200) ?? null });
        return err('FORBIDDEN', 'sender refused');
      }
      return await core.call(token, method, args);
    } catch (error) {
      log.error('ipc call failed', { method: String(method).slice(0, 80), error: String(error) });
      return err('INTERNAL', 'internal error; see the log');
    }
  });
}
