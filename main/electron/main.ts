import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { app, dialog, Menu, net, powerMonitor, type BrowserWindow } from 'electron';
import { createCore, type Core } from '../core/app';
import { DataFolderInUse } from '../core/db/folder-lock';
import { FolderDrives } from '../core/drives/folder';
import { consoleLogger } from '../core/log';
import { hardenApp } from './harden';
import { registerApiIpc, WindowSessions } from './ipc';
import { leaveKiosk, type KioskState } from './kiosk';
import { applyAutostart, startKeepAwake } from './kiosk-power';
import { readShellOptions } from './options';
import { shellPaths } from './paths';
import { electronSecretBox } from './secret-box';
import { handleAppProtocol, handleScoProtocol, registerAppScheme } from './protocol';
import { startUpdates, type UpdatesShell } from './updater';
import { createAppWindow } from './window';

// The thin Electron shell: lifecycle, the kiosk window, balai:// and IPC. Everything else is the core.
const log = consoleLogger('balai-shell');
const options = readShellOptions(process.argv, process.env);
// Before the lock and before `ready`: the lock and the database both live in userData.
if (options.userDataDir) {
  mkdirSync(options.userDataDir, { recursive: true }); // setPath throws for a folder that does not exist
  app.setPath('userData', options.userDataDir);
}
registerAppScheme();

const state: KioskState = { kiosk: !options.windowed, allowClose: false };
let mainWindow: BrowserWindow | null = null;
let core: Core | null = null;
let updates: UpdatesShell | null = null;
let stopKeepAwake: (() => void) | null = null;

if (!app.requestSingleInstanceLock()) {
  log.info('another Balai Belajar is running; handing over to it');
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    stopKeepAwake?.();
    stopKeepAwake = null;
    updates?.stop();
    updates = null;
    core?.close();
    core = null;
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => fail(error));
}

async function start(): Promise<void> {
  const paths = shellPaths({
    mainDir: import.meta.dirname,
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
  });
  if (!existsSync(join(paths.rendererDir, 'index.html'))) {
    throw new Error(`the UI is missing: ${paths.rendererDir} has no index.html (run "npm run build")`);
  }
  core = createCore({
    dataDir: app.getPath('userData'),
    resourcesDir: paths.resourcesDir,
    appVersion: app.getVersion(),
    shell: 'electron',
    log,
    // Launch tests stand in folders for flashdisks; a kiosk lists its real removable drives.
    drives: process.env.BALAI_DRIVES_DIR ? new FolderDrives(process.env.BALAI_DRIVES_DIR) : undefined,
    platform: { exitKiosk: () => leaveKiosk(mainWindow, state, log), secretBox: electronSecretBox() },
    fetch: (url, init) => net.fetch(url, init),
    // One host per data folder: a `balai serve` on the same folder keeps the app from starting, and back.
    exclusive: true,
  });
  await core.prepare();
  log.info('starting', {
    version: app.getVersion(),
    kiosk: state.kiosk,
    userData: app.getPath('userData'),
    packaged: app.isPackaged,
  });
  Menu.setApplicationMenu(null);
  hardenApp(log);
  handleAppProtocol(core, paths.rendererDir, log);
  handleScoProtocol(core, log);
  const sessions = new WindowSessions();
  registerApiIpc(core, sessions, log);
  // Linux/macOS shutdown: quit cleanly instead of being killed with the database open.
  powerMonitor.on('shutdown', () => {
    state.allowClose = true;
    app.quit();
  });
  mainWindow = createAppWindow({ preloadPath: paths.preloadPath, state, log });
  sessions.add(mainWindow, core);
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  // The kiosk's place on the PC: start at login (as the operator set it), display awake while in use.
  applyAutostart(core, state, log);
  stopKeepAwake = startKeepAwake(core, state, log);
  // App updates: the online feed on its schedule and update folders on sticks; installed only when quiet.
  updates = startUpdates({ core, state, resourcesDir: paths.resourcesDir, log });
  // The operator's screen reads and drives the updater through the API.
  core.services.updates.controller = updates?.controller ?? null;
}

/** Start-up failed (database locked or unreadable, missing files): say so, log the detail, exit. */
function fail(error: unknown): void {
  log.error('start-up failed', {
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  dialog.showErrorBox(
    'Balai Belajar',
    'Aplikasi tidak dapat dibuka. Hubungi operator desa.\n' +
      'The app could not start. Please contact the village operator.\n\n' +
      (error instanceof DataFolderInUse
        ? `${error.indonesian}\n${error.message}`
        : error instanceof Error
          ? error.message
          : String(error)),
  );
  app.exit(1);
}
