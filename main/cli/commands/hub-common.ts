import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DB_FILE, type Core } from '../../core/app';
import { installationMode } from '../../core/hub/identity';
import type { ImportReason } from '../../core/hub/import-check';
import { Refused, UsageError } from '../args';
import { openCore } from '../core';

/** An installation that is a hub: the CLI never makes one by accident (that is `hub init`). */
export function openHubCore(dir: string): Core {
  if (!existsSync(join(dir, DB_FILE))) throw new UsageError(`no Balai Belajar installation at ${dir}`);
  const core = openCore(dir, { quiet: true });
  const mode = installationMode(core.services.db);
  if (mode !== 'hub') {
    core.close();
    throw mode === 'kiosk'
      ? new Refused(
          'this installation is a village kiosk, not a hub',
          'Folder data ini kiosk desa, bukan hub.',
        )
      : new Refused('this installation is not set up as a hub (balai hub init)', 'Hub ini belum diatur.');
  }
  return core;
}

/** A folder that exists (a stick's mountpoint, or any folder standing in for one). */
export function existingFolder(dir: string | undefined, usage: string): string {
  if (!dir) throw new UsageError(usage);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new Refused(
      `refused: no folder ${dir}`,
      'Ditolak: folder tujuan tidak ada (flashdisk terpasang?).',
    );
  return dir;
}

/** Each import reason as the admin reads it on the command line. */
export const IMPORT_TEXT: Record<ImportReason, string> = {
  not_a_bundle: 'bukan paket hasil Balai Belajar',
  truncated: 'berkas terpotong (penyalinan terputus atau flashdisk dicabut)',
  tampered: 'paket hasil telah diubah setelah ditandatangani kiosk',
  malformed: 'isi paket hasil tidak sesuai format',
  foreign_region: 'desa di luar wilayah hub ini',
  key_changed: 'kunci perangkat berubah: ditahan sampai admin memutuskan (balai hub held)',
  key_rejected: 'kunci perangkat ini sudah ditolak admin',
  duplicate: 'sudah diimpor sebelumnya',
  unreadable: 'berkas tidak dapat dibaca',
  failed: 'gagal disimpan di hub (lihat log)',
  cancelled: 'dibatalkan',
};
