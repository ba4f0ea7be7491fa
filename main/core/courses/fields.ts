import { z } from 'zod';

/** A path inside a course package: forward slashes, no `..`, no absolute or drive paths. */
export const relPath = z
  .string()
  .max(200)
  .regex(/^(?!\/)(?![a-zA-Z]:)(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9._/-]+$/, 'relative path inside the package');
