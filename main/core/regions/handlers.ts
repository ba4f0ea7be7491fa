import type { regionsApi } from '../../api/regions';
import { err, ok } from '../../api/result';
import type { HandlerMap } from '../context';

export const regionsHandlers: HandlerMap<typeof regionsApi> = {
  'regions.children': ({ parent }, { services }) => {
    const regions = services.regions;
    if (parent === undefined)
      return ok({ parent: null, items: regions.childrenOf(''), dataset: regions.dataset });
    const region = regions.get(parent);
    if (!region) return err('NOT_FOUND', `no region with code ${parent}`);
    const items = regions
      .childrenOf(parent)
      .map((r) =>
        r.level === 'kabupaten' || r.level === 'kecamatan'
          ? { ...r, desaCount: regions.desaCount(r.code) }
          : r,
      );
    return ok({ parent: region, items, dataset: regions.dataset });
  },
};
