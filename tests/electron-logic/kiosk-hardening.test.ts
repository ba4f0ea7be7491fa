import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { autostartPlan, type AutostartInput } from '../../main/electron/autostart';
import { KeepAwake } from '../../main/electron/awake';
import { isBlockedInKiosk, type KeyInput } from '../../main/electron/keys';

const EXE = 'C:\\Users\\kiosk\\AppData\\Local\\Programs\\balai-belajar\\Balai Belajar.exe';
const input = (over: Partial<AutostartInput>): AutostartInput => ({
  isPackaged: true,
  platform: 'win32',
  wanted: true,
  kiosk: true,
  execPath: EXE,
  ...over,
});

describe('start at login', () => {
  it('registers the installed exe for this Windows account, and removes it when the operator turns it off', () => {
    expect(autostartPlan(input({}))).toEqual({
      kind: 'login-item',
      settings: { openAtLogin: true, path: EXE, args: [] },
    });
    expect(autostartPlan(input({ wanted: false }))).toEqual({
      kind: 'login-item',
      settings: { openAtLogin: false, path: EXE, args: [] },
    });
  });

  it('never from a development run, and leaves it alone in a windowed (maintenance) run', () => {
    expect(autostartPlan(input({ isPackaged: false }))).toEqual({ kind: 'leave', why: 'not-packaged' });
    expect(autostartPlan(input({ kiosk: false }))).toEqual({ kind: 'leave', why: 'windowed' });
  });

  it('on Linux, writes an XDG autostart entry for the AppImage (quoted), or removes it', () => {
    const plan = autostartPlan(
      input({
        platform: 'linux',
        execPath: '/tmp/.mount_balaiX/balai-belajar',
        appImage: '/home/kiosk/Balai "Belajar".AppImage',
        configDir: '/home/kiosk/.config',
      }),
    );
    expect(plan).toMatchObject({
      kind: 'desktop-file',
      file: resolve('/home/kiosk/.config/autostart/balai-belajar.desktop'),
    });
    expect(plan.kind === 'desktop-file' && plan.content).toContain(
      'Exec="/home/kiosk/Balai \\"Belajar\\".AppImage"',
    );
    expect(autostartPlan(input({ platform: 'linux', configDir: '/c', wanted: false }))).toMatchObject({
      content: null,
    });
    expect(autostartPlan(input({ platform: 'freebsd' }))).toEqual({ kind: 'leave', why: 'unsupported' });
  });
});

describe('keeping the display awake', () => {
  function fakeBlocker() {
    const calls: string[] = [];
    let next = 1;
    return {
      calls,
      start: () => {
        calls.push(`start ${next}`);
        return next++;
      },
      stop: (id: number) => calls.push(`stop ${id}`),
    };
  }

  it('while someone is logged in or the PC is being used, and not in an empty balai desa', () => {
    const blocker = fakeBlocker();
    const keep = new KeepAwake(blocker, 120_000);
    expect(keep.update({ loggedIn: true, idleMs: 30 * 60_000 })).toBe(true); // a long video, nobody touching
    expect(keep.update({ loggedIn: true, idleMs: 0 })).toBe(true); // no second blocker
    expect(keep.update({ loggedIn: false, idleMs: 60_000 })).toBe(true); // just logged out, still at the PC
    expect(keep.update({ loggedIn: false, idleMs: 121_000 })).toBe(false);
    expect(keep.update({ loggedIn: false, idleMs: 9_000_000 })).toBe(false);
    expect(keep.update({ loggedIn: true, idleMs: 0 })).toBe(true);
    keep.release();
    keep.release();
    expect(blocker.calls).toEqual(['start 1', 'stop 1', 'start 2', 'stop 2']);
  });
});

describe('more keys a kiosk swallows', () => {
  const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({
    type: 'keyDown',
    key: k,
    control: false,
    meta: false,
    shift: false,
    alt: false,
    ...mods,
  });

  it.each([
    ['Ctrl+P (print)', key('p', { control: true })],
    ['Ctrl+S (save page)', key('s', { control: true })],
    ['Ctrl+O (open file)', key('o', { control: true })],
    ['Ctrl+N (new window)', key('n', { control: true })],
    ['Ctrl+T (new tab)', key('t', { control: true })],
    ['Ctrl+U (view source)', key('u', { control: true })],
    ['Ctrl+Shift+Delete', key('Delete', { control: true, shift: true })],
    ['Ctrl+= (zoom in)', key('=', { control: true })],
    ['Ctrl+- (zoom out)', key('-', { control: true })],
    ['Ctrl+0 (zoom reset)', key('0', { control: true })],
    ['Alt+Left (back)', key('ArrowLeft', { alt: true })],
    ['Alt+Right (forward)', key('ArrowRight', { alt: true })],
    ['Alt+Home', key('Home', { alt: true })],
    ['the browser Back key', key('BrowserBack')],
    ['the browser Forward key', key('BrowserForward')],
  ])('blocks %s', (_name, k) => {
    expect(isBlockedInKiosk(k)).toBe(true);
  });

  it.each([
    ['digits for the PIN', key('0')],
    ['minus in a text field', key('-')],
    ['arrow keys', key('ArrowLeft')],
    ['Shift+Delete', key('Delete', { shift: true })],
    ['Ctrl+Z (undo)', key('z', { control: true })],
  ])('lets %s through', (_name, k) => {
    expect(isBlockedInKiosk(k)).toBe(false);
  });
});

describe('the kiosk modules stay pure', () => {
  it.each(['autostart.ts', 'awake.ts', 'keys.ts'])('%s does not import electron', (file) => {
    const source = readFileSync(resolve('main/electron', file), 'utf8');
    expect(source).not.toMatch(/from\s+['"]electron['"]|require\(\s*['"]electron['"]\s*\)/);
  });
});
