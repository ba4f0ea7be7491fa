/**
 * Village positions (Permendagri 84/2015 on the SOTK of the village government; UU 6/2014 Ps. 55–56 for
 * the BPD). Codes are stable identifiers stored in the database; labels are the official Indonesian names.
 */
export const JABATAN = {
  kepala_desa: 'Kepala Desa',
  sekretaris_desa: 'Sekretaris Desa',
  kaur_tu_umum: 'Kepala Urusan Tata Usaha dan Umum',
  kaur_keuangan: 'Kepala Urusan Keuangan',
  kaur_perencanaan: 'Kepala Urusan Perencanaan',
  kasi_pemerintahan: 'Kepala Seksi Pemerintahan',
  kasi_kesejahteraan: 'Kepala Seksi Kesejahteraan',
  kasi_pelayanan: 'Kepala Seksi Pelayanan',
  kepala_dusun: 'Kepala Dusun',
  staf_desa: 'Staf Pemerintah Desa',
  ketua_bpd: 'Ketua BPD',
  wakil_ketua_bpd: 'Wakil Ketua BPD',
  sekretaris_bpd: 'Sekretaris BPD',
  anggota_bpd: 'Anggota BPD',
} as const;

export type Jabatan = keyof typeof JABATAN;
export const JABATAN_CODES = Object.keys(JABATAN) as [Jabatan, ...Jabatan[]];
