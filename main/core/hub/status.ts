import type { HubStatus } from '../../api/hub';
import { ok, type Result } from '../../api/result';
import type { Db } from '../db/database';
import { raw, sql } from '../db/sql';
import { hubCertificate, type TrustInputs } from './certificate';
import { requireHub } from './identity';

export type { HubStatus };

type CountedTable = 'hub_devices' | 'hub_bundles' | 'hub_statements' | 'hub_learners' | 'hub_held';

/** The hub's counts and its certificate (checked against `trust`: roots, revocation lists, now). */
export function hubStatus(db: Db, trust: TrustInputs): Result<HubStatus> {
  const hub = requireHub(db);
  if (!hub.ok) return hub;
  const h = hub.value;
  const count = (table: CountedTable) =>
    db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM ${raw(table)}`)?.n ?? 0;
  const n = (query: ReturnType<typeof sql>) => db.get<{ n: number | null }>(query)?.n ?? 0;
  return ok({
    hub: {
      id: h.hub_id,
      name: h.name,
      regionCode: h.region_code,
      regionLevel: h.region_level,
      regionName: h.region_name,
      keyId: h.key_id,
    },
    kiosks: count('hub_devices'),
    bundles: count('hub_bundles'),
    statements: count('hub_statements'),
    learners: count('hub_learners'),
    heldKeys: n(sql`SELECT COUNT(*) AS n FROM hub_keys WHERE state = 'held'`),
    heldBundles: count('hub_held'),
    notPassedUp: n(sql`SELECT COUNT(*) AS n FROM hub_bundles WHERE passed_up_at IS NULL`),
    lastImportAt:
      db.get<{ at: string | null }>(sql`SELECT MAX(imported_at) AS at FROM hub_bundles`)?.at ?? null,
    certificate: hubCertificate({ db }, trust),
  });
}
