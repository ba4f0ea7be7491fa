import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readXlsx } from '../../main/core/questions/xlsx';
import { openTestCore, useTempDirs } from '../helpers/core';

describe('the studio through the API', () => {
  const tempDir = useTempDirs('balai-api-studio-');

  it('an office admin downloads the question template; anonymous callers are refused', async () => {
    const hub = openTestCore(tempDir());
    await hub.core.prepare();
    const admin = hub.core.newSession();
    await hub.must(admin, 'hub.setup', {
      regionCode: '33.02',
      admin: { fullName: 'Admin Dinas PMD', pin: '246810' },
    });
    const file = await hub.must(admin, 'studio.questionTemplate', {});
    expect(file.fileName).toBe('templat-soal-balai-belajar.xlsx');
    const bytes = Buffer.from(file.base64, 'base64');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Soal', 'Petunjuk']);
    // Empty as downloaded: it reads, with nothing to import.
    expect((await readXlsx(bytes, 'id')).questions).toEqual([]);

    const stranger = hub.core.newSession();
    const refused = await hub.core.call(stranger, 'studio.questionTemplate', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });
});
