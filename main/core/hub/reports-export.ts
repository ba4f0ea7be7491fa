import { err, ok, type Result } from '../../api/result';
import { audit } from '../auth/audit';
import type { HubServices } from './identity';
import { hubReport, type HubReport, type ReportOptions } from './reports';
import { reportCsv, reportTable } from './reports-table';

export type ReportFormat = 'csv' | 'xlsx';

export interface ReportFile {
  fileName: string;
  bytes: Buffer;
  rows: number;
}

/** A report as a file: `laporan-<level>-<region code without dots>-<date>.csv|xlsx`. */
export async function reportFile(report: HubReport, format: ReportFormat): Promise<ReportFile> {
  const table = reportTable(report);
  // exceljs is large: it loads only when a workbook is asked for.
  const bytes =
    format === 'csv' ? reportCsv(table) : await (await import('./reports-xlsx')).reportWorkbook(table);
  const date = report.generatedAt.slice(0, 10);
  const fileName = `laporan-${report.level}-${report.scope.code.replaceAll('.', '') || 'nasional'}-${date}.${format}`;
  return { fileName, bytes, rows: table.rows.length };
}

/** The report asked for, as a file. Learner rows carry names (UU 27/2022), so every export is logged. */
export async function exportReport(
  services: HubServices,
  options: ReportOptions & { format: ReportFormat; actorId?: string | null },
): Promise<Result<ReportFile>> {
  const report = hubReport(services, options);
  if (!report.ok) return report;
  let file: ReportFile;
  try {
    file = await reportFile(report.value, options.format);
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
      rows: file.rows,
    },
  });
  return ok(file);
}
