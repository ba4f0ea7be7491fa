import { checkEnrolment } from '../bundles/receipt';
import { pinnedHub } from '../bundles/store';
import type { Db } from '../db/database';

/**
 * Whether a kiosk's device key was enrolled by a hub: the first hub to import a desa's bundle pins the
 * kiosk's key and hands back a signed enrolment in its receipt (DESIGN.md, "Trust"). A valid signature
 * only proves a certificate was not changed since that key signed it; enrolment says the key belongs to a
 * kiosk a hub knows.
 */
export type Enrolment =
  | {
      state: 'enrolled';
      /** The hub that enrolled the key. */
      hub: { keyId: string; name: string };
      /** When the hub enrolled it (hub time). */
      at: string;
    }
  | { state: 'unknown'; reason: string };

/**
 * The enrolment of `deviceKey` (the raw Ed25519 public key, base64, as the certificate carries it) as far as the
 * installation whose database is `db` knows: on a kiosk, the enrolment its pinned hub handed back in a receipt
 * (checked again here: signed by that hub, for exactly this key). Without an installation, or before any
 * receipt, the answer is `unknown`.
 */
export function enrolmentOf(deviceKey: string, db?: Db): Enrolment {
  if (!db) return { state: 'unknown', reason: 'no hub receipt seen' };
  const hub = pinnedHub(db);
  if (!hub?.enrolment) return { state: 'unknown', reason: 'no hub receipt seen' };
  let envelope: unknown;
  try {
    envelope = JSON.parse(hub.enrolment);
  } catch {
    return { state: 'unknown', reason: 'the stored enrolment is unreadable' };
  }
  const checked = checkEnrolment(envelope, { devicePublicKey: deviceKey, hubPublicKey: hub.public_key });
  if (!checked.ok)
    return { state: 'unknown', reason: `not enrolled by this installation's hub (${checked.reason})` };
  return {
    state: 'enrolled',
    hub: { keyId: checked.record.hubKeyId, name: checked.record.hubName },
    at: checked.record.enrolledAt,
  };
}
