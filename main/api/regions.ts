import { z } from 'zod';
import { method } from './define';
import { regionCode } from './fields';

export type RegionLevel = 'provinsi' | 'kabupaten' | 'kecamatan' | 'desa';

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
}

/** A region in a list to choose from; a kabupaten/kota or kecamatan also says how many desa it has. */
export interface RegionChoice extends Region {
  /** Desa inside (kelurahan not counted); 0 for a kota or kecamatan of kelurahan only. Kabupaten/kecamatan only. */
  desaCount?: number;
}

export const regionsApi = {
  /** Children of a region (`parent` omitted: the 38 provinces). Desa lists hide kelurahan (code 1xxx). */
  'regions.children': method<{ parent: Region | null; items: RegionChoice[]; dataset: string }>()(
    'anyone',
    z.strictObject({ parent: regionCode.optional() }),
  ),
};
