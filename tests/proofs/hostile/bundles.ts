/**
 * Hostile result bundles: the village's latest bundle, changed the ways a thief, a broken stick or a forger
 * would change it, checked as a hub that enrolled this kiosk checks it (`verifyBundleFile` with the device id
 * and key; `balai bundle verify`). Builders: tests/core/bundles/kiosk.ts and tests/core/packages/fixtures.ts.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { BUNDLE_SIGNATURE_TYPE, type BundleManifest } from '../../../main/core/bundles/format';
import { verifyBundleFile, type VerifyBundleOptions } from '../../../main/core/bundles/verify';
import { newPrivateKeyFile } from '../../../main/core/packages/keys';
import { signEnvelope, type SignedEnvelope } from '../../../main/core/packages/signing';
import { unzipAll, withByteChanged, zipFiles } from '../../core/bundles/kiosk';
import { claimSizes, rawZip, type ZipItem } from '../../core/packages/fixtures';
import { kioskIdentity, type HostileCase, type Outcome, type ProofVillage } from './harness';

const MiB = 1024 ** 2;
type Files = Map<string, Buffer>;

/** Verifies as the hub that enrolled this kiosk does (or, with `options`, as a hub that has not yet). */
async function verify(v: ProofVillage, file: string, options?: VerifyBundleOptions): Promise<Outcome> {
  const { deviceId, publicKey } = kioskIdentity(v);
  const r = await verifyBundleFile(
    file,
    options ?? { expectedDeviceId: deviceId, expectedDeviceKey: publicKey },
  );
  return r.ok
    ? { kind: 'accepted', detail: `bundle ${r.bundle.manifest.bundleSeq} verified` }
    : { kind: 'refused', code: r.refusal, reason: r.reason };
}

const bundle = (
  name: string,
  expect: string | RegExp,
  make: (v: ProofVillage, out: string) => Promise<void> | void,
  options?: VerifyBundleOptions,
): HostileCase => ({
  target: 'bundle',
  name,
  expect,
  run: async (v) => {
    const out = v.scratch('bundle.balaibundle');
    await make(v, out);
    return verify(v, out, options);
  },
});

/** The bundle rezipped by hand after `edit` changed its files. */
const edited = (edit: (files: Files, v: ProofVillage) => void) => async (v: ProofVillage, out: string) => {
  const files = await unzipAll(v.bundleFile);
  edit(files, v);
  await zipFiles(out, files);
};

/** The bundle's files plus raw entries (names and modes yazl refuses to write). */
const withRaw = (extra: (v: ProofVillage) => ZipItem[]) => async (v: ProofVillage, out: string) => {
  const files = await unzipAll(v.bundleFile);
  const items: ZipItem[] = [...files].map(([name, data]) => ({ name, data, compress: true }));
  zipFilesRaw(out, [...items, ...extra(v)]);
};

function zipFilesRaw(out: string, items: ZipItem[]): void {
  writeFileSync(out, rawZip(items));
}

const manifestOf = (files: Files) =>
  JSON.parse(files.get('manifest.json')!.toString('utf8')) as BundleManifest;
const text = (value: unknown) => Buffer.from(JSON.stringify(value, null, 2) + '\n');

/** Manifest and signature replaced by `manifest` signed with a key of someone else. */
function resign(files: Files, manifest: BundleManifest): void {
  const stranger = newPrivateKeyFile('perangkat palsu');
  const forged = { ...manifest, devicePublicKey: stranger.publicKey };
  files.set('manifest.json', text(forged));
  files.set('signature.json', text(signEnvelope(BUNDLE_SIGNATURE_TYPE, forged, stranger)));
}

const lines = (files: Files) => files.get('statements.ndjson')!.toString('utf8').split('\n').filter(Boolean);

export const bundleCases: HostileCase[] = [
  // Changed after signing.
  bundle('one byte changed in the file', /tampered|unreadable/, (v, out) => {
    const bytes = readFileSync(v.bundleFile);
    withByteChanged(bytes, Math.floor(bytes.length / 3), out);
  }),
  bundle(
    'a statement removed',
    'tampered statements.ndjson does not match its signed hash',
    edited((files) => {
      const all = lines(files);
      files.set('statements.ndjson', Buffer.from(all.slice(1).join('\n') + '\n'));
    }),
  ),
  bundle(
    'a statement edited (dated a year earlier)',
    'tampered statements.ndjson does not match its signed hash',
    edited((files) => {
      const [first, ...rest] = lines(files);
      const earlier = first!.replace(
        /"timestamp":"(\d{4})/,
        (_, year: string) => `"timestamp":"${Number(year) - 1}`,
      );
      if (earlier === first) throw new Error('no timestamp in the statement');
      files.set('statements.ndjson', Buffer.from([earlier, ...rest].join('\n') + '\n'));
    }),
  ),
  bundle(
    'the roster edited (a name changed)',
    'tampered roster.json does not match its signed hash',
    edited((files) => {
      files.set(
        'roster.json',
        Buffer.from(files.get('roster.json')!.toString('utf8').replace('"learners"', '"learners" ')),
      );
    }),
  ),
  bundle(
    'manifest.json edited (one statement more)',
    'tampered manifest.json differs from the signed manifest',
    edited((files) => {
      const m = manifestOf(files);
      files.set(
        'manifest.json',
        text({ ...m, counts: { ...m.counts, statements: m.counts.statements + 1 } }),
      );
    }),
  ),
  // Signatures and keys.
  bundle(
    'signature.json missing',
    'malformed signature.json is missing',
    edited((files) => files.delete('signature.json')),
  ),
  bundle(
    'signature bytes changed',
    'tampered bad signature',
    edited((files) => {
      const envelope = JSON.parse(files.get('signature.json')!.toString('utf8')) as SignedEnvelope;
      const raw = Buffer.from(envelope.signature, 'base64');
      raw[3] = raw[3]! ^ 0x10;
      files.set('signature.json', text({ ...envelope, signature: raw.toString('base64') }));
    }),
  ),
  bundle(
    're-signed by a foreign key, claiming this kiosk',
    /wrong_key .*not by the key of the kiosk it claims/,
    edited((files) => resign(files, manifestOf(files))),
  ),
  bundle(
    're-signed by a foreign key, claiming another kiosk',
    /wrong_key the bundle is from device/,
    edited((files) => {
      resign(files, { ...manifestOf(files), deviceId: '00000000-0000-4000-8000-000000000001' });
    }),
  ),
  bundle(
    'foreign key checked by a hub that has not enrolled it yet (the enrolment inside says no)',
    /wrong_key .*another device key/,
    edited((files) => resign(files, manifestOf(files))),
    {},
  ),
  bundle(
    'signature made for a course, not a bundle',
    'malformed signature.json is for a balai-course',
    edited((files) => {
      const envelope = JSON.parse(files.get('signature.json')!.toString('utf8')) as SignedEnvelope;
      files.set('signature.json', text({ ...envelope, type: 'balai-course' }));
    }),
  ),
  // Names and links.
  bundle(
    'an extra entry "../../roster.json"',
    'unreadable not a complete bundle: unsafe name: path escape',
    withRaw(() => [{ name: '../../roster.json', data: Buffer.from('{}') }]),
  ),
  bundle(
    'an extra entry with an absolute path',
    'unreadable not a complete bundle: unsafe name: absolute path',
    withRaw(() => [{ name: '/tmp/balai-bundle.json', data: Buffer.from('{}') }]),
  ),
  bundle(
    'an extra entry with a drive letter',
    'unreadable not a complete bundle: unsafe name: absolute path',
    withRaw(() => [{ name: 'D:/BalaiBelajar/x.json', data: Buffer.from('{}') }]),
  ),
  bundle(
    'an entry name that is not UTF-8',
    'unreadable not a complete bundle: a file name is not valid UTF-8',
    withRaw(() => [{ name: Buffer.from([0x72, 0x6f, 0xff, 0x2e, 0x6a]), data: Buffer.from('{}') }]),
  ),
  bundle(
    'roster.json as a symlink',
    'unreadable not a complete bundle: symbolic link "roster.json"',
    async (v, out) => {
      const files = await unzipAll(v.bundleFile);
      zipFilesRaw(
        out,
        [...files].map(([name, data]) =>
          name === 'roster.json'
            ? { name, data: Buffer.from('/etc/passwd'), mode: 0o120777 }
            : { name, data },
        ),
      );
    },
  ),
  bundle(
    'an unexpected extra file',
    'malformed unexpected file "catatan.txt" in the bundle',
    edited((files) => {
      files.set('catatan.txt', Buffer.from('hai'));
    }),
  ),
  // Bombs and huge JSON.
  bundle(
    'zip bomb by ratio (statements padded with 80 MiB of spaces)',
    /unreadable .*compressed more than 200:1/,
    edited((files) => {
      files.set(
        'statements.ndjson',
        Buffer.concat([files.get('statements.ndjson')!, Buffer.alloc(80 * MiB, 0x20)]),
      );
    }),
  ),
  bundle(
    'zip bomb by total size (entries claiming 3 GiB)',
    /unreadable .*unpacks to more than 2147483648 bytes/,
    async (v, out) => {
      await withRaw(() => [
        { name: 'a.json', data: Buffer.from('x') },
        { name: 'b.json', data: Buffer.from('x') },
        { name: 'c.json', data: Buffer.from('x') },
      ])(v, out);
      let zip: Buffer = readFileSync(out);
      for (const name of ['a.json', 'b.json', 'c.json'])
        zip = claimSizes(zip, name, { compressed: 1000 * MiB, uncompressed: 1000 * MiB });
      writeFileSync(out, zip);
    },
  ),
  bundle(
    'signature.json claiming 100 MiB it does not hold',
    /unreadable .*"signature.json": file data overflows file bounds/,
    async (v, out) => {
      await withRaw(() => [])(v, out);
      const zip = claimSizes(readFileSync(out), 'signature.json', {
        compressed: 100 * MiB,
        uncompressed: 100 * MiB,
      });
      writeFileSync(out, zip);
    },
  ),
  bundle(
    'signature.json nested 10,000 deep',
    'malformed signature.json is nested too deeply',
    edited((files) => {
      files.set('signature.json', Buffer.from(`{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`));
    }),
  ),
  bundle(
    '"__proto__" slipped into the signed manifest',
    'malformed signature.json has a "__proto__" key',
    edited((files) => {
      const envelope = files.get('signature.json')!.toString('utf8');
      files.set(
        'signature.json',
        Buffer.from(envelope.replace(/"signed": ?\{/, '"signed": {"__proto__": {"enrolment": null},')),
      );
    }),
  ),
  bundle(
    'signature.json that is not UTF-8',
    'malformed signature.json is not valid UTF-8',
    edited((files) => {
      files.set(
        'signature.json',
        Buffer.concat([
          Buffer.from('{"formatVersion":1,"type":"'),
          Buffer.from([0xf8, 0x88, 0x80]),
          Buffer.from('"}'),
        ]),
      );
    }),
  ),
  bundle(
    'a statement line of 2 MiB',
    /malformed statement 1 is longer than 1048576 bytes/,
    edited((files) => {
      const noise = randomBytes(1.6 * MiB).toString('base64');
      files.set('statements.ndjson', Buffer.from(`{"id":"${noise}"}\n`));
    }),
  ),
  bundle(
    'a statement that is not JSON',
    // Not re-signed: the changed file is caught by its signed hash before its lines are judged.
    'tampered statements.ndjson does not match its signed hash',
    edited((files) => {
      files.set('statements.ndjson', Buffer.from(`<script>alert(1)</script>\n${lines(files).join('\n')}\n`));
    }),
  ),
  // Not a bundle.
  bundle('a truncated bundle', /unreadable/, (v, out) =>
    writeFileSync(out, readFileSync(v.bundleFile).subarray(0, 2000)),
  ),
  bundle('a receipt named .balaibundle', 'unreadable not a complete bundle: not a readable zip', (v, out) =>
    copyFileSync(v.receipts.latest, out),
  ),
];
