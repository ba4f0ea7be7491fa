import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCatalogue } from '../../main/core/catalogue/format';
import { devTrust } from '../helpers/pki';
import { verifyUpdateFolder } from '../../main/core/updates/folder';

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures');

describe('update folder and catalogue formats, one fixture per version, kept forever', () => {
  // These v1 files were signed by a bare publisher key, before issue 16: they still read as v1, and are
  // now refused because nothing certifies their publisher.
  it('a v1 update folder made on 2026-11-20 still reads, and is refused as uncertified', async () => {
    const dir = join(FIXTURES, 'formats', 'update-v1');
    const want = { trust: devTrust(), platform: 'win32', channel: 'latest', running: '1.0.0' } as const;
    expect(await verifyUpdateFolder(dir, want)).toMatchObject({
      ok: false,
      code: 'bad_signature',
      message: 'no certificate chain: the signer is not certified',
    });
  });

  it('a v1 catalogue made on 2026-11-20 still reads, and is refused as uncertified', () => {
    const checked = checkCatalogue(
      readFileSync(join(FIXTURES, 'formats', 'catalogue-v1', 'catalogue.json')),
      devTrust(),
      () => undefined,
    );
    expect(checked).toMatchObject({
      ok: false,
      code: 'bad_signature',
      message: 'no certificate chain: the signer is not certified',
    });
  });
});
