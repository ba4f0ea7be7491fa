import type { Services } from '../context';
import { handleAuRequest } from './au/origin';
import { cmi5Rules } from './cmi5/rules';
import { handleH5pRequest } from './h5p/bridge';
import { handleScoRequest } from './scorm/bridge';

/**
 * A request to a launch's own origin, for both shells: a SCO's (SCORM bridge and files), an H5P activity's (its bridge, the player and
 * the libraries its course names), or a cmi5 AU's or Tin Can package's (the local LRS, cmi5's fetch URL, the package's files). A token no launch holds is closed.
 */
export function handleContentRequest(
  services: Services,
  token: string,
  request: Request,
  frameAncestors: string,
): Promise<Response> {
  const au = services.au.live(token);
  if (au)
    return handleAuRequest(services, au, request, frameAncestors, au.kind === 'cmi5' ? cmi5Rules : null);
  const h5p = services.h5p.live(token);
  if (h5p) return handleH5pRequest(services, h5p, request, frameAncestors);
  return handleScoRequest(services, token, request, frameAncestors);
}
