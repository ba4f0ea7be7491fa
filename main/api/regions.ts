import { z } from 'zod';
import { method } from './define';
import { regionCode } from './fields';

export type RegionLevel = 'provinsi' | 'kabupaten' | 'kecamatan' | 'desa';

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
}

export const regionsApi = {
  /** Children of a region (`parent` omitted: the 38 provinces). Desa lists hide kelurahan (code 1xxx). */
  'regions.children': method<{ parent: Region | null; items: Region[]; dataset: string }>()(
    'anyone',
    z.strictObject({ parent: regionCode.optional() }),
  ),
};
