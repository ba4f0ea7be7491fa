import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CourseManifest } from '../../../main/core/courses/manifest';
import { packCourse, peekSignedVersion, verifyCourseFile } from '../../../main/core/packages/course-package';
import { DEFAULT_LIMITS } from '../../../main/core/packages/limits';
import { readOneEntry } from '../../../main/core/packages/unzip';
import { useTempDirs } from '../../helpers/core';
import { DEV_PUBLISHER, devTrust } from '../../helpers/pki';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const trusted = devTrust();
const STARTERS = ['perencanaan-pembangunan-desa', 'pengelolaan-keuangan-desa'];

describe('the starter courses shipped in resources/courses', () => {
  const tempDir = useTempDirs();

  for (const id of STARTERS) {
    describe(id, () => {
      const file = join(ROOT, 'resources', 'courses', `${id}.balaicourse`);

      it('verifies: a publisher chain to the development root, hashes, schema, and content rules (no raw HTML, nothing remote)', async () => {
        const result = await verifyCourseFile(file, tmpdir(), trusted, DEFAULT_LIMITS);
        expect(result.ok, result.ok ? '' : result.reason).toBe(true);
      });

      it('has at least 6 lessons naming their regulation, a 45+ question bank with explanations, 15-question pre and post tests at 70', async () => {
        const result = await verifyCourseFile(file, tmpdir(), trusted, DEFAULT_LIMITS);
        if (!result.ok) throw new Error(result.reason);
        const m: CourseManifest = result.manifest;
        const lessons = m.modules.flatMap((x) => x.lessons);
        expect(lessons.length).toBeGreaterThanOrEqual(6);
        for (const l of lessons) expect(l.regulation, l.id).toBeTruthy();
        expect(m.questions.length).toBeGreaterThanOrEqual(45);
        for (const q of m.questions) expect(q.explanation.trim().length, q.id).toBeGreaterThan(20);
        expect(m.glossary.length).toBeGreaterThan(0);
        const pre = m.quizzes.filter((q) => q.kind === 'pre');
        const post = m.quizzes.filter((q) => q.kind === 'post');
        expect(pre).toEqual([expect.objectContaining({ draw: 15, passMark: 70 })]);
        expect(post).toEqual([expect.objectContaining({ draw: 15, passMark: 70 })]);
        expect(m.language).toBe('id');
      });

      it('is built from its source in content/courses (run npm run courses:build after editing a course)', async () => {
        const fresh = join(tempDir(), `${id}.balaicourse`);
        const { files } = await packCourse(
          join(ROOT, 'content', 'courses', id),
          DEV_PUBLISHER,
          fresh,
          DEFAULT_LIMITS,
          new Date('2026-11-01T00:00:00Z'),
        );
        const shipped = JSON.parse((await readOneEntry(file, 'signature.json', 1e6))!.toString('utf8')) as {
          signed: { files: unknown[] };
        };
        expect(shipped.signed.files).toEqual(files);
        expect(await peekSignedVersion(file, DEFAULT_LIMITS)).toEqual(
          await peekSignedVersion(fresh, DEFAULT_LIMITS),
        );
      });
    });
  }
});
