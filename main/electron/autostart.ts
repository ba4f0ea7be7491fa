// Pure (no electron import): unit-tested under Node in tests/electron-logic.
import { join } from 'node:path';

/** What decides whether Balai Belajar starts when the kiosk account logs in. */
export interface AutostartInput {
  /** Only an installed app registers itself: a development run must never put electron.exe in the Run key. */
  isPackaged: boolean;
  platform: NodeJS.Platform;
  /** The operator's setting (on by default for a kiosk). */
  wanted: boolean;
  /** A windowed run (`--windowed`, maintenance) leaves the registration as it is. */
  kiosk: boolean;
  /** `process.execPath`: the installed Balai Belajar.exe. */
  execPath: string;
  /** Linux AppImage: the AppImage file (`APPIMAGE`), which survives updates, unlike the mounted execPath. */
  appImage?: string;
  /** Linux: `$XDG_CONFIG_HOME` or `~/.config`. */
  configDir?: string;
}

export type AutostartPlan =
  | { kind: 'leave'; why: 'not-packaged' | 'windowed' | 'unsupported' }
  /** Windows and macOS: `app.setLoginItemSettings` (Windows writes HKCU\…\Run for this user only). */
  | { kind: 'login-item'; settings: { openAtLogin: boolean; path: string; args: string[] } }
  /** Linux desktops: an XDG autostart entry, written or removed. */
  | { kind: 'desktop-file'; file: string; content: string | null };

/**
 * How to make the app start (or not) at login, per platform. The same `path` and `args` are used to set
 * and to read the login item, as Electron requires for `getLoginItemSettings` to answer about this entry.
 */
export function autostartPlan(input: AutostartInput): AutostartPlan {
  if (!input.isPackaged) return { kind: 'leave', why: 'not-packaged' };
  if (!input.kiosk) return { kind: 'leave', why: 'windowed' };
  if (input.platform === 'win32' || input.platform === 'darwin')
    return { kind: 'login-item', settings: { openAtLogin: input.wanted, path: input.execPath, args: [] } };
  if (input.platform === 'linux' && input.configDir) {
    const exec = input.appImage ?? input.execPath;
    return {
      kind: 'desktop-file',
      file: join(input.configDir, 'autostart', 'balai-belajar.desktop'),
      content: input.wanted
        ? [
            '[Desktop Entry]',
            'Type=Application',
            'Name=Balai Belajar',
            `Exec="${exec.replace(/(["`$\\])/g, '\\$1')}"`,
            'X-GNOME-Autostart-enabled=true',
            '',
          ].join('\n')
        : null,
    };
  }
  return { kind: 'leave', why: 'unsupported' };
}
