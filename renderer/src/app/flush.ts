/**
 * Work that must reach the app before the session ends (a lesson's scroll position): screens register a
 * flush, and logout runs them all first.
 */
type Flush = () => Promise<unknown>;
const flushes = new Set<Flush>();

export function registerFlush(flush: Flush): () => void {
  flushes.add(flush);
  return () => flushes.delete(flush);
}

export async function flushAll(): Promise<void> {
  await Promise.allSettled([...flushes].map((f) => f()));
}
