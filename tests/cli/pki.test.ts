import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newPrivateKeyFile } from '../../main/core/packages/keys';
import { verifyChain } from '../../main/core/pki/chain';
import { chainFileSchema, rootKeySchema } from '../../main/core/pki/format';
import { makeRequest } from '../../main/core/pki/issue';
import { verifyRevocationList } from '../../main/core/pki/revocation';
import { useTempDirs } from '../helpers/core';

const ROOT = resolve(import.meta.dirname, '..', '..');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'bin', 'balai.js'), ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });

describe('balai pki', () => {
  const tempDir = useTempDirs('balai-cli-pki-');

  it('centre → provinsi → kabupaten: issues narrower chains, refuses wider ones, revokes', () => {
    const dir = tempDir();
    const keys = join(dir, 'pusat');
    expect(run('pki', 'init-root', '--out', keys).status).toBe(0);
    const rootFile = join(
      keys,
      readdirSync(keys).find((f) => f !== 'root.key.json')!,
    );
    const root = rootKeySchema.parse(JSON.parse(readFileSync(rootFile, 'utf8')));
    const write = (name: string, value: unknown) => {
      writeFileSync(join(dir, name), JSON.stringify(value));
      return join(dir, name);
    };
    const provinsi = newPrivateKeyFile('Dinas PMD Provinsi Jawa Tengah');
    const kabupaten = newPrivateKeyFile('Tim LMS Kabupaten Banyumas');
    const provKey = write('prov.key.json', provinsi);
    const created = new Date();
    const provReq = write(
      'prov.req.json',
      makeRequest({ role: 'publisher', region: '33', name: provinsi.name, created }, provinsi),
    );
    const kabReq = write(
      'kab.req.json',
      makeRequest({ role: 'publisher', region: '33.02', name: kabupaten.name, created }, kabupaten),
    );

    const prov = run(
      'pki',
      'issue',
      provReq,
      '--key',
      join(keys, 'root.key.json'),
      '--role',
      'publisher',
      '--scope',
      '33',
      '--rights',
      'courses,catalogue,certify',
      '--days',
      '730',
      '--out',
      join(dir, 'prov.chain.json'),
      '--json',
    );
    expect(prov.status, prov.stderr).toBe(0);
    expect(JSON.parse(prov.stdout)).toMatchObject({ scope: '33', level: 'provinsi', chainLength: 1 });

    const asProvinsi = (scope: string, rights: string, out: string) =>
      run(
        'pki',
        'issue',
        kabReq,
        '--key',
        provKey,
        '--cert',
        join(dir, 'prov.chain.json'),
        '--root',
        rootFile,
        '--role',
        'publisher',
        '--scope',
        scope,
        '--rights',
        rights,
        '--days',
        '365',
        '--out',
        join(dir, out),
      );
    const wider = asProvinsi('34.01', 'courses', 'x.json');
    expect(wider.status).toBe(1);
    expect(wider.stderr).toMatch(/not issued: scope "34\.01" is wider than its issuer's "33"/);
    const moreRights = asProvinsi('33.02', 'courses,app-updates', 'y.json');
    expect(moreRights.status).toBe(1);
    expect(moreRights.stderr).toMatch(/rights app-updates exceed the issuer's/);
    const kab = asProvinsi('33.02', 'courses', 'kab.chain.json');
    expect(kab.status, kab.stderr).toBe(0);

    const { chain } = chainFileSchema.parse(JSON.parse(readFileSync(join(dir, 'kab.chain.json'), 'utf8')));
    const holds = verifyChain(chain, {
      roots: [root],
      revocations: [],
      now: new Date(),
      role: 'publisher',
      right: 'courses',
      scopeMustCover: '33.02.05.2001',
    });
    expect(holds).toMatchObject({ ok: true, signerKeyId: kabupaten.keyId, leaf: { level: 'kabupaten' } });

    // The provinsi revokes the kabupaten team's lost laptop key.
    const revoked = run(
      'pki',
      'revoke',
      `key:${kabupaten.keyId}`,
      '--key',
      provKey,
      '--cert',
      join(dir, 'prov.chain.json'),
      '--out',
      join(dir, 'rev.json'),
    );
    expect(revoked.status, revoked.stderr).toBe(0);
    const list = verifyRevocationList(JSON.parse(readFileSync(join(dir, 'rev.json'), 'utf8')), {
      roots: [root],
      revocations: [],
      now: new Date(),
    });
    if (!list.ok) throw new Error(list.reason);
    expect(list.body).toMatchObject({ sequence: 1, keyIds: [kabupaten.keyId], serials: [] });
    expect(
      verifyChain(chain, { roots: [root], revocations: [list.list], now: new Date(), role: 'publisher' }),
    ).toMatchObject({ ok: false, code: 'revoked' });

    const shown = run('pki', 'show', join(dir, 'kab.chain.json'), '--root', rootFile);
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(
      /2\. publisher "Tim LMS Kabupaten Banyumas" .* scope 33\.02 \(kabupaten\), rights courses/,
    );
    expect(shown.stdout).toMatch(/^holds \(root [0-9a-f]{16}\)$/m);
  }, 300_000);

  it('answers --help, and wrong usage with exit 2', () => {
    const help = run('pki', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/balai pki init-root --out DIR/);
    expect(run('pki', 'issue', 'x.json', '--role', 'admin').status).toBe(2);
    expect(run('pki', 'frobnicate').status).toBe(2);
  }, 120_000);
});
