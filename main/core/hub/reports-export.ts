import { err, ok, type Result } from '../../api/result';
import { audit } from '../auth/audit';
import type { HubServices } from './identity';
import { hubReport, type ReportOptions } from './reports';
import { reportCsv, reportTable } from './reports-table';

export type ReportFormat = 'csv' | 'xlsx';

export interface ReportFile {
  fileName: string;
  bytes: Buffer;
  rows: number;
}

/**
 * A report as a file: `laporan-<level>-<region code without dots>-<date>.csv|xlsx`. Learner rows carry names
 * (UU 27/2022), so the export is logged.
 */
export async function exportReport(
  services: HubServices,
  options: ReportOptions & { format: ReportFormat; actorId?: string | null },
): Promise<Result<ReportFile>> {
  const report = hubReport(services, options);
  if (!report.ok) return report;
  const table = reportTable(report.value);
  let bytes: Buffer;
  try {
    if (options.format === 'csv') bytes = reportCsv(table);
    else {
      // exceljs is large: it loads only when a workbook is asked for.
      const { reportWorkbook } = await import('./reports-xlsx');
      bytes = await reportWorkbook(table);
    }
  } catch (error) {
    services.log.error('report export failed', { error: String(error) });
    return err('INTERNAL', 'the report could not be written; see the log');
  }
  audit(services.db, services.clock, {
    actorId: options.actorId ?? null,
    action: 'hub.report_export',
    details: {
      level: options.level,
      region: report.value.scope.code,
      format: options.format,
      rows: table.rows.length,
    },
  });
  const date = report.value.generatedAt.slice(0, 10);
  const fileName = `laporan-${options.level}-${report.value.scope.code.replaceAll('.', '')}-${date}.${options.format}`;
  return ok({ fileName, bytes, rows: table.rows.length });
}
