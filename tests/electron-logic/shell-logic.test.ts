import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBlockedInKiosk, type KeyInput } from '../../main/electron/keys';
import { readShellOptions } from '../../main/electron/options';
import { shellPaths } from '../../main/electron/paths';

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({
  type: 'keyDown',
  key: k,
  control: false,
  meta: false,
  shift: false,
  alt: false,
  ...mods,
});

describe('isBlockedInKiosk', () => {
  it.each([
    ['Ctrl+R', key('r', { control: true })],
    ['Ctrl+Shift+R', key('R', { control: true, shift: true })],
    ['F5', key('F5')],
    ['Ctrl+F5', key('F5', { control: true })],
    ['Ctrl+W', key('w', { control: true })],
    ['Ctrl+F4', key('F4', { control: true })],
    ['Ctrl+Shift+I', key('I', { control: true, shift: true })],
    ['Ctrl+Shift+J', key('J', { control: true, shift: true })],
    ['F12', key('F12')],
    ['F11', key('F11')],
    ['Alt+F4', key('F4', { alt: true })],
    ['Cmd+R', key('r', { meta: true })],
    ['Ctrl+Q', key('q', { control: true })],
  ])('blocks %s', (_name, input) => {
    expect(isBlockedInKiosk(input)).toBe(true);
  });

  it.each([
    ['letters', key('a')],
    ['capital letters', key('R', { shift: true })],
    ['Enter', key('Enter')],
    ['Tab', key('Tab')],
    ['Backspace', key('Backspace')],
    ['Ctrl+C (copy)', key('c', { control: true })],
    ['Ctrl+V (paste)', key('v', { control: true })],
    ['Ctrl+A', key('a', { control: true })],
    ['F4 alone', key('F4')],
    ['Alt alone', key('Alt', { alt: true })],
    ['the key-up of Ctrl+R', { ...key('r', { control: true }), type: 'keyUp' }],
  ])('lets %s through', (_name, input) => {
    expect(isBlockedInKiosk(input)).toBe(false);
  });
});

describe('readShellOptions', () => {
  it('is a kiosk by default', () => {
    expect(readShellOptions(['electron', '.'], {})).toEqual({ windowed: false, userDataDir: null });
  });

  it('is windowed with --windowed or BALAI_WINDOWED=1 (and only 1)', () => {
    expect(readShellOptions(['electron', '.', '--windowed'], {}).windowed).toBe(true);
    expect(readShellOptions(['electron', '.'], { BALAI_WINDOWED: '1' }).windowed).toBe(true);
    expect(readShellOptions(['electron', '.'], { BALAI_WINDOWED: '0' }).windowed).toBe(false);
    expect(readShellOptions(['electron', '.'], { BALAI_WINDOWED: 'yes' }).windowed).toBe(false);
  });

  it('reads the data folder from the argument first, then the environment, as an absolute path', () => {
    const cwd = resolve('/srv/kiosk');
    expect(readShellOptions(['x', '--user-data-dir=/tmp/a'], {}, cwd).userDataDir).toBe(resolve('/tmp/a'));
    expect(readShellOptions(['x', '--user-data-dir', 'data'], {}, cwd).userDataDir).toBe(join(cwd, 'data'));
    expect(
      readShellOptions(['x', '--user-data-dir=/tmp/a'], { BALAI_USER_DATA_DIR: '/tmp/b' }, cwd).userDataDir,
    ).toBe(resolve('/tmp/a'));
    expect(readShellOptions(['x'], { BALAI_USER_DATA_DIR: '/tmp/b' }, cwd).userDataDir).toBe(
      resolve('/tmp/b'),
    );
    expect(readShellOptions(['x', '--user-data-dir', '--windowed'], {}, cwd).userDataDir).toBeNull();
    expect(readShellOptions(['x'], { BALAI_USER_DATA_DIR: '' }, cwd).userDataDir).toBeNull();
  });
});

describe('shellPaths', () => {
  const mainDir = resolve('/opt/balai/resources/app.asar/out/main');

  it('finds renderer and preload beside the main build', () => {
    const paths = shellPaths({ mainDir, isPackaged: true, resourcesPath: resolve('/opt/balai/resources') });
    expect(paths.rendererDir).toBe(resolve('/opt/balai/resources/app.asar/out/renderer'));
    expect(paths.preloadPath).toBe(resolve('/opt/balai/resources/app.asar/out/preload/index.cjs'));
  });

  it('takes resources/ from extraResources when packaged and from the repo in development', () => {
    expect(
      shellPaths({ mainDir, isPackaged: true, resourcesPath: resolve('/opt/balai/resources') }).resourcesDir,
    ).toBe(join(resolve('/opt/balai/resources'), 'resources'));
    const repo = resolve('/work/repo');
    expect(
      shellPaths({ mainDir: join(repo, 'out', 'main'), isPackaged: false, resourcesPath: '/x' }).resourcesDir,
    ).toBe(join(repo, 'resources'));
  });
});

describe('the pure shell modules', () => {
  // They are imported by these Node tests; importing electron here would try to download its binary.
  it.each(['sender.ts', 'keys.ts', 'options.ts', 'paths.ts'])('%s does not import electron', (file) => {
    const source = readFileSync(resolve('main/electron', file), 'utf8');
    expect(source).not.toMatch(/from\s+['"]electron['"]|require\(\s*['"]electron['"]\s*\)/);
  });
});
