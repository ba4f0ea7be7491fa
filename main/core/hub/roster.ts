import { personalSchema, type BundleRoster } from '../bundles/format';
import { RosterOpener, type X25519KeyPair } from '../bundles/sealing';
import type { Db } from '../db/database';
import { sql } from '../db/sql';

/**
 * How the hub holds a learner's personal data (column `personal` of hub_learners); 'none': known only from
 * statements pulled from an LRS (pull-lrs.ts), no roster has come yet.
 */
export type PersonalState = 'clear' | 'sealed' | 'erased' | 'other_hub' | 'unreadable' | 'none';

/** One learner of a roster as the hub stores it. */
export interface LearnerRecord {
  learnerId: string;
  jabatan: string | null;
  isOperator: boolean;
  disabled: boolean;
  erased: boolean;
  createdAt: string;
  personal: PersonalState;
  fullName: string | null;
  nik: string | null;
  email: string | null;
}

/**
 * Reads a verified roster: names in clear, or sealed records opened with the hub's X25519 key (and parsed:
 * they are data from outside). A roster sealed to another hub's key (a kecamatan's villages passed up to the
 * kabupaten) keeps its learners without names; a record that does not open is `unreadable`.
 */
export function rosterRecords(roster: BundleRoster, encryption: X25519KeyPair): LearnerRecord[] {
  let opener: RosterOpener | null = null;
  let sealedElsewhere = false;
  if (roster.sealing) {
    if (roster.sealing.recipientKey !== encryption.publicKey) sealedElsewhere = true;
    else
      try {
        opener = new RosterOpener(
          encryption.privateKey,
          roster.sealing.ephemeralKey,
          roster.sealing.recipientKey,
          roster.deviceId,
        );
      } catch {
        sealedElsewhere = true;
      }
  }
  return roster.learners.map((l): LearnerRecord => {
    const base = {
      learnerId: l.id,
      jabatan: l.jabatan,
      isOperator: l.isOperator,
      disabled: l.disabled,
      erased: l.erased,
      createdAt: l.createdAt,
    };
    const none = { fullName: null, nik: null, email: null };
    if (l.erased) return { ...base, personal: 'erased', ...none };
    if (l.personal) return { ...base, personal: 'clear', ...none, fullName: l.personal.fullName };
    if (!l.sealedPersonal) return { ...base, personal: 'erased', ...none };
    if (sealedElsewhere || !opener) return { ...base, personal: 'other_hub', ...none };
    let opened: unknown;
    try {
      opened = opener.open(l.id, l.sealedPersonal);
    } catch {
      return { ...base, personal: 'unreadable', ...none };
    }
    const personal = personalSchema.safeParse(opened);
    if (!personal.success) return { ...base, personal: 'unreadable', ...none };
    return {
      ...base,
      personal: 'sealed',
      fullName: personal.data.fullName,
      nik: personal.data.nik ?? null,
      email: personal.data.email ?? null,
    };
  });
}

interface StoredLearner {
  bundle_seq: number;
  personal: PersonalState;
  full_name: string | null;
  nik: string | null;
  email: string | null;
}

/**
 * Stores a device's roster as of bundle `bundleSeq`: a learner row changes only from a roster at least as new
 * as the one it came from (bundles may be imported out of order). An erasure on the kiosk erases the hub's
 * copy too (UU 27/2022); a roster the hub cannot read keeps the personal data it read before.
 */
export function storeRoster(
  db: Db,
  device: { deviceId: string; desaCode: string; bundleSeq: number; now: string },
  records: readonly LearnerRecord[],
): void {
  for (const r of records) {
    const stored = db.get<StoredLearner>(
      sql`SELECT bundle_seq, personal, full_name, nik, email FROM hub_learners
          WHERE device_id = ${device.deviceId} AND learner_id = ${r.learnerId}`,
    );
    if (stored && stored.bundle_seq > device.bundleSeq) continue;
    const keep =
      (r.personal === 'other_hub' || r.personal === 'unreadable') &&
      stored &&
      (stored.personal === 'clear' || stored.personal === 'sealed');
    const p = keep ? stored : { personal: r.personal, full_name: r.fullName, nik: r.nik, email: r.email };
    db.run(sql`INSERT INTO hub_learners (device_id, learner_id, desa_code, jabatan, is_operator, disabled, erased,
                                         created_at, personal, full_name, nik, email, bundle_seq, updated_at)
               VALUES (${device.deviceId}, ${r.learnerId}, ${device.desaCode}, ${r.jabatan}, ${r.isOperator},
                       ${r.disabled}, ${r.erased}, ${r.createdAt}, ${p.personal}, ${p.full_name}, ${p.nik},
                       ${p.email}, ${device.bundleSeq}, ${device.now})
               ON CONFLICT (device_id, learner_id) DO UPDATE SET
                 desa_code = excluded.desa_code, jabatan = excluded.jabatan, is_operator = excluded.is_operator,
                 disabled = excluded.disabled, erased = excluded.erased, created_at = excluded.created_at,
                 personal = excluded.personal, full_name = excluded.full_name, nik = excluded.nik,
                 email = excluded.email, bundle_seq = excluded.bundle_seq, updated_at = excluded.updated_at`);
  }
}
