import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { courseManifestSchema, showAnswersOf } from '../../main/core/courses/manifest';
import { verifyCourseFile } from '../../main/core/packages/course-package';
import { formatSchemas } from '../../main/core/packages/formats';
import { devTrust } from '../helpers/pki';
import { DEFAULT_LIMITS } from '../../main/core/packages/limits';

const ROOT = resolve(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'tests', 'fixtures');

describe('file formats, one fixture per version, kept forever', () => {
  it('course.json v1 fixture still parses', () => {
    const parsed = courseManifestSchema.safeParse(
      JSON.parse(readFileSync(join(FIXTURES, 'formats', 'course-v1', 'course.json'), 'utf8')),
    );
    expect(parsed.success, parsed.error?.message).toBe(true);
  });

  it('a v1 .balaicourse package made on 2026-11-01 still reads, and is refused as uncertified', async () => {
    const result = await verifyCourseFile(
      join(FIXTURES, 'formats', 'course-v1', 'uji-dasar-1.0.0.balaicourse'),
      tmpdir(),
      devTrust(),
      DEFAULT_LIMITS,
    );
    // Still a readable v1 package, but its publisher is a bare key: since issue 16 only a certified
    // publisher (a chain to a shipped root) is trusted.
    expect(result).toMatchObject({
      ok: false,
      reason: 'no certificate chain: the signer is not certified',
    });
  });

  it('course.json v2 fixture parses with its showAnswers; v1 keeps the default and may not carry the field', () => {
    const v2 = JSON.parse(readFileSync(join(FIXTURES, 'formats', 'course-v2', 'course.json'), 'utf8')) as {
      quizzes: Record<string, unknown>[];
    };
    const parsed = courseManifestSchema.safeParse(v2);
    expect(parsed.success, parsed.error?.message).toBe(true);
    expect(parsed.data?.quizzes.map((q) => showAnswersOf(q))).toEqual([
      'after_each_attempt',
      'after_last_attempt',
      'after_passing',
    ]);
    const v1 = courseManifestSchema.parse(
      JSON.parse(readFileSync(join(FIXTURES, 'formats', 'course-v1', 'course.json'), 'utf8')),
    );
    expect(v1.quizzes.map((q) => showAnswersOf(q))).toEqual(['after_each_attempt']);
    expect(showAnswersOf({ kind: 'post' })).toBe('after_passing_or_last_attempt');
    // A version 1 course.json with the version 2 field is refused, not read half-way.
    expect(courseManifestSchema.safeParse({ ...v2, formatVersion: 1 }).success).toBe(false);
  });

  it('a v2 .balaicourse package made on 2026-12-08 still reads, and is refused as uncertified', async () => {
    const result = await verifyCourseFile(
      join(FIXTURES, 'formats', 'course-v2', 'uji-dua-1.0.0.balaicourse'),
      tmpdir(),
      devTrust(),
      DEFAULT_LIMITS,
    );
    // Signed by a bare key before issue 16's chains landed: read to its signature, then refused as the v1 one.
    expect(result).toMatchObject({
      ok: false,
      reason: 'no certificate chain: the signer is not certified',
    });
  });

  it('the JSON Schemas in docs/formats are exactly what the zod definitions export (run npm run schemas)', () => {
    for (const [name, schema] of Object.entries(formatSchemas())) {
      const committed = JSON.parse(
        readFileSync(join(ROOT, 'docs', 'formats', `${name}.schema.json`), 'utf8'),
      ) as unknown;
      expect(committed, name).toEqual(schema);
    }
  });
});
