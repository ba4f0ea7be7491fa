// Pure (no electron import): unit-tested under Node in tests/electron-logic.
import { join, resolve } from 'node:path';

/** Where the shell finds its parts. */
export interface ShellPaths {
  /** The built UI (out/renderer), inside app.asar when packaged. */
  rendererDir: string;
  /** The sandboxed preload (CommonJS). */
  preloadPath: string;
  /** Courses, keys and region data shipped with the app. */
  resourcesDir: string;
}

/**
 * `mainDir` is the folder of the built main script (out/main). The renderer and preload sit beside it
 * in the build. `resources/` is the repo's folder in development and `<resourcesPath>/resources` when
 * packaged (electron-builder copies it there as extraResources, outside app.asar).
 */
export function shellPaths(opts: {
  mainDir: string;
  isPackaged: boolean;
  resourcesPath: string;
}): ShellPaths {
  return {
    rendererDir: resolve(opts.mainDir, '..', 'renderer'),
    preloadPath: resolve(opts.mainDir, '..', 'preload', 'index.cjs'),
    resourcesDir: opts.isPackaged
      ? join(opts.resourcesPath, 'resources')
      : resolve(opts.mainDir, '..', '..', 'resources'),
  };
}
