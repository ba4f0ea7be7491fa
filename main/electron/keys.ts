// Pure (no electron import): unit-tested under Node in tests/electron-logic.

/** The part of Electron's `Input` (before-input-event) the kiosk looks at. */
export interface KeyInput {
  type: string;
  key: string;
  control: boolean;
  meta: boolean;
  shift: boolean;
  alt: boolean;
}

/** Browser keys that would leave the page, go back or forward in its history, or reload it. */
const BROWSER_KEYS = new Set([
  'F5',
  'F11',
  'F12',
  'BrowserRefresh',
  'BrowserBack',
  'BrowserForward',
  'BrowserHome',
]);
/** With Ctrl (Cmd): reload, close, quit, print, save, open, new window or tab, view source. */
const CTRL_KEYS = new Set(['r', 'w', 'q', 'F4', 'p', 's', 'o', 'n', 't', 'u']);
/** With Ctrl: page zoom (the lesson player has its own text size; a zoomed kiosk stays zoomed for the next person). */
const ZOOM_KEYS = new Set(['=', '+', '-', '0']);

/**
 * Keys that would reload, close, print, zoom, go back in history, leave full screen or open developer tools.
 * In kiosk mode the window swallows them. (The OS still owns Ctrl+Alt+Del, the Windows key and Alt+Tab:
 * docs/deploy-windows.md says how Windows itself is locked down.)
 */
export function isBlockedInKiosk(input: KeyInput): boolean {
  if (input.type === 'keyUp') return false;
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  const mod = input.control || input.meta;
  if (BROWSER_KEYS.has(key)) return true;
  if (input.alt && (key === 'F4' || key === 'ArrowLeft' || key === 'ArrowRight' || key === 'Home'))
    return true;
  if (mod && (CTRL_KEYS.has(key) || ZOOM_KEYS.has(key))) return true;
  if (mod && input.shift && (key === 'i' || key === 'j' || key === 'c' || key === 'Delete')) return true;
  return false;
}
