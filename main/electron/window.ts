import { BrowserWindow } from 'electron';
import type { Logger } from '../core/log';
import { guardKiosk, type KioskState } from './kiosk';
import { APP_ENTRY_URL } from './sender';

/** The kiosk's typical screen; used when windowed. */
export const WINDOW_SIZE = { width: 1366, height: 768 };
/** Painted before the UI arrives, so an old PC shows a calm page, not a white flash. */
export const BACKGROUND = '#f6f4ef';

export interface WindowOptions {
  preloadPath: string;
  state: KioskState;
  log: Logger;
}

/**
 * The one window: sandboxed, context-isolated, no Node, the preload's `window.balai` as its only
 * bridge, loading balai://app. In kiosk mode it fills the screen and has no developer tools.
 */
export function createAppWindow({ preloadPath, state, log }: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    ...WINDOW_SIZE,
    title: 'Balai Belajar',
    show: false,
    kiosk: state.kiosk,
    backgroundColor: BACKGROUND,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // Middle-click (auxclick) opens links in new windows; setWindowOpenHandler denies them anyway, and a
      // kiosk has no use for the event at all.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      devTools: !state.kiosk,
    },
  });
  guardKiosk(win, state, log);
  win.once('ready-to-show', () => win.show());
  win.webContents.on('render-process-gone', (_event, details) => {
    log.error('renderer gone', { reason: details.reason, exitCode: details.exitCode });
  });
  win.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
    log.error('could not load the UI', { url: APP_ENTRY_URL, error: String(error) });
  });
  return win;
}
