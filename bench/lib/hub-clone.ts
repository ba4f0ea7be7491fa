// National-size bundles for the hub-national bench, made fast: real village bundles (made by kiosks, see
// hub-villages.ts) serve as templates, and each new village is one template's first bundle given to another
// desa and another kiosk: a fresh device id and Ed25519 key, the device id rewritten in the statements, roster
// and certificates, the statements cut to the first N (a prefix, so the sequence stays whole), the manifest
// made anew (files' hashes, counts, ranges) and signed with the new key. What the hub checks (signature,
// hashes, region, key, every statement) holds for each; the learning is the template's.
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { createHash } from 'node:crypto';
import { BUNDLE_FILES, BUNDLE_SIGNATURE_TYPE, type BundleManifest } from '../../main/core/bundles/format';
import { bundleFileName, desaFolder } from '../../main/core/bundles/names';
import { newPrivateKeyFile } from '../../main/core/packages/keys';
import { signEnvelope } from '../../main/core/packages/signing';
import { unzip } from './zip';

export interface BundleTemplate {
  manifest: BundleManifest;
  /** Statement lines, in seq order. */
  lines: string[];
  roster: string;
  certificates: string;
}

/** The first bundle (bundleSeq 1, roster in clear) of each village below a folder. */
export async function readTemplates(folder: string): Promise<BundleTemplate[]> {
  const names = readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.balaibundle'))
    .sort();
  const templates: BundleTemplate[] = [];
  for (const name of names) {
    const files = await unzip(join(folder, name));
    const manifest = JSON.parse(files.get(BUNDLE_FILES.manifest)!.toString('utf8')) as BundleManifest;
    if (manifest.bundleSeq !== 1 || manifest.roster.personalData !== 'clear') continue;
    const text = files.get(BUNDLE_FILES.statements)!.toString('utf8');
    templates.push({
      manifest,
      lines: text.split('\n').filter((l) => l !== ''),
      roster: files.get(BUNDLE_FILES.roster)!.toString('utf8'),
      certificates: files.get(BUNDLE_FILES.certificates)!.toString('utf8'),
    });
  }
  return templates;
}

const sha = (b: Buffer) => ({ size: b.length, sha256: createHash('sha256').update(b).digest('hex') });

/** Writes one template as the bundle of another desa's kiosk, its statements cut to `statements`. */
export async function writeClone(
  t: BundleTemplate,
  desa: { code: string; name: string },
  statements: number,
  outDir: string,
): Promise<{ statements: number; learners: number }> {
  const from = t.manifest.deviceId;
  const deviceId = randomUUID();
  const key = newPrivateKeyFile(`device ${deviceId}`);
  const swap = (text: string) => text.replaceAll(from, deviceId);
  const lines = t.lines.slice(0, statements);
  const statementBytes = Buffer.from(lines.map((l) => `${swap(l)}\n`).join(''), 'utf8');
  const rosterBytes = Buffer.from(swap(t.roster), 'utf8');
  const certificateBytes = Buffer.from(swap(t.certificates), 'utf8');
  const timestamps = lines.map((l) => (JSON.parse(l) as { timestamp: string }).timestamp);
  const m = t.manifest;
  const manifest: BundleManifest = {
    ...m,
    deviceId,
    devicePublicKey: key.publicKey,
    desaCode: desa.code,
    desaName: desa.name,
    statements: {
      fromSeq: lines.length > 0 ? 1 : null,
      toSeq: lines.length > 0 ? lines.length : null,
      ranges: lines.length > 0 ? [{ from: 1, to: lines.length }] : [],
      firstAt: timestamps[0] ?? null,
      lastAt: timestamps.at(-1) ?? null,
    },
    counts: { ...m.counts, statements: lines.length },
    files: [
      { path: BUNDLE_FILES.statements, ...sha(statementBytes) },
      { path: BUNDLE_FILES.roster, ...sha(rosterBytes) },
      { path: BUNDLE_FILES.certificates, ...sha(certificateBytes) },
    ],
    previousBundle: null,
    enrolment: null,
  };
  const json = (value: unknown) => Buffer.from(JSON.stringify(value, null, 2) + '\n', 'utf8');
  const envelope = signEnvelope(BUNDLE_SIGNATURE_TYPE, manifest, key);
  const file = join(
    outDir,
    ...`${desaFolder(desa.code)}/${bundleFileName(desa.name, m.createdAt, 1)}`.split('/'),
  );
  mkdirSync(dirname(file), { recursive: true });
  const zip = new yazl.ZipFile();
  const mtime = new Date(Date.parse(m.createdAt));
  for (const [name, bytes] of [
    [BUNDLE_FILES.manifest, json(manifest)],
    [BUNDLE_FILES.statements, statementBytes],
    [BUNDLE_FILES.roster, rosterBytes],
    [BUNDLE_FILES.certificates, certificateBytes],
    [BUNDLE_FILES.signature, json(envelope)],
  ] as const)
    zip.addBuffer(bytes, name, { mtime, mode: 0o100644 });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
  return { statements: lines.length, learners: m.counts.learners };
}
