import { lrsConnectionFrom } from '../../core/lrs/settings';
import { parseSince, pullLrs, type PullReport } from '../../core/hub/pull-lrs';
import { dataDir, parse, Refused, UsageError } from '../args';
import { openHubCore } from './hub-common';
import { badLrsSettings, LRS_OPTIONS, lrsInput, UPLOAD_EXIT } from './lrs';

const PARKED_TEXT: Record<keyof PullReport['parked'], string> = {
  not_profile: 'not of the Balai Belajar profile',
  unplaceable: 'no kiosk or desa to place them by',
  foreign_region: 'of a desa outside this region',
  unknown_desa: 'of a desa in no region list',
};

function describe(r: PullReport): string {
  const parked = Object.entries(r.parked)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${n} ${PARKED_TEXT[reason as keyof PullReport['parked']]}`);
  return (
    `${r.received} received in ${r.pages} page(s): ${r.added} added, ${r.alreadyHeld} already held` +
    `${parked.length ? `, parked: ${parked.join(', ')}` : ''}`
  );
}

/** `balai hub pull-lrs`: the hub fills itself from an LRS (core/hub/pull-lrs.ts). */
export async function hubPullLrs(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    data: { type: 'string' },
    ...LRS_OPTIONS,
    since: { type: 'string' },
    'page-size': { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const input = lrsInput(values);
  const since = values.since === undefined ? undefined : parseSince(values.since);
  if (since === null)
    throw new UsageError('--since takes an ISO 8601 time: 2026-11-01 or 2026-11-01T08:00:00+07:00');
  const pageSize = values['page-size'] === undefined ? 500 : Number(values['page-size']);
  if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > 10_000)
    throw new UsageError('--page-size takes a whole number from 1 to 10000');
  const connection = lrsConnectionFrom(input);
  if (!connection.ok) throw badLrsSettings(connection.error.message);
  const core = openHubCore(dataDir(values.data));
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    let shownAt = 0;
    const result = await pullLrs(core.services, {
      connection: connection.value,
      ...(since ? { since } : {}),
      pageSize,
      signal: abort.signal,
      onPage: (r) => {
        if (values.json || Date.now() - shownAt < 1000) return;
        shownAt = Date.now();
        console.error(`pulled ${r.received} (${r.added} added)`);
      },
    });
    if (!result.ok) throw new Refused(`refused: ${result.error.message}`, 'Ditolak.');
    const r = result.value;
    if (values.json) console.log(JSON.stringify(r));
    if (r.end === 'done') {
      if (!values.json)
        console.log(`ok: ${describe(r)}; next pull since ${r.watermark ?? 'the same start'}. Selesai.`);
      return UPLOAD_EXIT.done;
    }
    if (r.end === 'cancelled') {
      console.error(
        `interrupted: ${describe(r)}; run again to go on.\nPenarikan dihentikan; jalankan lagi untuk melanjutkan.`,
      );
      return UPLOAD_EXIT.interrupted;
    }
    const transient = r.error?.transient ?? true;
    console.error(
      `${transient ? 'stopped' : 'refused'}: ${r.error?.message ?? '?'}; ${describe(r)}; ` +
        `${transient ? 'run again later to go on' : 'check the endpoint, key and secret'}\n` +
        (transient
          ? 'LRS tidak dapat dihubungi; jalankan lagi nanti untuk melanjutkan.'
          : 'LRS menolak kunci/kata sandi atau alamatnya; periksa pengaturan LRS.'),
    );
    return transient ? UPLOAD_EXIT.unreachable : UPLOAD_EXIT.refused;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    core.close();
  }
}
