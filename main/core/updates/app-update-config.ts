import { createRequire } from 'node:module';
import { z } from 'zod';
import { readSmallFile } from './hashing';
import { webUrl } from './settings';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };

/** The part of `resources/app-update.yml` (written by electron-builder from `publish`) the kiosk reads. */
const appUpdateConfigSchema = z.looseObject({
  provider: z.literal('generic'),
  url: webUrl,
  channel: z.string().max(20).optional(),
});

/**
 * The update feed built into a packaged app: the `url` of electron-builder's app-update.yml (a generic
 * provider), or null when the file is missing, unreadable or names another provider. Never throws.
 */
export function readBuiltInFeedUrl(appUpdateYml: string): string | null {
  const bytes = readSmallFile(appUpdateYml, 64 * 1024);
  if (!bytes) return null;
  try {
    const parsed = appUpdateConfigSchema.safeParse(yaml.load(bytes.toString('utf8')));
    return parsed.success ? parsed.data.url : null;
  } catch {
    return null;
  }
}
