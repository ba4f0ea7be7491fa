import type { BrowserWindow } from 'electron';
import type { Logger } from '../core/log';
import { isBlockedInKiosk } from './keys';

/** Whether the window is locked as a kiosk, and whether a close is allowed through. */
export interface KioskState {
  kiosk: boolean;
  /** Set when an operator left kiosk mode, or when the OS is shutting down. */
  allowClose: boolean;
}

/**
 * Keeps a kiosk window in place: close is refused (Alt+F4, the taskbar) and reload/close/devtools keys
 * are swallowed, until an operator leaves kiosk mode. Not a lockdown on its own: Windows still needs
 * Assigned Access or Shell Launcher for that (see docs on kiosk set-up).
 */
export function guardKiosk(win: BrowserWindow, state: KioskState, log: Logger): void {
  win.on('close', (event) => {
    if (state.kiosk && !state.allowClose) {
      event.preventDefault();
      log.info('close refused in kiosk mode');
    }
  });
  // Windows logs off or shuts down: let the window go so the database closes cleanly.
  win.on('session-end', () => {
    state.allowClose = true;
  });
  // A page's beforeunload must not veto a close the operator or the OS asked for.
  win.webContents.on('will-prevent-unload', (event) => event.preventDefault());
  win.webContents.on('before-input-event', (event, input) => {
    if (state.kiosk && isBlockedInKiosk(input)) event.preventDefault();
  });
}

/**
 * The operator's way out (after `kiosk.exit` checked their PIN): a normal window that can be closed.
 * Answers true, as the core's Platform expects when the shell did leave kiosk mode.
 */
export function leaveKiosk(win: BrowserWindow | null, state: KioskState, log: Logger): boolean {
  state.kiosk = false;
  state.allowClose = true;
  if (win && !win.isDestroyed()) {
    win.setKiosk(false);
    if (win.isFullScreen()) win.setFullScreen(false);
    win.setClosable(true);
  }
  log.info('kiosk mode left by an operator');
  return true;
}
