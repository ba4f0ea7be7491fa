import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The project root (where package.json is), from this file's place in main/cli. */
export const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');
export const RESOURCES_DIR = resolve(PROJECT_ROOT, 'resources');
export const RENDERER_DIR = resolve(PROJECT_ROOT, 'out', 'renderer');

export const APP_VERSION = (
  JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
