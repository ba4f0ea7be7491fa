import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { app, powerMonitor, powerSaveBlocker } from 'electron';
import type { Core } from '../core/app';
import type { Logger } from '../core/log';
import { readUpdateSettings } from '../core/updates/settings';
import { autostartPlan } from './autostart';
import { KeepAwake } from './awake';
import type { KioskState } from './kiosk';

// Glue for the kiosk's place on the PC: start at login, keep the display awake while in use. The decisions
// are autostart.ts and awake.ts (tests/electron-logic); this file only calls Electron. Untested without it.

/**
 * Registers (or unregisters) the app to start when this Windows account logs in, as the operator's
 * setting says, in a packaged kiosk run only. Applied at every start, so a changed setting takes effect at
 * the next one. Never throws: a failure is logged and the kiosk starts anyway.
 */
export function applyAutostart(core: Core, state: KioskState, log: Logger): void {
  try {
    const plan = autostartPlan({
      isPackaged: app.isPackaged,
      platform: process.platform,
      wanted: readUpdateSettings(core.services.db).startAtLogin,
      kiosk: state.kiosk,
      execPath: process.execPath,
      appImage: process.env.APPIMAGE,
      configDir: process.env.XDG_CONFIG_HOME || join(homedir(), '.config'),
    });
    if (plan.kind === 'leave') {
      log.info('start at login left as it is', { why: plan.why });
    } else if (plan.kind === 'login-item') {
      app.setLoginItemSettings(plan.settings);
      log.info('start at login', { openAtLogin: plan.settings.openAtLogin });
    } else if (plan.content === null) {
      rmSync(plan.file, { force: true });
      log.info('start at login off', { file: plan.file });
    } else {
      mkdirSync(dirname(plan.file), { recursive: true });
      writeFileSync(plan.file, plan.content);
      log.info('start at login', { file: plan.file });
    }
  } catch (error) {
    log.error('could not set start at login', { error: String(error) });
  }
}

/**
 * Keeps the display from sleeping while the kiosk is in use (see `KeepAwake`), checked every `everyMs`.
 * Returns the function that stops it and lets the display sleep.
 */
export function startKeepAwake(core: Core, state: KioskState, log: Logger, everyMs = 15_000): () => void {
  const keep = new KeepAwake({
    start: () => powerSaveBlocker.start('prevent-display-sleep'),
    stop: (id) => powerSaveBlocker.stop(id),
  });
  const tick = () => {
    try {
      if (!state.kiosk) return keep.release(); // an operator left kiosk mode: the PC behaves as usual
      keep.update({
        loggedIn: core.services.sessions.loggedInCount() > 0,
        idleMs: powerMonitor.getSystemIdleTime() * 1000,
      });
    } catch (error) {
      log.error('keep-awake check failed', { error: String(error) });
    }
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return () => {
    clearInterval(timer);
    keep.release();
  };
}
