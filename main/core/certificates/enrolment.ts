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
 * installation at `dataDir` knows. Receipts and enrolments come with the result bundles; until then
 * nothing is ever known, so the answer is always `unknown`.
 */
export function enrolmentOf(deviceKey: string, dataDir?: string): Enrolment {
  void deviceKey;
  void dataDir;
  return { state: 'unknown', reason: 'no hub receipt seen' };
}
