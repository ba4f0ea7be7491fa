// Pure (no electron import): unit-tested under Node in tests/electron-logic.

/** Electron's powerSaveBlocker, as far as the kiosk uses it. */
export interface Blocker {
  /** Starts 'prevent-display-sleep'; returns its id. */
  start(): number;
  stop(id: number): void;
}

/**
 * Keeps the display awake while the kiosk is in use: someone is logged in, or the PC had input within
 * `activeMs` (a learner reading a long lesson, watching a video). The rest of the time Windows' own power
 * plan applies, so an empty balai desa does not keep its screen lit all night. `update` is called on a
 * timer; it starts or stops the blocker only when the answer changes.
 */
export class KeepAwake {
  private id: number | null = null;

  constructor(
    private readonly blocker: Blocker,
    private readonly activeMs = 2 * 60_000,
  ) {}

  /** Whether the kiosk counts as in use now. */
  inUse(state: { loggedIn: boolean; idleMs: number }): boolean {
    return state.loggedIn || state.idleMs < this.activeMs;
  }

  /** Starts or stops the blocker to match `inUse`; returns whether it is on. */
  update(state: { loggedIn: boolean; idleMs: number }): boolean {
    const wanted = this.inUse(state);
    if (wanted && this.id === null) this.id = this.blocker.start();
    else if (!wanted && this.id !== null) {
      this.blocker.stop(this.id);
      this.id = null;
    }
    return this.id !== null;
  }

  /** Lets the display sleep again (the app quits, or the operator left kiosk mode). */
  release(): void {
    if (this.id !== null) this.blocker.stop(this.id);
    this.id = null;
  }
}
