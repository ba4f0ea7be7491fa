import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { courseManifestSchema } from '../../main/core/courses/manifest';
import { verifyCourseFile } from '../../main/core/packages/course-package';
import { formatSchemas } from '../../main/core/packages/formats';
import { trustedKeySchema } from '../../main/core/packages/keys';
import { DEFAULT_LIMITS } from '../../main/core/packages/limits';

const ROOT = resolve(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'tests', 'fixtures');
const fixtureKey = trustedKeySchema.parse(
  JSON.parse(readFileSync(join(FIXTURES, 'keys', 'fixture-publisher.pub.json'), 'utf8')),
);

describe('file formats, one fixture per version, kept forever', () => {
  it('course.json v1 fixture still parses', () => {
    const parsed = courseManifestSchema.safeParse(
      JSON.parse(readFileSync(join(FIXTURES, 'formats', 'course-v1', 'course.json'), 'utf8')),
    );
    expect(parsed.success, parsed.error?.message).toBe(true);
  });

  it('a v1 .balaicourse package made on 2026-11-01 still verifies', async () => {
    const result = await verifyCourseFile(
      join(FIXTURES, 'formats', 'course-v1', 'uji-dasar-1.0.0.balaicourse'),
      tmpdir(),
      [fixtureKey],
      DEFAULT_LIMITS,
    );
    expect(result).toMatchObject({
      ok: true,
      manifest: { id: 'uji-dasar', version: '1.0.0', formatVersion: 1 },
    });
    // The same package is refused when its publisher is not trusted.
    expect(
      await verifyCourseFile(
        join(FIXTURES, 'formats', 'course-v1', 'uji-dasar-1.0.0.balaicourse'),
        tmpdir(),
        [],
        DEFAULT_LIMITS,
      ),
    ).toMatchObject({
      ok: false,
      reason: expect.stringContaining('unknown publisher key') as unknown,
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
