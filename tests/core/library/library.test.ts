import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TaskView } from '../../../main/api/tasks';
import { sql } from '../../../main/core/db/sql';
import { sticksDirFor, useTempDirs } from '../../helpers/core';
import { EXTERNAL_CONTENT } from '../../helpers/external-content';
import { makeWorld, type World } from '../../helpers/world';
import { zipFiles } from '../bundles/kiosk';

async function settle(w: World, taskId: string): Promise<TaskView> {
  for (;;) {
    const { task } = await w.must(w.operator, 'tasks.get', { taskId });
    if (task.state !== 'running') return task;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('installing courses from a stick (operator)', () => {
  const tempDir = useTempDirs();

  it('lists the stick by label, finds the package, installs it as a task, and a learner can open it', async () => {
    const dir = tempDir();
    const w = await makeWorld(dir);
    const { drives } = await w.must(w.operator, 'drives.list', {});
    expect(drives.find((d) => d.id === w.stickId)).toMatchObject({ label: 'FLASHDISK', readOnly: false });
    expect(JSON.stringify(drives)).not.toContain(sticksDirFor(dir)); // never a path
    // Remove the built-in copy so the stick's package is new to this kiosk.
    await w.must(w.operator, 'courses.remove', { courseId: 'mengenal-apbdes', confirm: true });
    const { packages } = await w.must(w.operator, 'drives.packages', { driveId: w.stickId });
    expect(packages).toEqual([
      {
        path: 'BalaiBelajar/mengenal-apbdes.balaicourse',
        fileName: 'mengenal-apbdes.balaicourse',
        sizeBytes: expect.any(Number) as number,
      },
    ]);
    const { taskId } = await w.must(w.operator, 'courses.installFromDrive', {
      driveId: w.stickId,
      path: packages[0]!.path,
    });
    const task = await settle(w, taskId);
    expect(task).toMatchObject({ state: 'done', result: { courseId: 'mengenal-apbdes', version: '1.0.0' } });
    expect(task.total).toBeGreaterThan(0);
    expect(task.done).toBe(task.total);
    const { courses } = await w.must(w.operator, 'courses.installed', {});
    expect(courses.map((c) => c.id)).toContain('mengenal-apbdes');
    const { lesson } = await w.must(w.tokenB, 'lessons.open', {
      courseId: 'mengenal-apbdes',
      lessonId: 'apa-itu-apbdes',
    });
    expect(lesson.markdown.length).toBeGreaterThan(100);
    const { entries } = await w.must(w.operator, 'audit.list', { limit: 3 });
    expect(entries[0]).toMatchObject({ action: 'course.install', actorId: w.operatorId });
    w.close();
  });

  it('a tampered package fails the task with the reason, and nothing changes', async () => {
    const dir = tempDir();
    const w = await makeWorld(dir);
    const pkg = join(sticksDirFor(dir), 'FLASHDISK', 'BalaiBelajar', 'mengenal-apbdes.balaicourse');
    const bytes = readFileSync(pkg);
    // Change one byte of the first file's data (after its local header).
    const at = 30 + bytes.readUInt16LE(26) + bytes.readUInt16LE(28) + 5;
    bytes[at] = bytes[at]! ^ 0xff;
    writeFileSync(pkg, bytes);
    await w.must(w.operator, 'courses.remove', { courseId: 'mengenal-apbdes', confirm: true });
    const before = JSON.stringify(w.core.services.db.all(sql`SELECT * FROM courses`));
    const { taskId } = await w.must(w.operator, 'courses.installFromDrive', {
      driveId: w.stickId,
      path: 'BalaiBelajar/mengenal-apbdes.balaicourse',
    });
    const task = await settle(w, taskId);
    expect(task.state).toBe('failed');
    expect(task.error?.code).toBe('INVALID_CONTENT');
    expect(task.error?.message).toMatch(/tampered|hash|not a zip|broken|invalid/i);
    expect(JSON.stringify(w.core.services.db.all(sql`SELECT * FROM courses`))).toBe(before);
    const { entries } = await w.must(w.operator, 'audit.list', { limit: 1 });
    expect(entries[0]).toMatchObject({ action: 'course.refused' });
    w.close();
  });

  it('answers DRIVE_NOT_FOUND once the stick is pulled, and refuses paths off the stick', async () => {
    const dir = tempDir();
    const w = await makeWorld(dir);
    const bad = await w.call(w.operator, 'courses.installFromDrive', {
      driveId: w.stickId,
      path: '../../etc/x.balaicourse',
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    rmSync(join(sticksDirFor(dir), 'FLASHDISK'), { recursive: true });
    expect(await w.call(w.operator, 'drives.packages', { driveId: w.stickId })).toMatchObject({
      ok: false,
      error: { code: 'DRIVE_NOT_FOUND' },
    });
    w.close();
  });

  it('a raw SCORM zip or H5P file on the stick is named, to be wrapped by the kabupaten; other zips are not listed', async () => {
    const dir = tempDir();
    const w = await makeWorld(dir);
    const stick = join(sticksDirFor(dir), 'FLASHDISK');
    mkdirSync(join(stick, 'dari-dinas'), { recursive: true });
    const scorm = 'scorm2004/SequencingPostTestRollup4thEd_SCORM20044thEdition.zip';
    copyFileSync(join(EXTERNAL_CONTENT, scorm), join(stick, 'dari-dinas', 'golf.zip'));
    copyFileSync(join(EXTERNAL_CONTENT, 'h5p', 'H5P.MultiChoice.h5p'), join(stick, 'pilihan-ganda.h5p'));
    await zipFiles(join(stick, 'foto-rapat.zip'), new Map([['foto.jpg', Buffer.from('bukan foto')]]));
    const { packages, foreign } = await w.must(w.operator, 'drives.packages', { driveId: w.stickId });
    expect(packages.map((p) => p.fileName)).toEqual(['mengenal-apbdes.balaicourse']);
    expect(foreign.sort((a, b) => b.path.localeCompare(a.path))).toEqual([
      {
        path: 'pilihan-ganda.h5p',
        fileName: 'pilihan-ganda.h5p',
        sizeBytes: expect.any(Number) as number,
        standard: 'h5p',
        edition: null,
        title: 'Multiple Choice',
      },
      {
        path: 'dari-dinas/golf.zip',
        fileName: 'golf.zip',
        sizeBytes: expect.any(Number) as number,
        standard: 'scorm2004',
        edition: '4th',
        title: 'Golf Explained - 4th Edition Features',
      },
    ]);
    w.close();
  });

  it('removing a course keeps the learners’ records of it', async () => {
    const w = await makeWorld(tempDir());
    const count = () =>
      w.core.services.db.get<{ n: number }>(
        sql`SELECT COUNT(*) AS n FROM lesson_progress WHERE course_id = 'uji-dasar'`,
      )!.n;
    const before = count();
    expect(before).toBeGreaterThan(0);
    await w.must(w.operator, 'courses.remove', { courseId: 'uji-dasar', confirm: true });
    expect(count()).toBe(before);
    const { courses } = await w.must(w.tokenA, 'courses.catalogue', {});
    expect(courses.map((c) => c.id)).not.toContain('uji-dasar');
    w.close();
  });
});
