/** zod issues as one readable line: `path: message; …` (no empty path prefix). */
export function describeIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  max = 5,
): string {
  return issues
    .slice(0, max)
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}
