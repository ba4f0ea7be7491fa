import { describe, expect, it } from 'vitest';
import { leaves, parseManifest } from '../../../main/core/content/scorm/manifest';
import { Sequencer } from '../../../main/core/content/scorm/sequencing/engine';
import { ctsManifests } from '../../helpers/external-content';

/**
 * The 189 manifests of the ADL SCORM 2004 4th edition conformance suite (CM/CO/CT/RU/OB/SX/MS cases; the
 * SCOs themselves cannot run here): each builds the sequencer's activity tree, starts a sequencing session,
 * and answers every choice and the flow requests from the rules, without an error.
 */
describe('ADL CTS manifests', () => {
  it('each of the 189 builds an activity tree the sequencer starts and answers', async () => {
    let built = 0;
    let delivered = 0;
    for await (const { name, xml } of ctsManifests()) {
      const outcome = parseManifest(xml);
      if (!outcome.ok) throw new Error(`${name}: ${outcome.reason}`);
      const root = outcome.manifest.root;
      const sequencer = new Sequencer(root, null, null);
      expect(sequencer.find(root.identifier)?.id, name).toBe(root.identifier);
      const items = leaves(root).map((a) => a.identifier);
      for (const item of items) expect(sequencer.find(item), `${name} ${item}`).toBeDefined();
      const start = sequencer.navigate('start');
      if (start.ok && start.deliver) {
        delivered++;
        expect(items, name).toContain(start.deliver);
        const validity = sequencer.validity(items);
        expect(Object.keys(validity.choice), name).toEqual(items);
        // The state survives a round trip through SQLite's JSON.
        const stored = JSON.parse(JSON.stringify(sequencer.snapshot())) as ReturnType<Sequencer['snapshot']>;
        const again = new Sequencer(root, stored, null);
        expect(again.current()?.id, name).toBe(start.deliver);
      } else {
        expect(start.ok, name).toBe(false);
        if (!start.ok) expect(start.exception, name).toMatch(/^[A-Z]{2}\.\d/);
      }
      built++;
    }
    expect(built).toBe(189);
    // Every case delivers its first SCO at start (measured: 189 of 189); a refusal would carry an SN code.
    expect(delivered).toBe(189);
  }, 120_000);
});
