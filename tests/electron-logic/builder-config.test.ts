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
// app-builder-lib's own loader: `extends` and the deep merge exactly as electron-builder applies them.
const { getConfig } = require('app-builder-lib/out/util/config/config') as {
  getConfig: (
    projectDir: string,
    configPath: string | null,
    fromOptions: null,
  ) => Promise<Record<string, unknown>>;
};

const yml = (file: string) => load(readFileSync(resolve(file), 'utf8')) as Record<string, unknown>;
const config = yml('electron-builder.yml');
const schema: unknown = JSON.parse(
  readFileSync(require.resolve('app-builder-lib/scheme.json', { paths: [process.cwd()] }), 'utf8'),
);

// Compiled once: the schema is large.
const validate = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(schema);

/** Width and height of a PNG from its IHDR chunk. */
const pngSize = (bytes: Buffer) => [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];

describe('electron-builder.yml', () => {
  it('matches electron-builder’s own schema, and so does the test-build config', () => {
    for (const [name, value] of [
      ['electron-builder.yml', config],
      ['electron-builder.test.yml', yml('electron-builder.test.yml')],
    ] as const) {
      const valid = validate(value);
      expect(validate.errors ?? [], `${name}: ${JSON.stringify(validate.errors, null, 2)}`).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it('names the app as ours and keeps the natives loadable', () => {
    expect(config.appId).toBe('org.balaibelajar.kiosk');
    expect(config.productName).toBe('Balai Belajar');
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**/*.node');
    expect(config.npmRebuild).toBe(false);
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    expect(config.extraResources).toEqual([
      expect.objectContaining({
        from: 'resources',
        to: 'resources',
        filter: expect.arrayContaining(['courses/*.balaicourse']) as unknown,
      }),
    ]);
  });

  it('builds an NSIS installer for Windows x64 (per user, so the kiosk account updates without UAC) and AppImage + deb', () => {
    const linux = config.linux as { target: string[] };
    const win = config.win as { target: { target: string; arch: string[] }[] };
    const nsis = config.nsis as Record<string, unknown>;
    expect(linux.target).toEqual(['AppImage', 'deb']);
    expect(win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(nsis).toMatchObject({ perMachine: false, allowElevation: false, deleteAppDataOnUninstall: false });
    // The installer name latest.yml points at: no spaces to encode in a feed URL.
    expect(nsis.artifactName).toBe('balai-belajar-setup-${version}.${ext}');
  });

  it('uses our own icons: a 512 px PNG for Linux, an ICO up to 256 px for Windows', () => {
    const win = config.win as { icon: string };
    const linux = config.linux as { icon: string };
    const png = readFileSync(resolve(linux.icon));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(pngSize(png)).toEqual([512, 512]);
    const ico = readFileSync(resolve(win.icon));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]); // an icon resource
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + 16 * i] || 256);
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));
  });

  it('flips the fuses of a shipped build: no run-as-node, NODE_OPTIONS or inspector, an intact app.asar only', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('the test-build config only turns the inspector arguments back on (Playwright needs them)', async () => {
    const shipped = await getConfig(process.cwd(), 'electron-builder.yml', null);
    const forTests = await getConfig(process.cwd(), 'electron-builder.test.yml', null);
    const { electronFuses: testFuses, ...testRest } = forTests;
    const { electronFuses: shippedFuses, ...shippedRest } = shipped;
    expect({ ...testRest, extends: undefined }).toEqual({ ...shippedRest, extends: undefined });
    expect(testFuses).toEqual({ ...(shippedFuses as object), enableNodeCliInspectArguments: true });
  });

  it('publishes to a generic feed, whose URL a release build sets', () => {
    expect(config.publish).toEqual({
      provider: 'generic',
      url: expect.stringMatching(/^https:\/\//) as unknown,
      channel: 'latest',
    });
  });

  it('the schema is strict enough to catch a typo', () => {
    expect(validate({ ...config, asarUnpak: ['x'] })).toBe(false);
  });
});
