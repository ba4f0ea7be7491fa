import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptBytes } from '../../main/core/bundles/receipt';
import { tempDir } from '../helpers/core';
import { makeHub } from '../helpers/hub';

const BALAI = resolve(import.meta.dirname, '..', '..', 'bin', 'balai.js');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [BALAI, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('balai bundle and balai receipt', { timeout: 150_000 }, () => {
  const tmp = tempDir('balai-cli-bundle-');
  const data = join(tmp.dir, 'kiosk');
  const stick = join(tmp.dir, 'stick');
  let bundleFile = '';
  beforeAll(() => {
    const demo = run('demo', '--data', data, '--learners', '2', '--fast-hash');
    expect(demo.status, demo.stderr).toBe(0);
    mkdirSync(stick);
  });
  afterAll(() => tmp.cleanup());

  it('exports to a folder standing in for a stick and says it is safe to remove (exit 0)', () => {
    const r = run('bundle', 'export', '--to', stick, '--data', data, '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      path: string;
      bundleSeq: number;
      statements: { count: number };
      safeToRemove: boolean;
    };
    expect(out.path).toMatch(/^BalaiBelajar\/33_02_05_2001\/Adisana-\d{8}-0001\.balaibundle$/);
    expect(out).toMatchObject({ bundleSeq: 1, safeToRemove: true });
    expect(out.statements.count).toBeGreaterThan(10);
    bundleFile = join(stick, ...out.path.split('/'));
    const text = run('bundle', 'export', '--to', stick, '--data', data);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      /ok: BalaiBelajar\/33_02_05_2001\/Adisana-\d{8}-0002\.balaibundle \(bundle 2/,
    );
    expect(text.stdout).toContain('Aman dicabut');
  });

  it('verifies and inspects a bundle; a changed one is refused in English and Indonesian (exit 1)', () => {
    const ok = run('bundle', 'verify', bundleFile);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^ok: bundle 1 from device [0-9a-f-]{36} \(desa 33\.02\.05\.2001 Adisana\)/);
    const inspect = run('bundle', 'inspect', bundleFile, '--json');
    expect(inspect.status, inspect.stderr).toBe(0);
    const info = JSON.parse(inspect.stdout) as Record<string, unknown>;
    expect(info).toMatchObject({
      verified: true,
      bundleSeq: 1,
      desaCode: '33.02.05.2001',
      desaName: 'Adisana',
      learners: 3,
      personalData: 'clear',
      statements: {
        fromSeq: 1,
        firstAt: expect.any(String) as unknown,
        lastAt: expect.any(String) as unknown,
      },
    });
    const human = run('bundle', 'inspect', bundleFile);
    expect(human.stdout).toContain('time span:');

    const bytes = readFileSync(bundleFile);
    bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff;
    const changed = join(tmp.dir, 'changed.balaibundle');
    writeFileSync(changed, bytes);
    const bad = run('bundle', 'verify', changed);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^refused: /);
    expect(bad.stderr).toMatch(/Ditolak: /);
    const json = run('bundle', 'verify', changed, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ verified: false });
    // The kiosk's own key expected, but another given: refused.
    const otherKey = run('bundle', 'verify', bundleFile, '--device-key', makeHub().signer.key.publicKey);
    expect(otherKey.status).toBe(1);
    expect(otherKey.stderr).toContain('tidak ditandatangani oleh kiosk yang disebutnya');
  });

  it('applies a receipt: the hub is pinned, statements delivered; another hub is refused (exit 1)', async () => {
    const hub = makeHub();
    const receiptFile = await hub.answerOnStick(bundleFile, stick);
    const applied = run('receipt', 'apply', receiptFile, '--data', data, '--json');
    expect(applied.status, applied.stderr).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({ pinned: true, enrolled: true, pending: 0 });
    // The folder form looks for every receipt of this desa on the stick.
    const again = run('receipt', 'apply', stick, '--data', data);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('already_applied: BalaiBelajar/33_02_05_2001/tanda-terima/');
    // The same file again: it says what is true, not "0 statements delivered".
    const delivered = (JSON.parse(applied.stdout) as { newlyDelivered: number }).newlyDelivered;
    const twice = run('receipt', 'apply', receiptFile, '--data', data);
    expect(twice.status, twice.stderr).toBe(0);
    expect(twice.stdout).toContain(
      `was applied before: nothing new; ${delivered} statements delivered in all, 0 still pending`,
    );
    expect(twice.stdout).toContain(
      `Tanda terima ini sudah dibaca sebelumnya, tidak ada yang baru: ${delivered} catatan sudah sampai di hub, 0 belum.`,
    );

    const rogue = makeHub({ name: 'Hub Lain', certified: false });
    const bundle = await rogue.importBundle(bundleFile);
    const rogueFile = join(tmp.dir, 'rogue.balaireceipt');
    writeFileSync(rogueFile, receiptBytes(rogue.receiptFor(bundle)));
    const refused = run('receipt', 'apply', rogueFile, '--data', data);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('has no certificate: it is not an office hub');
    expect(refused.stderr).toContain('Ditolak: hub ini tidak bersertifikat');

    const status = run('bundle', 'status', '--data', data, '--json');
    expect(status.status, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      pending: 0,
      hub: { keyId: hub.signer.key.keyId, name: hub.signer.name },
      lastExport: { bundleSeq: 2 },
    });
    // The next bundle holds nothing pending and seals the roster to the pinned hub.
    const next = run('bundle', 'export', '--to', stick, '--data', data, '--json');
    expect(JSON.parse(next.stdout)).toMatchObject({
      bundleSeq: 3,
      statements: { count: 0 },
      personalData: 'sealed',
    });
  });

  it('wrong usage is exit 2; a missing folder or file is exit 1', () => {
    expect(run('bundle').status).toBe(2);
    expect(run('bundle', 'nope').status).toBe(2);
    expect(run('bundle', 'export', '--data', data).status).toBe(2);
    expect(run('bundle', 'verify').status).toBe(2);
    expect(run('receipt', 'apply', '--data', data).status).toBe(2);
    expect(run('bundle', 'export', '--to', join(tmp.dir, 'no-stick'), '--data', data).status).toBe(1);
    expect(run('bundle', 'verify', join(tmp.dir, 'none.balaibundle')).status).toBe(1);
    expect(run('bundle', 'status', '--data', join(tmp.dir, 'nowhere')).status).toBe(2);
  });
});
