/**
 * `npm start`: checks that the Electron binary is there before anything else, then builds and opens the
 * kiosk window. Without the binary it says, in English and Indonesian, what happened and what to do (exit 1).
 */
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { findElectronBinary, noElectronMessage } from './electron-binary';

const ROOT = resolve(import.meta.dirname, '..', '..');
const found = findElectronBinary(ROOT);
if (!found.ok) {
  console.error(noElectronMessage(found.why));
  process.exit(1);
}
if (process.env.BALAI_START_SKIP_BUILD !== '1') {
  const build = spawnSync('electron-vite', ['build'], {
    cwd: ROOT,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const child = spawn(found.path, ['.', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
