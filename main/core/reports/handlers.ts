import type { Jabatan } from '../../api/jabatan';
import type { reportsApi } from '../../api/reports';
import { err, ok } from '../../api/result';
import { getAccount } from '../auth/accounts';
import { audit } from '../auth/audit';
import { isoWithOffset } from '../clock';
import { clockCheck } from '../clock-sanity';
import type { HandlerMap } from '../context';
import { readKiosk } from '../setup/kiosk';
import { learnerEvents } from './history';
import { learnerCourseReports, villageReport } from './village';

/** Operator: the village's progress, one learner's history, the Excel export and the clock check. */
export const reportsHandlers: HandlerMap<typeof reportsApi> = {
  'reports.village': ({ jabatan }, { services }) => {
    const report = villageReport(services, { jabatan });
    return ok({
      ...report,
      clockWarning: clockCheck(services).warn,
      generatedAt: isoWithOffset(services.clock.now()),
    });
  },

  'reports.learnerHistory': ({ learnerId, limit, includeAnswers }, { services }) => {
    const kiosk = readKiosk(services.db);
    if (!kiosk) return err('NOT_SET_UP', 'the kiosk is not set up');
    const row = getAccount(services.db, learnerId);
    if (!row) return err('NOT_FOUND', 'no such learner');
    const erased = row.erased_at !== null;
    const { events, truncated } = learnerEvents(services, row.id, { limit, includeAnswers });
    return ok({
      learner: {
        id: row.id,
        fullName: erased ? null : row.full_name,
        jabatan: erased ? null : (row.jabatan as Jabatan | null),
        erased,
        disabled: row.disabled === 1,
        createdAt: row.created_at,
      },
      desa: {
        code: kiosk.desa_code,
        name: kiosk.desa_name,
        kecamatan: kiosk.kecamatan_name,
        kabupaten: kiosk.kabupaten_name,
        provinsi: kiosk.provinsi_name,
      },
      courses: learnerCourseReports(services, row.id),
      events,
      truncated,
      generatedAt: isoWithOffset(services.clock.now()),
      clockWarning: clockCheck(services).warn,
    });
  },

  'reports.villageXlsx': async ({ jabatan }, { services, account }) => {
    const kiosk = readKiosk(services.db);
    if (!kiosk) return err('NOT_SET_UP', 'the kiosk is not set up');
    const generatedAt = isoWithOffset(services.clock.now());
    const { rows } = villageReport(services, { jabatan });
    // exceljs is large: it loads only when the operator exports.
    const { villageWorkbook } = await import('./xlsx');
    const buffer = await villageWorkbook({
      kiosk,
      rows,
      jabatan,
      generatedAt,
      clockWarning: clockCheck(services).warn,
    });
    // Names leave the kiosk in this file (UU 27/2022): the operator's export is logged.
    audit(services.db, services.clock, {
      actorId: account.id,
      action: 'report.export',
      details: { rows: rows.length, jabatan: jabatan ?? null },
    });
    const date = generatedAt.slice(0, 10);
    const fileName = `hasil-belajar-${kiosk.desa_code.replaceAll('.', '')}${jabatan ? `-${jabatan}` : ''}-${date}.xlsx`;
    return ok({ fileName, base64: buffer.toString('base64'), rows: rows.length });
  },

  'reports.clock': (_input, { services }) => ok(clockCheck(services)),
};
