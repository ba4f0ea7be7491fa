import { join } from 'node:path';
import type { Services } from '../context';
import { loadRoots } from '../pki/roots';
import type { TrustInputs } from './certificate';

/**
 * What the hub checks certificates against now: the roots the app ships (resources/keys/roots), the
 * revocation lists it holds, the clock. A thin adapter over main/core/pki until the core's own `trust()`
 * is in this branch.
 */
export function trustNow(services: Pick<Services, 'config' | 'clock' | 'log'>): TrustInputs {
  return {
    roots: loadRoots(join(services.config.resourcesDir, 'keys', 'roots'), (file, reason) =>
      services.log.warn('ignored a root key file', { file, reason }),
    ),
    revocations: [],
    now: services.clock.now(),
  };
}
