import { randomInt } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fullName, pin as pinSchema, regionCode } from '../../api/fields';
import { addHubCourse } from '../../core/hub/courses';
import { initHub } from '../../core/hub/init';
import { REPORT_LEVELS, type ReportLevel } from '../../core/hub/reports';
import { hubStatus } from '../../core/hub/status';
import { exportReport } from '../../core/hub/reports-export';
import { dataDir, parse, Refused, UsageError } from '../args';
import { openCore } from '../core';
import { hubBackup } from './hub-backup';
import { describeCertificate, hubCert } from './hub-cert';
import { openHubCore } from './hub-common';
import { hubPullLrs } from './hub-pull';
import { hubDecideKey, hubHeld, hubImport, hubPassUp, hubReceipts } from './hub-transfer';

function hubInit(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    data: { type: 'string' },
    region: { type: 'string' },
    name: { type: 'string' },
    'admin-name': { type: 'string', default: 'Admin Kantor' },
    'admin-pin': { type: 'string' },
    json: { type: 'boolean', default: false },
    'fast-hash': { type: 'boolean', default: false },
  });
  // The nation has no Kemendagri code: `nasional` stands for it ('' inside).
  const region =
    values.region === 'nasional' ? { success: true as const, data: '' } : regionCode.safeParse(values.region);
  if (!region.success || region.data.length > 8)
    throw new UsageError(
      '--region CODE is required: provinsi NN, kabupaten/kota NN.NN, kecamatan NN.NN.NN or nasional',
    );
  const name = fullName.safeParse(values['admin-name']);
  if (!name.success) throw new UsageError('--admin-name must have 2–100 characters');
  const pinGiven = values['admin-pin'] ?? process.env.BALAI_ADMIN_PIN;
  const pin = pinGiven ?? String(randomInt(0, 1_000_000)).padStart(6, '0');
  if (!pinSchema.safeParse(pin).success) throw new UsageError('--admin-pin must be 6 digits');
  const core = openCore(dataDir(values.data), { fastHash: values['fast-hash'], quiet: true });
  try {
    const done = initHub(core.services, {
      regionCode: region.data,
      ...(values.name ? { name: values.name } : {}),
      admin: { fullName: name.data, pin },
    });
    if (!done.ok) throw new Refused(`hub init refused: ${done.error.message}`, 'Pengaturan hub ditolak.');
    const d = done.value;
    if (values.json) console.log(JSON.stringify({ ...d, ...(pinGiven ? {} : { adminPin: pin }) }));
    else {
      console.log(`Hub set up: ${d.name} (${`${d.regionLevel} ${d.regionCode}`.trim()}), key ${d.keyId}.`);
      console.log(`Admin account: ${name.data}${pinGiven ? '' : `, PIN (write it down): ${pin}`}`);
      console.log(`Recovery code (shown once; keep it safe / simpan baik-baik): ${d.recoveryCode}`);
    }
    return Promise.resolve(0);
  } finally {
    core.close();
  }
}

function hubStatusCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, { data: { type: 'string' }, json: { type: 'boolean', default: false } });
  const core = openHubCore(dataDir(values.data));
  try {
    const status = hubStatus(core.services.db, core.services.trust());
    if (!status.ok) throw new Refused(`refused: ${status.error.message}`, 'Hub ini belum diatur.');
    const s = status.value;
    if (values.json) console.log(JSON.stringify(s));
    else
      console.log(
        [
          `hub:        ${s.hub.name} (${`${s.hub.regionLevel} ${s.hub.regionCode}`.trim()}, key ${s.hub.keyId})`,
          `kiosks:     ${s.kiosks} enrolled, ${s.bundles} bundles, ${s.statements} statements, ${s.learners} learners`,
          `last:       ${s.lastImportAt ?? 'nothing imported yet'}`,
          `held:       ${s.heldKeys} key(s), ${s.heldBundles} bundle(s) waiting for a decision (balai hub held)`,
          `pass-up:    ${s.notPassedUp} bundle(s) not passed up yet`,
          ...describeCertificate(s.certificate),
        ].join('\n'),
      );
    return Promise.resolve(0);
  } finally {
    core.close();
  }
}

async function hubReportCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    data: { type: 'string' },
    level: { type: 'string' },
    format: { type: 'string', default: 'csv' },
    out: { type: 'string' },
    region: { type: 'string' },
  });
  const level = REPORT_LEVELS.find((l) => l === values.level);
  if (!level) throw new UsageError(`--level must be one of ${REPORT_LEVELS.join(', ')}`);
  if (values.format !== 'csv' && values.format !== 'xlsx')
    throw new UsageError('--format must be csv or xlsx');
  if (values.region !== undefined && !regionCode.safeParse(values.region).success)
    throw new UsageError('--region must be a Kemendagri code (NN, NN.NN, NN.NN.NN or NN.NN.NN.NNNN)');
  const core = openHubCore(dataDir(values.data));
  try {
    const file = await exportReport(core.services, {
      level: level satisfies ReportLevel,
      format: values.format,
      ...(values.region ? { regionCode: values.region } : {}),
    });
    if (!file.ok) throw new Refused(`refused: ${file.error.message}`, 'Laporan tidak dapat dibuat.');
    if (!values.out && values.format === 'csv') {
      process.stdout.write(file.value.bytes);
      return 0;
    }
    const out = values.out ?? file.value.fileName;
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, file.value.bytes);
    console.log(`${out}: ${file.value.rows} rows (${level}). Laporan ditulis.`);
    return 0;
  } finally {
    core.close();
  }
}

async function hubCourseAdd(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { data: { type: 'string' } }, true);
  if (positionals.length !== 1) throw new UsageError('hub course-add <file.balaicourse> --data DIR');
  const core = openHubCore(dataDir(values.data));
  try {
    const added = await addHubCourse(core.services, positionals[0]!);
    if (!added.ok) throw new Refused(`refused: ${added.error.message}`, 'Paket kursus ditolak.');
    console.log(`installed ${added.value.courseId} ${added.value.version}; kept for the villages' sticks`);
    return 0;
  } finally {
    core.close();
  }
}

/** `balai hub <verb>`. */
export function hub(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  switch (verb) {
    case 'init':
      return hubInit(rest);
    case 'status':
      return hubStatusCommand(rest);
    case 'import':
      return hubImport(rest);
    case 'receipts':
      return hubReceipts(rest);
    case 'pass-up':
      return hubPassUp(rest);
    case 'pull-lrs':
      return hubPullLrs(rest);
    case 'report':
      return hubReportCommand(rest);
    case 'held':
      return hubHeld(rest);
    case 'accept-key':
      return hubDecideKey(true, rest);
    case 'reject-key':
      return hubDecideKey(false, rest);
    case 'course-add':
      return hubCourseAdd(rest);
    case 'backup':
      return hubBackup(rest);
    case 'cert':
      return hubCert(rest);
    default:
      throw new UsageError(`unknown hub command: ${verb ?? '(none)'}`);
  }
}
