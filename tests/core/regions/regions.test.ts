import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Regions } from '../../../main/core/regions/regions';

const REGIONS = resolve(import.meta.dirname, '..', '..', '..', 'resources', 'regions');

describe('the region list', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  /** A region folder holding only some of the level files: a level read that is not needed fails. */
  const partial = (...files: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'balai-regions-'));
    dirs.push(dir);
    for (const file of ['SOURCE.json', ...files]) copyFileSync(join(REGIONS, file), join(dir, file));
    return dir;
  };

  it('reads only the level it is asked for: the provinces need neither the kecamatan nor the 84,000 desa', () => {
    const regions = new Regions(partial('provinces.csv', 'regencies.csv'));
    expect(regions.childrenOf('')).toHaveLength(38);
    expect(regions.childrenOf('')[0]).toEqual({ code: '11', name: 'Aceh', level: 'provinsi' });
    expect(regions.childrenOf('33').map((r) => r.name)).toContain('Kabupaten Banyumas');
    expect(regions.get('33.02')).toEqual({ code: '33.02', name: 'Kabupaten Banyumas', level: 'kabupaten' });
    expect(() => regions.childrenOf('33.02')).toThrow(/districts\.csv/);
  });

  it('answers every level from the whole list, kelurahan left out, after a release too', () => {
    const regions = new Regions(REGIONS);
    expect(regions.desa('33.02.05.2001')).toMatchObject({
      desa: { name: 'Adisana', level: 'desa' },
      kecamatan: { code: '33.02.05', name: 'Kebasen' },
      kabupaten: { code: '33.02' },
      provinsi: { name: 'Jawa Tengah' },
    });
    const desa = regions.childrenOf('33.02.05');
    expect(desa.length).toBeGreaterThan(5);
    expect(desa.every((r) => r.level === 'desa' && r.code.startsWith('33.02.05.2'))).toBe(true);
    expect(regions.childrenOf('33.02.05.2001')).toEqual([]);
    expect(regions.get('99')).toBeUndefined();
    regions.release();
    expect(regions.get('33.02.05')?.name).toBe('Kebasen');
  });
});
