/**
 * References to the internet in a package's pages and style sheets: what the browser would load from
 * elsewhere (scripts, styles, frames, images, media, fonts, `@import`). Plain links (`<a href>`) load
 * nothing by themselves and are not listed; a script's own requests cannot be found without running it.
 */
const HTML_LOAD =
  /<(script|link|img|iframe|frame|video|audio|source|track|embed|object|input)\b[^>]*?\s(src|href|data|poster)\s*=\s*["']?\s*((?:https?:)?\/\/[^"'\s>]+)/gi;
const CSS_LOAD = /(?:url\(\s*["']?|@import\s+["'])\s*((?:https?:)?\/\/[^"')\s]+)/gi;

export function remoteReferences(path: string, text: string): string[] {
  const out = new Set<string>();
  if (/\.x?html?$/i.test(path)) {
    for (const m of text.matchAll(HTML_LOAD)) {
      const tag = m[1]!.toLowerCase();
      // <link> loads only as a stylesheet, icon or preload; rel=canonical and friends load nothing.
      if (tag === 'link' && !/rel\s*=\s*["']?(stylesheet|icon|preload|modulepreload)/i.test(m[0])) continue;
      out.add(m[3]!);
    }
  }
  if (/\.(x?html?|css|svg)$/i.test(path)) for (const m of text.matchAll(CSS_LOAD)) out.add(m[1]!);
  return [...out];
}
