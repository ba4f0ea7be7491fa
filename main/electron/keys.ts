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

/**
 * Keys that would reload, close, leave full screen or open developer tools. In kiosk mode the window
 * swallows them. (The OS still owns Ctrl+Alt+Del, the Windows key and Alt+Tab: see the kiosk notes.)
 */
export function isBlockedInKiosk(input: KeyInput): boolean {
  if (input.type === 'keyUp') return false;
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  const mod = input.control || input.meta;
  if (key === 'F5' || key === 'F11' || key === 'F12' || key === 'BrowserRefresh') return true;
  if (input.alt && key === 'F4') return true;
  if (mod && (key === 'r' || key === 'w' || key === 'q' || key === 'F4')) return true;
  if (mod && input.shift && (key === 'i' || key === 'j' || key === 'c')) return true;
  return false;
}
