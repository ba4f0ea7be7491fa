import { z } from 'zod';
import { method } from './define';

/** What the home screen needs before anyone logs in. */
export interface SystemInfo {
  appVersion: string;
  /** `kiosk` = a village PC; `hub` = an office PC (kecamatan, kabupaten/kota, provinsi); null before set-up. */
  mode: 'kiosk' | 'hub' | null;
  setUp: boolean;
  /** On a hub: the office and its region. */
  hub: {
    name: string;
    regionCode: string;
    regionLevel: 'nasional' | 'provinsi' | 'kabupaten' | 'kecamatan';
    regionName: string;
  } | null;
  desa: { code: string; name: string; kecamatan: string; kabupaten: string; provinsi: string } | null;
  /** Idle logout: minutes of no activity before the warning, then seconds of warning. */
  idle: { minutes: number; warningSeconds: number };
  language: 'id' | 'en';
  /** Which shell serves the UI: `electron` (kiosk window) or `browser` (balai serve). */
  shell: 'electron' | 'browser';
  serverTime: string;
  /**
   * This app trusts a development root (its private half is public): a test build, never a release. The
   * UI then shows "Versi uji" on every screen.
   */
  testBuild: boolean;
}

export const systemApi = {
  /** Round-trip check for transports and tests. */
  'system.ping': method<{ pong: true; echo: string; time: string }>()(
    'anyone',
    z.strictObject({ echo: z.string().max(200).default('') }),
  ),
  'system.info': method<SystemInfo>()('anyone', z.strictObject({})),
};
