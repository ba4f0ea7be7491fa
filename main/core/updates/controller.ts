import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result } from '../../api/result';
import { isoWithOffset, type Clock } from '../clock';
import { renameWithRetry } from '../files/fsutil';
import type { Logger } from '../log';
import type { Trust } from '../pki/trust';
import { readUpdateFeed } from './feed';
import { stageUpdateFolder, verifyUpdateFolder, type VerifiedUpdate } from './folder';
import type { FetchFn } from './http';
import {
  backoffDelay,
  decideCheck,
  decideInstall,
  DEFAULT_UPDATE_POLICY,
  postponeUntil,
  vetUpdaterInfo,
  type InstallerFacts,
  type Refusal,
  type UpdatePolicy,
} from './policy';
import { serveUpdateFolder } from './serve';
import type { UpdateSettings } from './settings';
import { scheduleOf, timeOf, type UpdateSource, type UpdateStateStore } from './state';
import { statusView, type UpdateStatusView } from './status';
import type { UpdatePlatform } from './update-format';
import { isNewerVersion } from './version';

/** Where electron-updater is pointed: a generic-provider base URL and the channel file to read there. */
export interface UpdaterFeed {
  url: string;
  channel: string;
}

/**
 * What the shell's updater does for the controller (main/electron/updater.ts wraps electron-updater; tests
 * use a fake). Methods may throw: the controller catches, logs and backs off.
 */
export interface UpdaterPort {
  /** Points the updater at `feed` and asks what it would download (nothing is downloaded yet); null: nothing. */
  check(feed: UpdaterFeed): Promise<InstallerFacts | null>;
  /** Downloads what `check` found; resolves once the updater has it and checked it (sha512, Authenticode). */
  download(): Promise<void>;
  /** Quits the app and runs the installer silently; the app starts again afterwards. */
  install(): void;
}

/** Whether anyone is using the kiosk. */
export interface Presence {
  loggedIn(): boolean;
  /** Milliseconds without keyboard or mouse input. */
  idleMs(): number;
}

export interface UpdateControllerOptions {
  state: UpdateStateStore;
  settings: () => UpdateSettings;
  /** The feed built into the app (app-update.yml), used when the operator set none. */
  defaultFeedUrl: string | null;
  running: string;
  platform: UpdatePlatform;
  trust: () => Trust;
  fetch: FetchFn;
  updater: UpdaterPort;
  presence: Presence;
  /** Electron's `net.isOnline()`: false is reliable, true is only a hint; null: unknown. */
  osOnline: () => boolean | null;
  /** `<data>/updates`: where an update from a stick is kept until it is installed. */
  updatesDir: string;
  clock: Clock;
  log: Logger;
  policy?: UpdatePolicy;
  random?: () => number;
}

/** After this many installs that did not take, the kiosk stops trying one version. */
export const MAX_INSTALL_ATTEMPTS = 3;

/**
 * Keeps the app current: checks the online feed when a real connection exists (and on a schedule while it
 * lasts), takes updates from sticks, lets electron-updater download in the background, and installs only at
 * a quiet moment or at the next start, never while someone is logged in. The decisions are `policy.ts`;
 * this class carries them out and keeps `update_state`. No method throws.
 */
export class UpdateController {
  private readonly policy: UpdatePolicy;
  private readonly random: () => number;
  private busy = false;
  /** The pending update was downloaded by this run of the app (the updater has it in hand). */
  private armed = false;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly o: UpdateControllerOptions) {
    this.policy = o.policy ?? DEFAULT_UPDATE_POLICY;
    this.random = o.random ?? Math.random;
  }

  private get readyDir(): string {
    return join(this.o.updatesDir, 'ready');
  }

  private now(): Date {
    return this.o.clock.now();
  }

  private feedUrl(): string | null {
    return this.o.settings().feedUrl ?? this.o.defaultFeedUrl;
  }

  /** What the operator sees. */
  status(): UpdateStatusView {
    const state = this.o.state.read();
    const settings = this.o.settings();
    const decision = decideCheck({
      now: this.now().getTime(),
      state: scheduleOf(state),
      policy: this.policy,
      osOnline: this.o.osOnline(),
      busy: this.busy,
    });
    const nextCheckAt =
      this.feedUrl() === null
        ? null
        : decision.check
          ? isoWithOffset(this.now())
          : decision.retryInMs === null
            ? null
            : isoWithOffset(new Date(this.now().getTime() + decision.retryInMs));
    return statusView({
      running: this.o.running,
      settings,
      feedUrl: this.feedUrl(),
      state,
      nextCheckAt,
      busy: this.busy,
    });
  }

  /**
   * Start of the app: forgets an update that is now installed (or whose download was cut off), re-arms one
   * that waits (from the kept stick copy, or from the feed) to install it now, before anyone logs in, then
   * ticks every `tickMs`.
   */
  async start(tickMs = 60_000): Promise<void> {
    try {
      await this.resumePending();
    } catch (error) {
      this.o.log.error('resuming a pending update failed', { error: String(error) });
    }
    if (this.timer === null && tickMs > 0) {
      this.timer = setInterval(() => void this.tick(), tickMs);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** One step of the schedule: check if due, then install if the moment is quiet. */
  async tick(): Promise<void> {
    try {
      const decision = decideCheck({
        now: this.now().getTime(),
        state: scheduleOf(this.o.state.read()),
        policy: this.policy,
        osOnline: this.o.osOnline(),
        busy: this.busy,
      });
      if (decision.check) await this.checkOnline(false);
      this.considerInstall(false);
    } catch (error) {
      this.o.log.error('update tick failed', { error: String(error) });
    }
  }

  /** The operator's "check now": no waiting for the schedule or the back-off. */
  async checkNow(): Promise<Result<UpdateStatusView>> {
    if (this.busy) return err('BUSY', 'an update check or download is running');
    if (this.feedUrl() === null) return err('NOT_FOUND', 'no update feed is set');
    const decision = decideCheck({
      now: this.now().getTime(),
      state: scheduleOf(this.o.state.read()),
      policy: this.policy,
      osOnline: this.o.osOnline(),
      busy: false,
      operator: true,
    });
    if (decision.check) await this.checkOnline(true);
    else this.o.state.noConnection(this.now());
    this.considerInstall(false);
    return ok(this.status());
  }

  /** Puts the installation off for `minutes` (at most the policy's limit); null lifts a postponement. */
  postpone(minutes: number | null): UpdateStatusView {
    const until =
      minutes === null ? null : new Date(postponeUntil(this.now().getTime(), minutes, this.policy));
    this.o.state.postpone(until);
    this.o.log.info('update installation postponed', { until: until ? isoWithOffset(until) : null });
    return this.status();
  }

  /**
   * An update folder found on a stick: copied off the stick and checked (signature, hashes, newer, channel,
   * platform), kept in `<data>/updates/ready`, served on 127.0.0.1 and handed to the updater, which checks it
   * again and downloads it. Installed later, at a quiet moment.
   */
  async fromStick(folder: string): Promise<Result<{ version: string }>> {
    if (this.busy) return err('BUSY', 'an update check or download is running');
    this.busy = true;
    const staging = join(this.o.updatesDir, `.staging-${randomUUID()}`);
    try {
      const staged = await stageUpdateFolder(folder, staging, this.want());
      if (!staged.ok) return this.refused('stick', staged);
      rmSync(this.readyDir, { recursive: true, force: true });
      renameWithRetry(staging, this.readyDir);
      const kept = { ...staged.update, dir: this.readyDir };
      this.o.log.info('update from a stick checked', {
        version: kept.release.version,
        keyId: kept.key.keyId,
      });
      return await this.takeVerified(kept, 'stick');
    } catch (error) {
      this.o.log.error('update from a stick failed', { error: String(error) });
      return err('INTERNAL', 'the update could not be taken from the stick; see the log');
    } finally {
      rmSync(staging, { recursive: true, force: true });
      this.busy = false;
    }
  }

  /**
   * Installs the downloaded update if the moment is right (see `decideInstall`). Returns true when the
   * installer was started (the app is about to quit).
   */
  considerInstall(atStart: boolean): boolean {
    const state = this.o.state.read();
    const ready = state.pending?.state === 'ready' && this.armed ? state.pending : null;
    const decision = decideInstall({
      now: this.now().getTime(),
      ready,
      loggedIn: this.o.presence.loggedIn(),
      idleMs: this.o.presence.idleMs(),
      postponedUntil: timeOf(state.postponedUntil),
      atStart,
      // The operator's quiet time (settings), else the policy's.
      policy: { ...this.policy, quietIdleMs: this.o.settings().quietMinutes * 60_000 },
    });
    if (!decision.install || !ready || this.busy) return false;
    if (ready.installAttempts >= MAX_INSTALL_ATTEMPTS) {
      this.o.state.setPending(this.now(), null);
      this.o.state.error(
        this.now(),
        'install_failed',
        `version ${ready.version} did not install after ${ready.installAttempts} tries`,
      );
      this.o.log.error('update gave up: it did not install', { version: ready.version });
      this.armed = false;
      return false;
    }
    this.o.log.info('installing update', {
      version: ready.version,
      why: decision.why,
      attempt: ready.installAttempts + 1,
    });
    this.o.state.installStarted();
    try {
      this.o.updater.install();
      return true;
    } catch (error) {
      this.o.state.error(this.now(), 'install_failed', String(error));
      this.o.log.error('the installer could not be started', { error: String(error) });
      return false;
    }
  }

  private want() {
    return {
      trust: this.o.trust(),
      platform: this.o.platform,
      channel: this.o.settings().channel,
      running: this.o.running,
    };
  }

  private async resumePending(): Promise<void> {
    const pending = this.o.state.read().pending;
    if (!pending) return;
    if (!isNewerVersion(pending.version, this.o.running) || pending.state === 'downloading') {
      this.o.log.info(
        pending.state === 'downloading'
          ? 'an update download was cut off; it will be looked for again'
          : 'update installed',
        { version: pending.version, running: this.o.running },
      );
      this.o.state.setPending(this.now(), null);
      rmSync(this.readyDir, { recursive: true, force: true });
      return;
    }
    if (pending.source === 'stick' && existsSync(this.readyDir)) {
      this.busy = true;
      try {
        const kept = await verifyUpdateFolder(this.readyDir, this.want());
        if (!kept.ok) {
          this.o.state.setPending(this.now(), null);
          this.refused('stick', kept);
          return;
        }
        await this.takeVerified(kept.update, 'stick');
      } finally {
        this.busy = false;
      }
    } else if (pending.source === 'online') {
      const decision = decideCheck({
        now: this.now().getTime(),
        state: scheduleOf(this.o.state.read()),
        policy: this.policy,
        osOnline: this.o.osOnline(),
        busy: false,
        operator: true,
      });
      if (decision.check) await this.checkOnline(true);
    } else this.o.state.setPending(this.now(), null);
    this.considerInstall(true);
  }

  /** A check of the online feed; the request itself decides whether a connection exists. */
  private async checkOnline(operator: boolean): Promise<void> {
    const url = this.feedUrl();
    if (url === null || this.busy) return;
    this.busy = true;
    try {
      const want = this.want();
      const feed = await readUpdateFeed({ fetch: this.o.fetch, url, ...want });
      if (!feed.ok && feed.offline) {
        this.o.state.noConnection(this.now());
        this.o.log.info('no connection to the update feed', { message: feed.message, operator });
        return;
      }
      if (!feed.ok) {
        if (feed.code === 'not_newer') {
          this.o.state.checked(this.now(), 'up_to_date');
          return;
        }
        if (feed.code === 'http_error') return this.failed('online', feed.code, feed.message);
        this.refused('online', feed);
        return;
      }
      await this.takeOffer({ url, channel: want.channel }, feed.installer, 'online');
    } finally {
      this.busy = false;
    }
  }

  /** A stick update checked on disk: serve it on 127.0.0.1 for the time of the download, then stop. */
  private async takeVerified(
    update: VerifiedUpdate,
    source: UpdateSource,
  ): Promise<Result<{ version: string }>> {
    const served = await serveUpdateFolder(update, this.o.log);
    if (!served.ok) {
      this.failed(source, 'serve_failed', served.reason);
      return err('INTERNAL', served.reason);
    }
    try {
      return await this.takeOffer(
        { url: served.served.url, channel: update.release.channel },
        update.installer,
        source,
      );
    } finally {
      await served.served.stop();
    }
  }

  /** Hands a checked release to the updater and has it downloaded; it must offer exactly that file. */
  private async takeOffer(
    feed: UpdaterFeed,
    verified: InstallerFacts,
    source: UpdateSource,
  ): Promise<Result<{ version: string }>> {
    const pending = this.o.state.read().pending;
    if (this.armed && pending?.state === 'ready' && pending.version === verified.version) {
      this.o.state.checked(this.now(), 'update_found');
      return ok({ version: verified.version });
    }
    let offered: InstallerFacts | null;
    try {
      offered = await this.o.updater.check(feed);
    } catch (error) {
      this.failed(source, 'updater_failed', `the updater could not read the feed: ${String(error)}`);
      return err('INTERNAL', 'the updater could not read the update; see the log');
    }
    const mismatch = offered
      ? vetUpdaterInfo(verified, offered)
      : { code: 'mismatch' as const, message: 'the updater found no update where the signed one is' };
    if (mismatch) return this.refused(source, mismatch);
    this.o.state.setPending(this.now(), { version: verified.version, source, state: 'downloading' });
    this.o.log.info('downloading update', { version: verified.version, source });
    try {
      await this.o.updater.download();
    } catch (error) {
      this.o.state.setPending(this.now(), null);
      this.failed(source, 'download_failed', `the update could not be downloaded: ${String(error)}`);
      return err('INTERNAL', 'the update could not be downloaded; see the log');
    }
    this.o.state.setPending(this.now(), { version: verified.version, source, state: 'ready' });
    this.o.state.checked(this.now(), 'update_found');
    this.armed = true;
    this.o.log.info('update downloaded; it installs at a quiet moment', {
      version: verified.version,
      source,
    });
    return ok({ version: verified.version });
  }

  /** Refused: logged, shown, and not retried before the next scheduled check. */
  private refused(source: UpdateSource, refusal: Refusal): Result<never> {
    if (source === 'online') this.o.state.checked(this.now(), 'refused');
    this.o.state.error(this.now(), refusal.code, refusal.message);
    this.o.log.warn('update refused', { source, code: refusal.code, reason: refusal.message });
    return err('INVALID_CONTENT', refusal.message, { reason: refusal.code });
  }

  /** Failed: logged and shown; an online check is retried after the back-off (a stick is the operator's to retry). */
  private failed(source: UpdateSource, code: string, message: string): void {
    if (source === 'stick') {
      this.o.state.error(this.now(), code, message);
      this.o.log.error('update from a stick failed', { code, message });
      return;
    }
    const failures = this.o.state.read().failures + 1;
    const wait = backoffDelay(failures, this.policy, this.random);
    this.o.state.failed(this.now(), new Date(this.now().getTime() + wait));
    this.o.state.error(this.now(), code, message);
    this.o.log.error('update check failed; trying again later', { code, message, retryInMs: wait });
  }
}
