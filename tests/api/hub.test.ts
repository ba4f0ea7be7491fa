import { cpSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../main/api/hub';
import { readHub } from '../../main/core/hub/identity';
import { hubChain } from '../helpers/hub-cert';
import { finished } from '../helpers/tasks';
import { openTestCore, sticksDirFor, useTempDirs } from '../helpers/core';
import { mustExport, villageWithResults } from '../core/bundles/kiosk';

describe('an office hub through the API', () => {
  const tempDir = useTempDirs('balai-api-hub-');

  it('set up, import a village stick, answer it with a receipt, report by region; village methods refused', async () => {
    // A village exports its results onto a stick.
    const village = await villageWithResults(tempDir());
    const bundle = await mustExport(village);

    const hubDir = tempDir();
    cpSync(village.stick.mountpoint, join(sticksDirFor(hubDir), 'FLASHDISK'), { recursive: true });
    const hub = openTestCore(hubDir);
    await hub.core.prepare();
    const admin = hub.core.newSession();
    expect(await hub.must(admin, 'system.info', {})).toMatchObject({ mode: null, setUp: false, hub: null });
    const done = await hub.must(admin, 'hub.setup', {
      regionCode: '33.02',
      admin: { fullName: 'Admin Dinas PMD', pin: '246810' },
    });
    expect(done).toMatchObject({
      regionCode: '33.02',
      regionLevel: 'kabupaten',
      regionName: 'Kabupaten Banyumas',
    });
    expect(done.recoveryCode).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);
    expect(await hub.must(admin, 'system.info', {})).toMatchObject({
      mode: 'hub',
      setUp: true,
      hub: { regionCode: '33.02', regionLevel: 'kabupaten' },
    });
    // The admin is logged in by set-up, holds no village post; a kiosk's set-up and village work are refused.
    expect((await hub.must(admin, 'auth.me', {})).account).toMatchObject({ isOperator: true, jabatan: null });
    expect(await hub.call(admin, 'setup.create', validSetup())).toMatchObject({
      ok: false,
      error: { code: 'ALREADY_SET_UP' },
    });
    expect(await hub.call(admin, 'learners.list', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', details: { reason: 'hub' } },
    });
    expect(await hub.call(admin, 'transfer.export', { driveId: 'AAAAAAAAAAAAAAAA' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', details: { reason: 'hub' } },
    });

    const { drives } = await hub.must(admin, 'drives.list', {});
    const stick = drives[0]!.id;
    // Certification through the stick: the request goes out, the issuer's chain comes back and is imported.
    const uncertified = await hub.must(admin, 'hub.certificate', {});
    expect(uncertified.certificate).toMatchObject({ certified: false, chain: [] });
    const request = await hub.must(admin, 'hub.certRequest', { driveId: stick });
    expect(request.path).toMatch(/^BalaiBelajar\/sertifikat\/permintaan-hub-33_02-[0-9a-f]{16}\.json$/);
    expect(await hub.call(admin, 'hub.certImport', { driveId: stick })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', details: { reason: 'none_on_stick' } },
    });
    const folder = join(sticksDirFor(hubDir), 'FLASHDISK', 'BalaiBelajar', 'sertifikat');
    const chain = hubChain(readHub(hub.core.services.db)!.public_key, { scope: '33.02', name: done.name });
    writeFileSync(join(folder, 'hub-33_02.chain.json'), JSON.stringify({ chain }));
    const imported = await hub.must(admin, 'hub.certImport', { driveId: stick });
    expect(imported.certificate).toMatchObject({
      certified: true,
      chain: [{ scope: '33.02' }],
      expiresSoon: false,
    });

    const { taskId } = await hub.must(admin, 'hub.import', { driveId: stick });
    const task = await finished(hub, admin, taskId);
    expect(task.state, JSON.stringify(task.error)).toBe('done');
    const summary = task.result as ImportSummary;
    expect(summary.counts).toMatchObject({ imported: 1, refused: 0, newStatements: bundle.statements.count });
    expect(summary.bundles[0]).toMatchObject({ outcome: 'imported', bundle: { desaCode: '33.02.05.2001' } });

    const answer = await hub.must(admin, 'hub.answer', { driveId: stick, deviceIds: summary.deviceIds });
    expect(answer.certified).toBe(true);
    expect(answer.receipts).toHaveLength(1);
    expect(answer.receipts[0]).toMatchObject({
      desaCode: '33.02.05.2001',
      statements: bundle.statements.count,
    });

    const status = await hub.must(admin, 'hub.status', {});
    expect(status.status).toMatchObject({ kiosks: 1, bundles: 1, statements: bundle.statements.count });

    const { report } = await hub.must(admin, 'hub.report', { level: 'kecamatan' });
    expect(report.level).toBe('kecamatan');
    const kebasen = report.rows.find((r) => 'code' in r && r.code === '33.02.05');
    expect(kebasen).toMatchObject({ desaReporting: 1, learners: 3, certificates: 1 });
    expect(report.total.desaReporting).toBe(1);
    const file = await hub.must(admin, 'hub.reportFile', {
      level: 'desa',
      format: 'csv',
      regionCode: '33.02.05',
    });
    expect(file.fileName).toMatch(/\.csv$/);
    const csv = Buffer.from(file.base64, 'base64').toString('utf8');
    expect(csv).toContain('Adisana');

    // Back at the village: the receipt on the stick marks everything delivered.
    cpSync(join(sticksDirFor(hubDir), 'FLASHDISK'), village.stick.mountpoint, { recursive: true });
    const applied = await village.must(village.operator, 'transfer.receipts', { driveId: village.stickId });
    expect(applied.status).toMatchObject({ pending: 0, hub: { regionCode: '33.02' } });
    expect(readdirSync(join(village.stick.mountpoint, 'BalaiBelajar', '33_02_05_2001'))).toContain(
      'tanda-terima',
    );
    hub.close();
    village.close();
  });
});

function validSetup() {
  return {
    desaCode: '33.02.05.2001',
    operator: { fullName: 'Operator Desa', jabatan: 'sekretaris_desa' as const, pin: '246813' },
  };
}
