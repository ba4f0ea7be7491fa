/**
 * Copies the Kemendagri region list from the pinned `idn-area-data` package into resources/regions,
 * so the kiosk never fetches region data at run time. Run after changing the pinned version:
 *   npm run vendor:regions
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('idn-area-data/package.json'));
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
const out = join(import.meta.dirname, '..', 'resources', 'regions');
mkdirSync(out, { recursive: true });
for (const file of ['provinces.csv', 'regencies.csv', 'districts.csv', 'villages.csv']) {
  copyFileSync(join(pkgDir, 'data', file), join(out, file));
}
copyFileSync(join(pkgDir, 'data', 'LICENSE.md'), join(out, 'DATA-LICENSE.md'));
writeFileSync(
  join(out, 'SOURCE.json'),
  JSON.stringify(
    {
      dataset: `idn-area-data@${pkg.version}`,
      basis: 'Kepmendagri No. 300.2.2-2138 Tahun 2025',
      licence: 'data: ODbL 1.0 (DATA-LICENSE.md); package code: MIT',
      attribution: 'Indonesia administrative area data by fityannugroho/idn-area-data, ODbL',
    },
    null,
    2,
  ) + '\n',
);
console.log(`vendored idn-area-data@${pkg.version} into ${out}`);
