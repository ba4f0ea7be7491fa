import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Result } from '../../api/result';
import { answerOnStick } from '../../core/hub/answer';
import { copyCoursesToStick } from '../../core/hub/courses';
import { importBundles, type ImportSummary } from '../../core/hub/import';
import { acceptKey, heldKeys, rejectKey } from '../../core/hub/keys';
import { passUp } from '../../core/hub/pass-up';
import { writeReceipts } from '../../core/hub/receipts';
import { dataDir, parse, Refused, UsageError } from '../args';
import { existingFolder, IMPORT_TEXT, openHubCore } from './hub-common';

function must<T>(result: Result<T>, indonesian: string): T {
  if (!result.ok) throw new Refused(`refused: ${result.error.message}`, indonesian);
  return result.value;
}

function printImport(s: ImportSummary): void {
  for (const b of s.bundles) {
    const what = b.bundle
      ? ` (desa ${b.bundle.desaCode} ${b.bundle.desaName}, bundle ${b.bundle.bundleSeq})`
      : '';
    if (b.outcome === 'imported')
      console.log(
        `imported: ${b.path}${what}, ${b.bundle!.newStatements} new statements${b.bundle!.enrolled ? ', kiosk enrolled' : ''}`,
      );
    else
      console.log(
        `${b.outcome}: ${b.path}${what}: ${b.reason}: ${b.message ?? ''}\n  ${IMPORT_TEXT[b.reason!]}`,
      );
  }
  const c = s.counts;
  console.log(
    `${c.imported} imported (${c.newStatements} new statements), ${c.duplicate} already there, ${c.held} held, ${c.refused} refused` +
      `${s.cancelled ? '; cancelled' : ''}${s.incomplete ? '; the folder has more than one import looks at: import again' : ''}`,
  );
  console.log(`Diimpor ${c.imported}, sudah ada ${c.duplicate}, ditahan ${c.held}, ditolak ${c.refused}.`);
}

/** `balai hub import <dir|file> [--receipts] [--courses]`: exit 1 when anything was refused or held. */
export async function hubImport(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      data: { type: 'string' },
      receipts: { type: 'boolean', default: false },
      courses: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    true,
  );
  if (positionals.length !== 1) throw new UsageError('hub import <dir | file> --data DIR');
  const source = resolve(positionals[0]!);
  if ((values.receipts || values.courses) && existsSync(source) && statSync(source).isFile())
    throw new UsageError('--receipts and --courses answer on a stick: give its folder, not one file');
  const core = openHubCore(dataDir(values.data));
  try {
    const abort = new AbortController();
    const stop = () => abort.abort();
    process.once('SIGINT', stop);
    let summary: ImportSummary;
    try {
      summary = must(
        await importBundles(core.services, { mountpoint: source }, { signal: abort.signal }),
        'Ditolak: folder atau berkas tidak ditemukan.',
      );
    } finally {
      process.off('SIGINT', stop);
    }
    const receipts =
      values.receipts && summary.deviceIds.length > 0
        ? must(
            writeReceipts(core.services, { mountpoint: source }, { deviceIds: summary.deviceIds }),
            'Tanda terima gagal ditulis.',
          ).receipts
        : [];
    const courses = values.courses
      ? must(await copyCoursesToStick(core.services, { mountpoint: source }), 'Kursus gagal disalin.')
      : null;
    if (values.json) console.log(JSON.stringify({ ...summary, receipts, courses }));
    else {
      printImport(summary);
      for (const r of receipts) console.log(`receipt: ${r.path} (${r.statements} statements)`);
      if (courses) for (const c of courses.courses) console.log(`course: ${c.path}`);
    }
    return summary.counts.refused + summary.counts.held > 0 || summary.cancelled ? 1 : 0;
  } finally {
    core.close();
  }
}

export async function hubReceipts(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    data: { type: 'string' },
    to: { type: 'string' },
    desa: { type: 'string', multiple: true },
    courses: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  });
  const to = existingFolder(values.to, 'hub receipts --to DIR --data DIR');
  const core = openHubCore(dataDir(values.data));
  try {
    const written = must(
      await answerOnStick(
        core.services,
        { mountpoint: to },
        { courses: values.courses, ...(values.desa ? { desaCodes: values.desa } : {}) },
      ),
      'Tanda terima atau kursus gagal ditulis ke flashdisk.',
    );
    const courses = written.courses;
    if (values.json) console.log(JSON.stringify(written));
    else {
      for (const r of written.receipts)
        console.log(`receipt: ${r.path} (desa ${r.desaCode} ${r.desaName}, ${r.statements} statements)`);
      if (courses) {
        for (const c of courses.courses)
          console.log(`course: ${c.path}${c.alreadyThere ? ' (already there)' : ''}`);
        for (const m of courses.missing) console.log(`course without a package file on this hub: ${m}`);
      }
      console.log(
        `${written.receipts.length} receipt(s) written. Tanda terima ditulis: ${written.receipts.length}.`,
      );
    }
    return 0;
  } finally {
    core.close();
  }
}

export async function hubPassUp(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    data: { type: 'string' },
    to: { type: 'string' },
    all: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  });
  const to = existingFolder(values.to, 'hub pass-up --to DIR --data DIR');
  const core = openHubCore(dataDir(values.data));
  try {
    const s = must(
      await passUp(core.services, { mountpoint: to }, { all: values.all }),
      'Gagal menulis ke flashdisk.',
    );
    if (values.json) console.log(JSON.stringify(s));
    else {
      for (const w of s.written) console.log(`bundle: ${w.path}`);
      for (const d of s.damaged) console.log(`not passed up, the hub's copy is damaged: ${d}`);
      console.log(
        `${s.written.length} bundle(s) written, ${s.alreadyThere} already there. Paket hasil diteruskan: ${s.written.length}.`,
      );
    }
    return s.damaged.length > 0 ? 1 : 0;
  } finally {
    core.close();
  }
}

export function hubHeld(argv: string[]): Promise<number> {
  const { values } = parse(argv, { data: { type: 'string' }, json: { type: 'boolean', default: false } });
  const core = openHubCore(dataDir(values.data));
  try {
    const held = heldKeys(core.services);
    if (values.json) console.log(JSON.stringify({ held }));
    else if (held.length === 0) console.log('no keys held. Tidak ada kunci yang ditahan.');
    else
      for (const h of held) {
        console.log(
          `held: kiosk ${h.deviceId} key ${h.keyId} (desa ${h.desaCode} ${h.desaName}, ${h.kind}), first seen ${h.firstSeenAt}, ${h.held.length} bundle(s)`,
        );
        for (const k of h.history)
          console.log(
            `  ${k.state.padEnd(8)} kiosk ${k.deviceId} key ${k.keyId}: first seen ${k.firstSeenAt}, ` +
              `${k.bundles.length} bundle(s)${k.bundles.length ? `, newest made ${k.bundles.at(-1)!.createdAt}` : ''}`,
          );
        console.log(
          `  balai hub accept-key ${h.deviceId} ${h.keyId} | balai hub reject-key ${h.deviceId} ${h.keyId}`,
        );
      }
    return Promise.resolve(0);
  } finally {
    core.close();
  }
}

export async function hubDecideKey(accept: boolean, argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { data: { type: 'string' }, json: { type: 'boolean', default: false } },
    true,
  );
  if (positionals.length !== 2)
    throw new UsageError(`hub ${accept ? 'accept' : 'reject'}-key <device-id> <key-id> --data DIR`);
  const [deviceId, keyId] = positionals as [string, string];
  const core = openHubCore(dataDir(values.data));
  try {
    if (accept) {
      const r = must(
        await acceptKey(core.services, deviceId, keyId),
        'Kunci tidak ditemukan di daftar tahanan.',
      );
      if (values.json) console.log(JSON.stringify(r));
      else {
        console.log(`accepted: key ${keyId} is now enrolled for kiosk ${deviceId}. Kunci diterima.`);
        for (const b of r.imported) console.log(`${b.outcome}: ${b.path}${b.reason ? ` (${b.reason})` : ''}`);
      }
      return r.imported.some((b) => b.outcome === 'refused') ? 1 : 0;
    }
    const r = must(rejectKey(core.services, deviceId, keyId), 'Kunci tidak ditemukan di daftar tahanan.');
    if (values.json) console.log(JSON.stringify(r));
    else
      console.log(
        `rejected: key ${keyId} of kiosk ${deviceId}; ${r.droppedBundles} held bundle(s) dropped. Kunci ditolak.`,
      );
    return 0;
  } finally {
    core.close();
  }
}
