import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { RENDERER_DIR } from './lib/balai';
import type { Bench } from './lib/context';
import { figure, round } from './lib/figure';

const NAME = 'renderer.initialJs.gzip';
const BUDGET_KB = 200;

/** The attributes of every `<script>` and `<link>` tag in an HTML text. */
function tags(html: string): { tag: string; attrs: Map<string, string> }[] {
  const out: { tag: string; attrs: Map<string, string> }[] = [];
  for (const [, tag, body] of html.matchAll(/<(script|link)\b([^>]*)>/gi)) {
    const attrs = new Map<string, string>();
    for (const [, key, dq, sq, bare] of body!.matchAll(
      /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g,
    )) {
      attrs.set(key!.toLowerCase(), dq ?? sq ?? bare ?? '');
    }
    out.push({ tag: tag!.toLowerCase(), attrs });
  }
  return out;
}

/** Local files index.html loads at start: script srcs and modulepreload links. */
export function initialScripts(html: string): string[] {
  const files = new Set<string>();
  for (const { tag, attrs } of tags(html)) {
    const rel = (attrs.get('rel') ?? '').toLowerCase().split(/\s+/);
    const ref =
      tag === 'script' ? attrs.get('src') : rel.includes('modulepreload') ? attrs.get('href') : undefined;
    if (!ref || /^([a-z]+:)?\/\//i.test(ref)) continue;
    files.add(ref.replace(/^\.?\//, '').split(/[?#]/)[0]!);
  }
  return [...files];
}

/** Gzip (level 9) size of the JS the renderer's index.html loads before anything else. */
export const initialJsBench: Bench = {
  id: 'initial-js',
  figures: [{ name: NAME, unit: 'kB' }],
  async run(ctx) {
    await ctx.rendererBuilt();
    const files = initialScripts(readFileSync(join(RENDERER_DIR, 'index.html'), 'utf8'));
    let raw = 0;
    let gzip = 0;
    for (const file of files) {
      const bytes = readFileSync(join(RENDERER_DIR, file));
      raw += bytes.length;
      gzip += gzipSync(bytes, { level: 9 }).length;
    }
    const kB = round(gzip / 1000, 1);
    ctx.emit(
      figure(
        { name: NAME, value: kB, unit: 'kB' },
        null,
        `budget: ${BUDGET_KB} kB gzip${kB > BUDGET_KB ? ' (OVER BUDGET)' : ''}; ${files.length} file(s), ${round(raw / 1000, 1)} kB raw: ${files.join(', ')}`,
      ),
    );
  },
};
