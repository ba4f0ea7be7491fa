import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// ajv and js-yaml come with electron-builder (app-builder-lib uses them to check this same file), so the
// check needs no network and no package of its own. js-yaml has no bundled types: load it through require.
const require = createRequire(import.meta.url);
const { load } = require('js-yaml') as { load: (text: string) => unknown };
const Ajv = require('ajv') as new (options: Record<string, unknown>) => {
  compile(schema: unknown): ((data: unknown) => boolean) & { errors?: unknown[] | null };
};

const config = load(readFileSync(resolve('electron-builder.yml'), 'utf8')) as Record<string, unknown>;
const schema: unknown = JSON.parse(
  readFileSync(require.resolve('app-builder-lib/scheme.json', { paths: [process.cwd()] }), 'utf8'),
);

// Compiled once: the schema is large.
const validate = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(schema);

describe('electron-builder.yml', () => {
  it('matches electron-builder’s own schema', () => {
    const valid = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('names the app as ours and keeps the natives loadable', () => {
    expect(config.appId).toBe('org.balaibelajar.kiosk');
    expect(config.productName).toBe('Balai Belajar');
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**/*.node');
    expect(config.npmRebuild).toBe(false);
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    expect(config.extraResources).toEqual([expect.objectContaining({ from: 'resources', to: 'resources' })]);
  });

  it('builds the foundation targets', () => {
    const linux = config.linux as { target: string[] };
    const win = config.win as { target: { target: string; arch: string[] }[] };
    expect(linux.target).toEqual(expect.arrayContaining(['dir', 'AppImage', 'deb']));
    expect(win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
  });

  it('the schema is strict enough to catch a typo', () => {
    expect(validate({ ...config, asarUnpak: ['x'] })).toBe(false);
  });
});
