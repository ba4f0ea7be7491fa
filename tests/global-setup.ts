import { buildCli } from '../scripts/build-cli';

/**
 * Tests that spawn `bin/balai.js` run the built CLI (out/cli), the same JavaScript `balai serve` runs: build it
 * from the current sources first (about 0.2 s; writes nothing when nothing changed), so a test never runs a
 * stale build.
 */
export default async function setup(): Promise<void> {
  await buildCli();
}
