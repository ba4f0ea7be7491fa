import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Regions } from '../regions/regions';
import { EXTENSIONS, kioskIri, PROFILE_ID } from '../recorder/profile';
import { statementFacts, type StatementFacts } from './facts';
import { inRegion } from './identity';

/**
 * Where a statement pulled from an LRS belongs. An LRS keeps no roster and no bundle, so the hub places a
 * statement by what our profile (docs/xapi-profile.md) puts in every statement a kiosk records: the kiosk's
 * device id and desa code as context extensions, its sequence number, and the actor as an account on that
 * kiosk (`homePage` = the kiosk's IRI, `name` = the learner's UUID). A statement that does not carry them all,
 * consistently, cannot be placed and is parked with the reason, as is one of a desa outside the hub's region.
 */

export type ParkReason = 'not_profile' | 'unplaceable' | 'foreign_region' | 'unknown_desa';
export const PARK_REASONS: readonly ParkReason[] = [
  'not_profile',
  'unplaceable',
  'foreign_region',
  'unknown_desa',
];

export type Placement =
  | {
      placed: true;
      id: string;
      deviceId: string;
      desaCode: string;
      seq: number;
      line: string;
      facts: StatementFacts;
    }
  /** `id`: the statement's, or `sha256:<hash of its text>` when it has no usable one. */
  | { placed: false; id: string; reason: ParkReason; detail: string; line: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DESA = /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/;

const anyStatement = z.object({ id: z.string().regex(UUID) });
const profileStatement = z.object({
  context: z.object({
    contextActivities: z.object({ category: z.array(z.object({ id: z.string() })) }),
  }),
});
const placedStatement = z.object({
  actor: z.object({ account: z.object({ homePage: z.string(), name: z.string().min(1).max(100) }) }),
  context: z.object({
    extensions: z.object({
      [EXTENSIONS.deviceId]: z.string().regex(UUID),
      [EXTENSIONS.desaCode]: z.string().regex(DESA),
      [EXTENSIONS.sequence]: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    }),
  }),
});

/** Places one statement (as the LRS answered it) in a desa of `regionCode`, or says why it cannot. */
export function placeStatement(
  statement: unknown,
  regionCode: string,
  regions: Pick<Regions, 'desa'>,
): Placement {
  const line = JSON.stringify(statement) ?? 'null';
  const withId = anyStatement.safeParse(statement);
  const id = withId.success
    ? withId.data.id.toLowerCase()
    : `sha256:${createHash('sha256').update(line).digest('hex')}`;
  const park = (reason: ParkReason, detail: string): Placement => ({
    placed: false,
    id,
    reason,
    detail,
    line,
  });
  if (!withId.success) return park('not_profile', 'no statement id');
  const profile = profileStatement.safeParse(statement);
  if (!profile.success || !profile.data.context.contextActivities.category.some((c) => c.id === PROFILE_ID))
    return park('not_profile', `not a statement of the Balai Belajar profile (${PROFILE_ID})`);
  const parsed = placedStatement.safeParse(statement);
  if (!parsed.success)
    return park(
      'unplaceable',
      `no kiosk to place it by: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`.slice(0, 500),
    );
  const ext = parsed.data.context.extensions;
  const deviceId = ext[EXTENSIONS.deviceId].toLowerCase();
  const desaCode = ext[EXTENSIONS.desaCode];
  if (parsed.data.actor.account.homePage !== kioskIri(deviceId))
    return park('unplaceable', `the actor is not an account on kiosk ${deviceId}`);
  if (!inRegion(desaCode, regionCode))
    return park(
      'foreign_region',
      `desa ${desaCode} is not in this hub's region (${regionCode || 'nasional'})`,
    );
  if (!regions.desa(desaCode)) return park('unknown_desa', `desa ${desaCode} is in no region list`);
  return {
    placed: true,
    id,
    deviceId,
    desaCode,
    seq: ext[EXTENSIONS.sequence],
    line,
    facts: statementFacts(line),
  };
}
