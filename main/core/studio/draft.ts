import { courseManifestSchema, type CourseManifest } from '../courses/manifest';
import { describeIssues } from '../packages/issues';

/** Stands in for a missing explanation while a draft is checked: everything else must already be valid. */
const PLACEHOLDER = '\u2026';

/**
 * A course folder's course.json as a draft: valid in every respect except that questions may still lack
 * their explanation (an import from Aiken, say). `balai course check` names those; `course pack` refuses them.
 */
export function parseDraft(
  json: unknown,
): { ok: true; manifest: CourseManifest } | { ok: false; reason: string } {
  const filled =
    json && typeof json === 'object' && Array.isArray((json as { questions?: unknown }).questions)
      ? {
          ...json,
          questions: (json as { questions: unknown[] }).questions.map((q) =>
            q && typeof q === 'object' && !(q as { explanation?: unknown }).explanation
              ? { ...q, explanation: PLACEHOLDER }
              : q,
          ),
        }
      : json;
  const parsed = courseManifestSchema.safeParse(filled);
  return parsed.success
    ? { ok: true, manifest: parsed.data }
    : { ok: false, reason: describeIssues(parsed.error.issues) };
}
