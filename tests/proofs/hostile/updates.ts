/**
 * Hostile app-update folders (main/core/updates), staged as a kiosk stages one from a stick
 * (`stageUpdateFolder`: copied off the stick, checked, served to electron-updater only when whole). The
 * kiosk runs 1.2.0 on Windows and follows `latest`. Each case starts from a release signed by the fixture
 * publisher (tests/helpers/releases.ts); a refused folder must leave no staged copy behind.
 */
import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signEnvelope, type SignedEnvelope } from '../../../main/core/packages/signing';
import { stageUpdateFolder } from '../../../main/core/updates/folder';
import { signUpdateFolder } from '../../../main/core/updates/sign';
import { UPDATE_SIGNATURE_FILE, UPDATE_SIGNATURE_TYPE } from '../../../main/core/updates/update-format';
import { PUBLISHER, writeSignedRelease } from '../../helpers/releases';
import { devTrust, selfCertified } from '../../helpers/pki';
import type { HostileCase, Outcome, ProofVillage } from './harness';

const RUNNING = '1.2.0';

interface Release {
  dir: string;
  installer: string;
  channelFile: string;
}

async function stage(v: ProofVillage, src: string): Promise<Outcome> {
  const dest = join(v.dataDir, 'pembaruan-uji');
  const r = await stageUpdateFolder(src, dest, {
    trust: devTrust(),
    platform: 'win32',
    channel: 'latest',
    running: RUNNING,
  });
  const left = existsSync(dest);
  rmSync(dest, { recursive: true, force: true });
  const outcome: Outcome = r.ok
    ? { kind: 'accepted', detail: `${r.update.release.version} staged` }
    : { kind: 'refused', code: r.code, reason: r.message };
  return left ? { ...outcome, changed: 'a staged copy was left behind' } : outcome;
}

const signatureOf = (r: Release) =>
  JSON.parse(readFileSync(join(r.dir, UPDATE_SIGNATURE_FILE), 'utf8')) as SignedEnvelope;
const writeSignature = (r: Release, text: string) => writeFileSync(join(r.dir, UPDATE_SIGNATURE_FILE), text);

const update = (
  name: string,
  expect: string | RegExp,
  edit: (r: Release, v: ProofVillage) => void | Promise<void>,
  options: { version?: string; platform?: 'win32' | 'linux' } = {},
): HostileCase => ({
  target: 'update folder',
  name,
  expect,
  run: async (v) => {
    const dir = v.scratch('balai-update');
    const written = await writeSignedRelease(dir, options.version ?? '1.3.0', {
      platform: options.platform ?? 'win32',
      size: 50_000,
    });
    await edit({ dir, installer: written.installer, channelFile: written.channelFile }, v);
    return stage(v, dir);
  },
});

export const updateFolderCases: HostileCase[] = [
  update('the installer changed after signing', /tampered .*changed after it was signed/, (r) => {
    const bytes = readFileSync(join(r.dir, r.installer));
    bytes[100] = bytes[100]! ^ 0xff;
    writeFileSync(join(r.dir, r.installer), bytes);
  }),
  update('the installer grown after signing', /tampered/, (r) => {
    writeFileSync(
      join(r.dir, r.installer),
      Buffer.concat([readFileSync(join(r.dir, r.installer)), Buffer.alloc(4096)]),
    );
  }),
  update('latest.yml pointing at another installer', /tampered .*latest.yml/, (r) => {
    const text = readFileSync(join(r.dir, r.channelFile), 'utf8');
    writeFileSync(join(r.dir, r.channelFile), text.replace(/sha512: \S+/g, `sha512: ${'A'.repeat(86)}==`));
  }),
  update('the installer a symlink to a file off the stick', /tampered .*not a regular file/, (r, v) => {
    const outside = v.scratch('penginstal-luar.exe');
    writeFileSync(outside, readFileSync(join(r.dir, r.installer)));
    rmSync(join(r.dir, r.installer));
    symlinkSync(outside, join(r.dir, r.installer));
  }),
  update('no signature.json', 'unsigned', (r) => rmSync(join(r.dir, UPDATE_SIGNATURE_FILE))),
  update('signed by a key the kiosk does not trust', /bad_signature .*not a trusted root/, async (r) => {
    const signed = await signUpdateFolder(r.dir, selfCertified('Penerbit Asing'), 'win32', new Date());
    if (!signed.ok) throw new Error(signed.message);
  }),
  update('signature bytes changed', /bad_signature/, (r) => {
    const envelope = signatureOf(r);
    const raw = Buffer.from(envelope.signature, 'base64');
    raw[5] = raw[5]! ^ 0x04;
    writeSignature(r, JSON.stringify({ ...envelope, signature: raw.toString('base64') }));
  }),
  update('a signed file list naming "../../balai.sqlite"', /malformed .*a plain file name/, (r) => {
    const signed = signatureOf(r).signed as { files: { path: string; size: number; sha256: string }[] };
    const files = [...signed.files, { path: '../../balai.sqlite', size: 1, sha256: '0'.repeat(64) }];
    writeSignature(
      r,
      JSON.stringify(
        signEnvelope(UPDATE_SIGNATURE_TYPE, { ...signed, files }, PUBLISHER.key, PUBLISHER.chain),
      ),
    );
  }),
  update('signature.json nested 100 deep', /malformed .*nested too deeply/, (r) =>
    writeSignature(r, `${'['.repeat(100)}${']'.repeat(100)}`),
  ),
  update('signature.json over 64 KiB', /unsigned|malformed/, (r) =>
    writeSignature(r, JSON.stringify(signatureOf(r)) + ' '.repeat(70 * 1024)),
  ),
  update('signature.json with "__proto__" in the signed part', /malformed .*"__proto__" key/, (r) =>
    writeSignature(
      r,
      JSON.stringify(signatureOf(r)).replace('"signed":{', '"signed":{"__proto__":{"platform":"linux"},'),
    ),
  ),
  update(
    'downgrade: 1.1.0 on a kiosk running 1.2.0',
    /not_newer .*1.1.0 is not newer than the running 1.2.0/,
    () => {},
    {
      version: '1.1.0',
    },
  ),
  update('replay: 1.2.0 again on a kiosk running 1.2.0', /not_newer/, () => {}, { version: RUNNING }),
  update('a beta release on a kiosk that follows latest', /other_channel/, () => {}, {
    version: '1.3.0-beta.1',
  }),
  update('a Linux release on a Windows kiosk', /other_platform/, () => {}, { platform: 'linux' }),
];
