import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPrivateKeyFile } from '../../main/core/packages/keys';
import { hubEncryptionKey } from '../../main/core/bundles/sealing';
import { verifyRequest } from '../../main/core/pki/issue';
import { hubChain } from '../helpers/hub-cert';
import { filesUnder } from '../core/bundles/kiosk';
import { tempDir } from '../helpers/core';
import { generateKabupaten, type GeneratedKabupaten } from '../helpers/hub-generator';

const BALAI = resolve(import.meta.dirname, '..', '..', 'bin', 'balai.js');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [BALAI, ...args], { encoding: 'utf8', timeout: 90_000 });

/** A hub's key the generator needs only for villages that export twice (none here). */
function unusedHub() {
  const key = newPrivateKeyFile('unused');
  return {
    key,
    id: '00000000-0000-4000-8000-000000000000',
    name: 'unused',
    regionCode: '33',
    encryptionKey: hubEncryptionKey(key).publicKey,
  };
}

describe('balai hub', () => {
  const tmp = tempDir('balai-cli-hub-');
  const data = join(tmp.dir, 'hub');
  const stick = join(tmp.dir, 'stick');
  const nowMs = Date.now();
  let banyumas: GeneratedKabupaten;

  beforeAll(async () => {
    banyumas = await generateKabupaten({
      seed: 5,
      kabupaten: '33.02',
      villages: 4,
      nowMs,
      outDir: stick,
      workDir: join(tmp.dir, 'kiosks'),
      hub: unusedHub(),
      secondBundleShare: 0,
    });
  }, 60_000);
  afterAll(() => tmp.cleanup());

  it('init: the office, its key and the admin, once (exit 0, then 1)', () => {
    const r = run(
      'hub',
      'init',
      '--region',
      '33.02',
      '--data',
      data,
      '--admin-pin',
      '246810',
      '--json',
      '--fast-hash',
    );
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({
      name: 'Dinas PMD Kabupaten Banyumas',
      regionLevel: 'kabupaten',
      regionCode: '33.02',
    });
    expect(out.recoveryCode).toEqual(expect.any(String));
    expect(existsSync(join(data, 'hub-key.pem'))).toBe(true);
    const again = run('hub', 'init', '--region', '33.02', '--data', data, '--admin-pin', '246810');
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already set up[\s\S]*Pengaturan hub ditolak/);
    expect(run('hub', 'init', '--region', '33.02.05.2001', '--data', join(tmp.dir, 'x')).status).toBe(2);
  });

  it('import: every bundle on the stick, receipts written back; refusals listed with their reasons (exit 1)', () => {
    const r = run('hub', 'import', stick, '--data', data, '--receipts');
    expect(r.status, r.stderr + r.stdout).toBe(0);
    expect(r.stdout.match(/^imported: /gm)).toHaveLength(4);
    expect(r.stdout).toContain('4 imported');
    const receipts = filesUnder(stick).filter((f) => f.endsWith('.balaireceipt'));
    expect(receipts).toHaveLength(4);
    for (const v of banyumas.villages)
      expect(
        receipts.some((f) => f.startsWith(`BalaiBelajar/${v.desaCode.replaceAll('.', '_')}/tanda-terima/`)),
      ).toBe(true);

    const odd = join(tmp.dir, 'odd');
    mkdirSync(odd);
    const first = join(stick, ...banyumas.villages[0]!.bundles[0]!.path.split('/'));
    const bytes = readFileSync(first);
    writeFileSync(join(odd, 'a-half.balaibundle'), bytes.subarray(0, bytes.length >> 1));
    writeFileSync(join(odd, 'b-notes.balaibundle'), 'bukan paket\n');
    copyFileSync(first, join(odd, 'c-again.balaibundle'));
    const refused = run('hub', 'import', odd, '--data', data);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(/refused: a-half\.balaibundle: truncated: .*\n {2}berkas terpotong/);
    expect(refused.stdout).toMatch(/refused: b-notes\.balaibundle: not_a_bundle/);
    expect(refused.stdout).toMatch(/duplicate: c-again\.balaibundle .*: duplicate/);
    expect(refused.stdout).toContain('0 imported (0 new statements), 1 already there, 0 held, 2 refused');
    const json = JSON.parse(run('hub', 'import', odd, '--data', data, '--json').stdout) as {
      bundles: { reason: string }[];
    };
    expect(json.bundles.map((b) => b.reason)).toEqual(['truncated', 'not_a_bundle', 'duplicate']);
  });

  it('report: a level as CSV on stdout or XLSX to a file; status, held keys, pass-up', () => {
    const csv = run('hub', 'report', '--level', 'kecamatan', '--format', 'csv', '--data', data);
    expect(csv.status, csv.stderr).toBe(0);
    const lines = csv.stdout
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(
      /^Kode wilayah,Kecamatan,Jumlah desa,Desa melapor,Desa tanpa data,Kiosk,Peserta terdaftar/,
    );
    // Banyumas has 27 kecamatan; the 4 of Purwokerto have kelurahan only, no desa the LMS serves.
    expect(lines.length - 1).toBe(23);
    const out = join(tmp.dir, 'laporan', 'desa.xlsx');
    const xlsx = run('hub', 'report', '--level', 'desa', '--format', 'xlsx', '--out', out, '--data', data);
    expect(xlsx.status, xlsx.stderr).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    expect(run('hub', 'report', '--level', 'dusun', '--data', data).status).toBe(2);
    expect(run('hub', 'report', '--level', 'desa', '--region', '33.05', '--data', data).status).toBe(1);

    const status = JSON.parse(run('hub', 'status', '--data', data, '--json').stdout) as unknown;
    expect(status).toMatchObject({
      hub: { regionCode: '33.02' },
      kiosks: 4,
      bundles: 4,
      heldKeys: 0,
      heldBundles: 0,
      notPassedUp: 4,
    });
    expect(run('hub', 'held', '--data', data).stdout).toContain('no keys held');
    expect(
      run('hub', 'accept-key', banyumas.villages[0]!.deviceId, '0123456789abcdef', '--data', data).status,
    ).toBe(1);

    const up = join(tmp.dir, 'to-provinsi');
    mkdirSync(up);
    const passed = run('hub', 'pass-up', '--to', up, '--data', data);
    expect(passed.status, passed.stderr).toBe(0);
    expect(filesUnder(up).filter((f) => f.endsWith('.balaibundle'))).toHaveLength(4);
    expect(run('hub', 'pass-up', '--to', up, '--data', data).stdout).toContain('0 bundle(s) written');
  });

  it('a kiosk folder is no hub, and a hub folder no kiosk', () => {
    const kiosk = join(tmp.dir, 'kiosks', banyumas.villages[0]!.desaCode);
    const r = run('hub', 'import', stick, '--data', kiosk);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/village kiosk, not a hub[\s\S]*bukan hub/);
    const b = run('bundle', 'export', '--to', stick, '--data', data);
    expect(b.status).toBe(1);
  });

  it('backup create|restore: the hub onto a stick, then into an empty folder of a new PC (exit 0), never over a set-up one (1)', () => {
    const backupStick = join(tmp.dir, 'cadangan');
    mkdirSync(backupStick);
    const made = run(
      'hub',
      'backup',
      'create',
      '--to',
      backupStick,
      '--data',
      data,
      '--passphrase',
      'kantor dinas pmd',
      '--json',
      '--fast-hash',
    );
    expect(made.status, made.stderr).toBe(0);
    const done = JSON.parse(made.stdout) as { file: string; counts: { kiosks: number; bundles: number } };
    expect(done.counts).toMatchObject({ kiosks: 4, bundles: 4 });
    expect(
      run('hub', 'backup', 'create', '--to', backupStick, '--data', data, '--passphrase', 'pendek').status,
    ).toBe(1);
    expect(run('hub', 'backup', 'create', '--data', data).status).toBe(2);
    expect(
      run('hub', 'backup', 'restore', done.file, '--data', data, '--passphrase', 'kantor dinas pmd').stderr,
    ).toMatch(/already set up[\s\S]*sudah diatur/);
    const wrong = run(
      'hub',
      'backup',
      'restore',
      done.file,
      '--data',
      join(tmp.dir, 'pc-baru'),
      '--passphrase',
      'salah salah salah',
    );
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/Kata sandi salah/);
    const restored = run(
      'hub',
      'backup',
      'restore',
      done.file,
      '--data',
      join(tmp.dir, 'pc-baru'),
      '--passphrase',
      'kantor dinas pmd',
    );
    expect(restored.status, restored.stderr).toBe(0);
    const status = JSON.parse(
      run('hub', 'status', '--data', join(tmp.dir, 'pc-baru'), '--json').stdout,
    ) as unknown;
    expect(status).toMatchObject({ hub: { regionCode: '33.02' }, kiosks: 4, bundles: 4 });
    expect(run('hub', 'backup', '--help').stdout).toContain('balai hub backup restore');
  }, 120_000);

  it("pki request writes the hub's certificate request to a stick; hub cert import takes the chain back (exit 0), refuses another key's (1)", () => {
    const out = join(tmp.dir, 'ke-penerbit');
    mkdirSync(out);
    const r = run('pki', 'request', '--data', data, '--to', out, '--json');
    expect(r.status, r.stderr).toBe(0);
    const written = JSON.parse(r.stdout) as {
      path: string;
      keyId: string;
      regionCode: string;
      level: string;
    };
    expect(written).toMatchObject({ regionCode: '33.02', level: 'kabupaten' });
    const request = verifyRequest(JSON.parse(readFileSync(join(out, ...written.path.split('/')), 'utf8')));
    if (!request.ok) throw new Error(request.reason);
    expect(request).toMatchObject({
      keyId: written.keyId,
      request: { role: 'hub', region: '33.02', level: 'kabupaten' },
    });
    expect(run('pki', 'request', '--data', data).status).toBe(2);

    const before = run('hub', 'status', '--data', data);
    expect(before.stdout).toContain('certificate: none');
    const other = join(tmp.dir, 'other.chain.json');
    writeFileSync(
      other,
      JSON.stringify({ chain: hubChain(newPrivateKeyFile('lain').publicKey, { scope: '33.02' }) }),
    );
    const refused = run('hub', 'cert', 'import', other, '--data', data);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/not this hub's[\s\S]*kunci lain/);
    const mine = join(tmp.dir, 'mine.chain.json');
    const soon = new Date(Date.now() + 30 * 86_400_000);
    writeFileSync(
      mine,
      JSON.stringify({ chain: hubChain(request.request.publicKey, { scope: '33.02', notAfter: soon }) }),
    );
    const imported = run('hub', 'cert', 'import', mine, '--data', data);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/certified until .*EXPIRES SOON/);
    expect(run('hub', 'cert', '--data', data).status).toBe(2);
    expect(run('pki', '--help').stdout).toContain('balai pki request');
  }, 120_000);
});
