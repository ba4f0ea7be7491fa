import type { systemApi } from '../../api/system';
import { ok } from '../../api/result';
import { isoWithOffset } from '../clock';
import type { HandlerMap, Services } from '../context';
import { readSettings } from '../settings/settings';
import { readKiosk } from '../setup/kiosk';
import { installationMode } from '../hub/identity';
import { hubStatus } from '../hub/status';

/** Idle timing in force: the operator's setting, unless the host was started with an override (tests). */
export function idleTiming(services: Services): { minutes: number; warningSeconds: number } {
  const override = services.config.idleSecondsOverride;
  return {
    minutes: override !== null ? override / 60 : readSettings(services.db).idleMinutes,
    warningSeconds: services.config.warningSeconds,
  };
}

export const systemHandlers: HandlerMap<typeof systemApi> = {
  'system.ping': ({ echo }, { services }) =>
    ok({ pong: true, echo, time: isoWithOffset(services.clock.now()) }),
  'system.info': (_input, { services }) => {
    const kiosk = readKiosk(services.db);
    const mode = installationMode(services.db);
    const hub = mode === 'hub' ? hubStatus(services.db, services.trust()) : null;
    return ok({
      appVersion: services.config.appVersion,
      mode,
      setUp: mode !== null,
      hub: hub?.ok
        ? {
            name: hub.value.hub.name,
            regionCode: hub.value.hub.regionCode,
            regionLevel: hub.value.hub.regionLevel,
            regionName: hub.value.hub.regionName,
          }
        : null,
      desa: kiosk
        ? {
            code: kiosk.desa_code,
            name: kiosk.desa_name,
            kecamatan: kiosk.kecamatan_name,
            kabupaten: kiosk.kabupaten_name,
            provinsi: kiosk.provinsi_name,
          }
        : null,
      idle: idleTiming(services),
      language: readSettings(services.db).language,
      shell: services.platform.shell,
      serverTime: isoWithOffset(services.clock.now()),
      testBuild: services.roots.some((root) => root.development),
    });
  },
};
