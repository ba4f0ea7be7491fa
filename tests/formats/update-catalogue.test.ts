import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCatalogue } from '../../main/core/catalogue/format';
import { trustedKeySchema } from '../../main/core/packages/keys';
import { verifyUpdateFolder } from '../../main/core/updates/folder';

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures');
const fixtureKey = trustedKeySchema.parse(
  JSON.parse(readFileSync(join(FIXTURES, 'keys', 'fixture-publisher.pub.json'), 'utf8')),
);

describe('update folder and catalogue formats, one fixture per version, kept forever', () => {
  it('a v1 update folder made on 2026-11-20 still verifies (and only for its publisher)', async () => {
    const dir = join(FIXTURES, 'formats', 'update-v1');
    const want = { trusted: [fixtureKey], platform: 'win32', channel: 'latest', running: '1.0.0' } as const;
    expect(await verifyUpdateFolder(dir, want)).toMatchObject({
      ok: true,
      update: {
        release: { version: '1.0.1', channel: 'latest', installer: 'balai-belajar-setup-1.0.1.exe' },
      },
    });
    expect(await verifyUpdateFolder(dir, { ...want, trusted: [] })).toMatchObject({
      ok: false,
      code: 'bad_signature',
    });
  });

  it('a v1 catalogue made on 2026-11-20 still verifies', () => {
    const checked = checkCatalogue(
      readFileSync(join(FIXTURES, 'formats', 'catalogue-v1', 'catalogue.json')),
      [fixtureKey],
      () => undefined,
    );
    expect(checked).toMatchObject({
      ok: true,
      catalogue: {
        catalogueId: 'pamong-desa',
        sequence: 1,
        courses: [{ id: 'uji-dasar', version: '1.0.0' }],
      },
    });
  });
});
