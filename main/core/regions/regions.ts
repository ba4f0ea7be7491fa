import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Region, RegionLevel } from '../../api/regions';

/**
 * The Kemendagri region list (provinsi → kabupaten/kota → kecamatan → desa), read from the CSVs vendored
 * into resources/regions from the pinned `idn-area-data` package. Loaded on first use, kept in memory
 * (about 90k rows; only set-up and reports need it).
 */
export class Regions {
  private index: Map<string, { name: string; parent: string | null }> | null = null;
  private children: Map<string, string[]> | null = null;
  readonly dataset: string;

  constructor(private readonly dir: string) {
    this.dataset = (
      JSON.parse(readFileSync(join(dir, 'SOURCE.json'), 'utf8')) as { dataset: string }
    ).dataset;
  }

  /** Children of `parent` ('' = the provinces), sorted by code. Kelurahan (desa code starting with 1) are left out. */
  childrenOf(parent: string): Region[] {
    this.load();
    return (this.children!.get(parent) ?? [])
      .filter((code) => levelOf(code) !== 'desa' || !isKelurahan(code))
      .map((code) => this.get(code)!)
      .filter((r): r is Region => r !== undefined);
  }

  get(code: string): Region | undefined {
    this.load();
    const row = this.index!.get(code);
    return row ? { code, name: row.name, level: levelOf(code) } : undefined;
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
    this.index = null;
    this.children = null;
  }

  private load(): void {
    if (this.index) return;
    const index = new Map<string, { name: string; parent: string | null }>();
    const children = new Map<string, string[]>();
    const files: [string, string | null][] = [
      ['provinces.csv', null],
      ['regencies.csv', 'province_code'],
      ['districts.csv', 'regency_code'],
      ['villages.csv', 'district_code'],
    ];
    for (const [file, parentColumn] of files) {
      const parsed = Papa.parse<Record<string, string>>(readFileSync(join(this.dir, file), 'utf8'), {
        header: true,
        skipEmptyLines: true,
      });
      for (const row of parsed.data) {
        const code = row.code;
        const name = row.name;
        if (!code || !name) continue;
        const parent = parentColumn ? (row[parentColumn] ?? null) : '';
        index.set(code, { name, parent });
        const key = parent ?? '';
        const list = children.get(key);
        if (list) list.push(code);
        else children.set(key, [code]);
      }
    }
    for (const list of children.values()) list.sort();
    this.index = index;
    this.children = children;
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
