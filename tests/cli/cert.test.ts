import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalBytes } from '../../main/core/packages/canonical';
import { generateEd25519, publicKeyRaw } from '../../main/core/crypto/keys';
import { encodeCertificate, nameHash, type CertificatePayload } from '../../main/core/certificates/payload';
import { readKiosk } from '../../main/core/setup/kiosk';
import { earnCertificate } from '../helpers/certified';
import { tempDir } from '../helpers/core';
import { makeWorld } from '../helpers/world';

const BALAI = resolve(import.meta.dirname, '..', '..', 'bin', 'balai.js');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [BALAI, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, BALAI_DATA: '' },
  });

const CHANGED = /refused: the certificate was changed or is not genuine/;

/** The code with its payload replaced (the signature kept). */
function withPayload(code: string, change: (p: CertificatePayload) => CertificatePayload): string {
  const [prefix, payload, signature] = code.split('.');
  const p = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as CertificatePayload;
  return `${prefix}.${canonicalBytes(change(p)).toString('base64url')}.${signature}`;
}

// Each run starts Node and tsx (1–2 s): room for a loaded machine.
describe('balai cert verify', { timeout: 90_000 }, () => {
  const tmp = tempDir();
  const pdf = join(tmp.dir, 'sertifikat.pdf');
  let code = '';
  let number = '';
  let learnerId = '';
  let deviceId = '';
  let payload: CertificatePayload;

  beforeAll(async () => {
    const w = await makeWorld(join(tmp.dir, 'kiosk'));
    ({ code, number } = await earnCertificate(w, w.tokenB));
    learnerId = w.learnerB;
    deviceId = readKiosk(w.core.services.db)!.device_id;
    payload = JSON.parse(
      Buffer.from(code.split('.')[1]!, 'base64url').toString('utf8'),
    ) as CertificatePayload;
    const file = await w.must(w.tokenB, 'certificates.pdf', { number });
    writeFileSync(pdf, Buffer.from(file.base64, 'base64'));
    w.close();
  });
  afterAll(() => tmp.cleanup());

  it('verifies a certificate PDF offline: who, what, when, which kiosk, enrolment (exit 0)', () => {
    const r = run('cert', 'verify', pdf);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`ok: certificate ${number} is genuine`);
    expect(r.stdout).toContain(`who:       learner ${learnerId} (name hash ${nameHash('Bambang Kedua')})`);
    expect(r.stdout).toContain('name not known here');
    expect(r.stdout).toContain('what:      course uji-sertifikat 1.0.0; pretest 25, posttest 75');
    expect(r.stdout).toContain(`when:      ${payload.d} (1 November 2026)`);
    expect(r.stdout).toContain(
      `kiosk:     device ${deviceId}, desa 33.02.05.2001 Adisana, Kec. Kebasen, Kabupaten Banyumas, Jawa Tengah`,
    );
    expect(r.stdout).toContain('enrolment: unknown (no hub receipt seen)');
    expect(r.stdout).toContain('page:      checked: the page is exactly as the kiosk made and sealed it');
    expect(r.stdout).toContain('SAH: sertifikat ini asli; kode dan halamannya tidak diubah.');
  });

  it('refuses a PDF whose page was changed though its code was not (exit 1); a bare code says the page was not checked', async () => {
    const doc = await PDFDocument.load(readFileSync(pdf), { updateMetadata: false });
    doc.getPage(0).drawText('Tes Akhir 100', { x: 380, y: 150, size: 13 });
    const changed = join(tmp.dir, 'diubah.pdf');
    writeFileSync(changed, await doc.save());
    const r = run('cert', 'verify', changed);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/refused: the certificate's page was changed/);
    expect(r.stderr).toMatch(/Ditolak: halaman sertifikat ini telah diubah/);
    expect(r.stdout).not.toContain('SAH');
    const bare = run('cert', 'verify', code);
    expect(bare.status, bare.stderr).toBe(0);
    expect(bare.stdout).toContain('page:      NOT checked (a code, not a PDF)');
    expect(bare.stdout).not.toContain('tidak diubah');
  });

  it('names the learner and checks the record with --data of the issuing kiosk (--json)', () => {
    const r = run('cert', 'verify', code, '--data', join(tmp.dir, 'kiosk'), '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      valid: true,
      number,
      date: payload.d,
      learner: { id: learnerId, name: 'Bambang Kedua', nameOnRecord: 'match' },
      course: { id: 'uji-sertifikat', version: '1.0.0', title: 'Kursus Uji Lengkap' },
      scores: { pre: 25, post: 75 },
      kiosk: { deviceId, desaCode: '33.02.05.2001', desa: { name: 'Adisana' }, thisInstallation: true },
      record: 'same',
      enrolment: { state: 'unknown', reason: 'no hub receipt seen' },
    });
  });

  it('refuses a changed payload (exit 1), in English and Indonesian', () => {
    const higher = run(
      'cert',
      'verify',
      withPayload(code, (p) => ({ ...p, post: 100 })),
    );
    expect(higher.status).toBe(1);
    expect(higher.stderr).toMatch(CHANGED);
    expect(higher.stderr).toMatch(/Ditolak: sertifikat ini telah diubah atau tidak asli/);

    // One character of the payload flipped: damaged, reshaped or unsigned; never accepted.
    const [prefix, body, signature] = code.split('.');
    const i = Math.floor(body!.length / 2);
    const flipped = `${prefix}.${body!.slice(0, i)}${body![i] === 'A' ? 'B' : 'A'}${body!.slice(i + 1)}.${signature}`;
    const r = run('cert', 'verify', flipped, '--json');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^refused: /);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: false });
  });

  it('refuses a truncated code and garbage, with the reason (exit 1)', () => {
    const truncated = run('cert', 'verify', code.slice(0, code.lastIndexOf('.') + 20));
    expect(truncated.status).toBe(1);
    expect(truncated.stderr).toMatch(CHANGED);
    const cut = run('cert', 'verify', code.slice(0, 60));
    expect(cut.status).toBe(1);
    expect(cut.stderr).toMatch(/refused: not a Balai Belajar certificate code/);
    const garbage = run('cert', 'verify', 'BB1.!!!.???');
    expect(garbage.status).toBe(1);
    expect(garbage.stderr).toMatch(/refused: the certificate code (is damaged|has an unknown shape)/);
  });

  it('refuses a PDF without a code and a file that is not there (exit 1)', async () => {
    const other = await PDFDocument.create();
    other.addPage();
    const plain = join(tmp.dir, 'lain.pdf');
    writeFileSync(plain, await other.save());
    const noCode = run('cert', 'verify', plain);
    expect(noCode.status).toBe(1);
    expect(noCode.stderr).toMatch(/refused: the PDF carries no Balai Belajar certificate code/);
    expect(run('cert', 'verify', join(tmp.dir, 'tidak-ada.pdf')).stderr).toMatch(/refused: no file/);
  });

  it('a certificate re-signed with another key passes alone, and fails against the kiosk it names', () => {
    const forger = generateEd25519();
    const forged = encodeCertificate(
      { ...payload, post: 100, pk: publicKeyRaw(forger.publicKeyPem) },
      forger.privateKeyPem,
    );
    const alone = run('cert', 'verify', forged);
    expect(alone.status).toBe(0); // internally consistent; only enrolment can say whose key it is
    expect(alone.stdout).toContain('enrolment: unknown');
    const checked = run('cert', 'verify', forged, '--data', join(tmp.dir, 'kiosk'));
    expect(checked.status).toBe(1);
    expect(checked.stderr).toMatch(/not signed by this kiosk's device key/);
  });

  it('wrong usage exits 2', () => {
    expect(run('cert').status).toBe(2);
    expect(run('cert', 'bogus').status).toBe(2);
    expect(run('cert', 'verify').status).toBe(2);
    expect(run('cert', 'verify', code, '--data', join(tmp.dir, 'nowhere')).status).toBe(2);
    expect(run('cert', 'verify', '--help').status).toBe(0);
  });
});
