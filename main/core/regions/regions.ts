import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Region, RegionLevel } from '../../api/regions';

/** One CSV per level, finest last; a level's codes are all of one length (levelOf). */
const LEVEL_FILES: readonly { file: string; parentColumn: string | null }[] = [
  { file: 'provinces.csv', parentColumn: null },
  { file: 'regencies.csv', parentColumn: 'province_code' },
  { file: 'districts.csv', parentColumn: 'regency_code' },
  { file: 'villages.csv', parentColumn: 'district_code' },
];
const LEVELS: readonly RegionLevel[] = ['provinsi', 'kabupaten', 'kecamatan', 'desa'];

interface Level {
  names: Map<string, string>;
  /** Codes of this level by their parent's code ('' for the provinces), sorted. */
  children: Map<string, string[]>;
}

/**
 * The Kemendagri region list (provinsi → kabupaten/kota → kecamatan → desa), read from the CSVs vendored
 * into resources/regions from the pinned `idn-area-data` package. Each level's file is read on first use and
 * kept in memory: the set-up screen's list of provinces needs 38 rows, not the 84,000 desa (about 0.3 s to
 * parse on a slow PC), which load when a kecamatan is picked. Only set-up and reports need it.
 */
export class Regions {
  private levels: (Level | null)[] = LEVEL_FILES.map(() => null);
  readonly dataset: string;

  constructor(private readonly dir: string) {
    this.dataset = (
      JSON.parse(readFileSync(join(dir, 'SOURCE.json'), 'utf8')) as { dataset: string }
    ).dataset;
  }

  /** Children of `parent` ('' = the provinces), sorted by code. Kelurahan (desa code starting with 1) are left out. */
  childrenOf(parent: string): Region[] {
    const childLevel = parent === '' ? 0 : LEVELS.indexOf(levelOf(parent)) + 1;
    if (childLevel >= LEVELS.length) return [];
    return (this.level(childLevel).children.get(parent) ?? [])
      .filter((code) => levelOf(code) !== 'desa' || !isKelurahan(code))
      .map((code) => this.get(code)!)
      .filter((r): r is Region => r !== undefined);
  }

  /**
   * How many desa (kelurahan not counted) lie in a kabupaten/kota or kecamatan: 0 for a kota or kecamatan
   * of kelurahan only, which a village kiosk cannot be set up in.
   */
  desaCount(code: string): number {
    const desaLevel = this.level(LEVELS.indexOf('desa'));
    const inKecamatan = (kecamatan: string) =>
      (desaLevel.children.get(kecamatan) ?? []).filter((c) => !isKelurahan(c)).length;
    if (levelOf(code) === 'kecamatan') return inKecamatan(code);
    if (levelOf(code) !== 'kabupaten') return 0;
    const kecamatan = this.level(LEVELS.indexOf('kecamatan')).children.get(code) ?? [];
    return kecamatan.reduce((sum, k) => sum + inKecamatan(k), 0);
  }

  get(code: string): Region | undefined {
    const level = levelOf(code);
    const name = this.level(LEVELS.indexOf(level)).names.get(code);
    return name !== undefined ? { code, name, level } : undefined;
  }

  /** The desa with its kecamatan, kabupaten/kota and provinsi, or undefined if the code is not a desa. */
  desa(code: string): { desa: Region; kecamatan: Region; kabupaten: Region; provinsi: Region } | undefined {
    const desa = this.get(code);
    if (!desa || desa.level !== 'desa' || isKelurahan(code)) return undefined;
    const kecamatan = this.get(code.slice(0, 8));
    const kabupaten = this.get(code.slice(0, 5));
    const provinsi = this.get(code.slice(0, 2));
    if (!kecamatan || !kabupaten || !provinsi) return undefined;
    return { desa, kecamatan, kabupaten, provinsi };
  }

  /** Drops the in-memory list (after set-up the kiosk needs it no more); it loads again on next use. */
  release(): void {
    this.levels = LEVEL_FILES.map(() => null);
  }

  private level(at: number): Level {
    const loaded = this.levels[at];
    if (loaded) return loaded;
    const { file, parentColumn } = LEVEL_FILES[at]!;
    const parsed = Papa.parse<Record<string, string>>(readFileSync(join(this.dir, file), 'utf8'), {
      header: true,
      skipEmptyLines: true,
    });
    const level: Level = { names: new Map(), children: new Map() };
    for (const row of parsed.data) {
      const code = row.code;
      const name = row.name;
      if (!code || !name) continue;
      level.names.set(code, name);
      const parent = parentColumn ? (row[parentColumn] ?? '') : '';
      const list = level.children.get(parent);
      if (list) list.push(code);
      else level.children.set(parent, [code]);
    }
    for (const list of level.children.values()) list.sort();
    this.levels[at] = level;
    return level;
  }
}

export function levelOf(code: string): RegionLevel {
  switch (code.length) {
    case 2:
      return 'provinsi';
    case 5:
      return 'kabupaten';
    case 8:
      return 'kecamatan';
    default:
      return 'desa';
  }
}

/** Kelurahan are urban wards, not desa: the desa part of their code starts with 1. */
export function isKelurahan(code: string): boolean {
  return code.length === 13 && code[9] === '1';
}
