/** What a package may hold. Injectable: tests and the benchmark shrink or raise them. */
export interface PackageLimits {
  maxEntries: number;
  maxTotalBytes: number;
  maxEntryBytes: number;
  /** Largest uncompressed/compressed ratio for an entry over `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
  maxPathLength: number;
  /** course.json and signature.json. */
  maxManifestBytes: number;
  maxJsonDepth: number;
  maxImageBytes: number;
}

export const DEFAULT_LIMITS: PackageLimits = {
  maxEntries: 5_000,
  maxTotalBytes: 2 * 1024 ** 3,
  maxEntryBytes: 1024 ** 3,
  maxRatio: 200,
  ratioFloorBytes: 64 * 1024,
  maxPathLength: 200,
  maxManifestBytes: 4 * 1024 ** 2,
  maxJsonDepth: 32,
  maxImageBytes: 10 * 1024 ** 2,
};
