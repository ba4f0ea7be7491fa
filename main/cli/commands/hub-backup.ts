import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createHubBackup } from '../../core/hub/backup';
import { restoreHubBackup } from '../../core/hub/restore';
import { dataDir, parse, Refused, UsageError } from '../args';
import { passphraseOf, refuse } from './backup';
import { FAST_SCRYPT } from '../core';
import { existingFolder, openHubCore } from './hub-common';

/** Where a hub's words differ from a kiosk's (backup.ts has the rest). */
const HUB_TEXT: Record<string, string> = {
  not_a_backup: 'Berkas ini bukan cadangan hub Balai Belajar.',
  damaged: 'Berkas cadangan rusak atau berisi bagian yang tidak semestinya.',
  already_set_up: 'Folder data ini sudah diatur (kiosk atau hub); pulihkan hanya ke folder yang kosong.',
  not_this_recovery_code: 'Ini bukan kode pemulihan hub ini.',
};

/** `balai hub backup create --to DIR`: the hub's database, key, certificates and kept bundles, encrypted. */
async function create(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    to: { type: 'string' },
    data: { type: 'string' },
    passphrase: { type: 'string' },
    json: { type: 'boolean', default: false },
    // Tests only: a cheap key derivation. Never for a real backup.
    'fast-hash': { type: 'boolean', default: false },
  });
  const to = existingFolder(values.to, '--to DIR is required (the stick, or a folder)');
  const passphrase = passphraseOf(values.passphrase);
  const core = openHubCore(dataDir(values.data));
  try {
    const done = await createHubBackup(core.services, {
      drive: { mountpoint: resolve(to) },
      passphrase,
      ...(values['fast-hash'] ? { kdf: FAST_SCRYPT } : {}),
    });
    if (!done.ok) refuse('hub backup refused', done, HUB_TEXT);
    const d = done.value;
    if (values.json) console.log(JSON.stringify(d));
    else {
      console.log(`Hub backup written and checked: ${d.file} (${(d.sizeBytes / 1024 ** 2).toFixed(1)} MB)`);
      console.log(
        `  ${d.counts.kiosks} kiosks, ${d.counts.bundles} bundles, ${d.counts.statements} statements, ${d.counts.learners} learners`,
      );
      console.log(
        `  Opens with ${d.passphrase === 'recovery-code' ? "this hub's recovery code" : 'the passphrase you chose'}; keep it safe (simpan baik-baik).`,
      );
    }
    return 0;
  } finally {
    core.close();
  }
}

/** `balai hub backup restore <file> --data NEWDIR`: a replacement office PC carries on as the same hub. */
async function restore(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { data: { type: 'string' }, passphrase: { type: 'string' }, json: { type: 'boolean', default: false } },
    true,
  );
  const [file, ...extra] = positionals;
  if (!file || extra.length) throw new UsageError('give exactly one hub backup file');
  if (!existsSync(file)) throw new Refused(`refused: no file ${file}`, 'Berkas tidak ditemukan.');
  const dir = dataDir(values.data);
  const done = await restoreHubBackup(file, dir, passphraseOf(values.passphrase));
  if (!done.ok) refuse('hub restore refused', done, HUB_TEXT);
  const d = done.value;
  if (values.json) console.log(JSON.stringify(d));
  else {
    console.log(`Restored hub ${d.name} (${d.regionLevel} ${d.regionCode}, key ${d.keyId}) into ${dir}`);
    console.log(
      `  backup made ${d.backupCreatedAt}: ${d.counts.kiosks} kiosks, ${d.counts.bundles} bundles, ${d.counts.statements} statements`,
    );
  }
  return 0;
}

/** `balai hub backup <verb>`. */
export function hubBackup(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === 'create') return create(rest);
  if (verb === 'restore') return restore(rest);
  throw new UsageError(verb ? `unknown hub backup command: ${verb}` : 'hub backup create or restore?');
}
