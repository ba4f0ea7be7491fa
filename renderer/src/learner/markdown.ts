import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { iconHtml } from './iconPaths';

/**
 * Lesson text: Markdown without raw HTML and without auto-links. Relative image, media and link paths point
 * into the course's folder (`mediaBase`); anything absolute or remote is dropped (the kiosk is offline and
 * its CSP would refuse it anyway). Headings go below the lesson title (the page's only h1), in order.
 *
 * What the player adds, as plain elements the lesson screen wires up (event delegation, portals):
 * - a picture alone in its paragraph becomes a figure that may use the whole lesson width, wrapped in a
 *   button (`.figure-zoom`, `data-zoom-src`) that enlarges it;
 * - `.mp4`/`.webm` images become `<video controls preload="metadata">` in a `.video-box` with a big play
 *   button (`.video-play`) and the course's captions as a `<track>` when it has them; `.mp3`/`.ogg` become
 *   `<audio>`;
 * - a link to a `.pdf` alone in its paragraph becomes a slot for the PDF viewer (`.pdf-slot`,
 *   `data-pdf-src`); a `.pdf` link inside a sentence becomes a button that opens the viewer
 *   (`.pdf-link`, `data-pdf-src`);
 * - the first use of each glossary term (outside headings and links) becomes a button (`.term`,
 *   `data-term` = the term's index in the glossary) that explains it.
 */
const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

const VIDEO = /\.(mp4|webm)$/i;
const AUDIO = /\.(mp3|ogg)$/i;
const PDF = /\.pdf$/i;

/** A path inside the course: no scheme, not absolute, no `..`, not a fragment or query on this page. */
export function isRelativePath(url: string): boolean {
  if (!url || /^[a-z][a-z0-9+.-]*:/i.test(url)) return false;
  if (/^[/\\#?]/.test(url)) return false;
  return !url.split(/[/\\]/).includes('..');
}

/** What the player needs besides the text. */
export interface LessonExtras {
  /** The course glossary: its terms become buttons where the lesson first uses them. */
  glossary?: readonly { term: string }[];
  /** Captions of the lesson's videos: video path (as the lesson writes it) → WebVTT path. */
  captions?: Readonly<Record<string, string>>;
  /** Visible words the renderer writes (already translated). */
  labels?: Labels;
}

interface Labels {
  zoom: string;
  play: string;
  captions: string;
}

interface Env {
  mediaBase: string;
  glossary: readonly { term: string }[];
  captions: Readonly<Record<string, string>>;
  labels: Labels;
}

const escape = (s: string) => md.utils.escapeHtml(s);
/** A link this renderer marked as pointing to a PDF of the course. */
const isPdfLink = (token: Token) => (token.meta as { pdf?: boolean } | null)?.pdf === true;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One pattern for all glossary terms, longest first, whole words only, any letter case. */
function termPattern(glossary: readonly { term: string }[]): RegExp | null {
  const terms = glossary
    .map((g, index) => ({ index, term: g.term.trim() }))
    .filter((g) => g.term.length > 0)
    .sort((a, b) => b.term.length - a.term.length);
  if (terms.length === 0) return null;
  const alternatives = terms.map((t) => escapeRegExp(t.term).replace(/\s+/g, '\\s+')).join('|');
  return new RegExp(`(?<![\\p{L}\\p{N}-])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'giu');
}

function glossaryIndex(glossary: readonly { term: string }[], found: string): number {
  const wanted = found.replace(/\s+/g, ' ').toLowerCase();
  return glossary.findIndex((g) => g.term.trim().replace(/\s+/g, ' ').toLowerCase() === wanted);
}

/** Links: relative ones point into the course, others are dropped (their text stays). */
function rewriteLinks(children: Token[], mediaBase: string): Token[] {
  const kept: Token[] = [];
  const dropped: boolean[] = [];
  for (const token of children) {
    if (token.type === 'link_open') {
      const href = token.attrGet('href') ?? '';
      const keep = isRelativePath(href);
      dropped.push(!keep);
      if (keep) {
        token.attrSet('href', mediaBase + href);
        if (PDF.test(href.split('#')[0]!)) token.meta = { pdf: true };
        kept.push(token);
      }
    } else if (token.type === 'link_close') {
      if (!dropped.pop()) kept.push(token);
    } else {
      kept.push(token);
    }
  }
  return kept;
}

/** Glossary terms in the text tokens of one inline block (not inside links); each term only once. */
function markTerms(
  state: { Token: typeof Token },
  children: Token[],
  pattern: RegExp,
  glossary: readonly { term: string }[],
  used: Set<number>,
): Token[] {
  const out: Token[] = [];
  let inLink = 0;
  for (const token of children) {
    if (token.type === 'link_open') inLink += 1;
    if (token.type === 'link_close') inLink -= 1;
    if (token.type !== 'text' || inLink > 0) {
      out.push(token);
      continue;
    }
    const text = token.content;
    let last = 0;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      const index = glossaryIndex(glossary, m[0]);
      if (index < 0 || used.has(index)) continue;
      used.add(index);
      if (m.index > last) {
        const before = new state.Token('text', '', 0);
        before.content = text.slice(last, m.index);
        out.push(before);
      }
      const term = new state.Token('balai_term', '', 0);
      term.content = m[0];
      term.meta = { index };
      out.push(term);
      last = m.index + m[0].length;
    }
    if (last === 0) out.push(token);
    else if (last < text.length) {
      const after = new state.Token('text', '', 0);
      after.content = text.slice(last);
      out.push(after);
    }
  }
  return out;
}

/** `[text](docs/x.pdf)` alone in a paragraph: the link's href and text, else null. */
function lonePdfLink(children: Token[]): { href: string; title: string } | null {
  const meaningful = children.filter(
    (c) => !(c.type === 'text' && c.content.trim() === '') && c.type !== 'softbreak',
  );
  const first = meaningful[0];
  const last = meaningful[meaningful.length - 1];
  if (!first || first.type !== 'link_open' || !isPdfLink(first) || last?.type !== 'link_close') return null;
  const inner = meaningful.slice(1, -1);
  if (inner.some((c) => c.type === 'link_open')) return null;
  return {
    href: first.attrGet('href') ?? '',
    title: inner.map((c) => (c.type === 'text' || c.type === 'code_inline' ? c.content : '')).join(''),
  };
}

/**
 * The lesson's heading levels under the page's h1, in order (axe heading-order): its highest heading becomes
 * h2, the others keep their depth below it, and none goes more than one level deeper than the heading
 * before it (`##` then `####` becomes h2 then h3). Opening and closing tokens get the same level.
 */
function inOrderHeadingLevels(tokens: Token[]): Map<Token, number> {
  const opens = tokens.filter((t) => t.type === 'heading_open');
  const top = Math.min(...opens.map((t) => Number(t.tag.slice(1))));
  const levels = new Map<Token, number>();
  let previous = 1;
  let open: number | null = null;
  for (const t of tokens) {
    if (t.type === 'heading_open') {
      open = Math.max(2, Math.min(6, Number(t.tag.slice(1)) - top + 2, previous + 1));
      levels.set(t, open);
      previous = open;
    } else if (t.type === 'heading_close') levels.set(t, open ?? 2);
  }
  return levels;
}

md.core.ruler.push('balai_rewrite', (state) => {
  const { mediaBase, glossary } = state.env as Env;
  const pattern = termPattern(glossary);
  const used = new Set<number>();
  const tokens = state.tokens;
  let inHeading = false;
  const levels = inOrderHeadingLevels(tokens);
  for (const block of tokens) {
    if (block.type === 'heading_open' || block.type === 'heading_close') {
      block.tag = `h${levels.get(block)!}`;
      inHeading = block.type === 'heading_open';
    }
    if (block.type !== 'inline' || !block.children) continue;
    block.children = rewriteLinks(block.children, mediaBase);
    if (pattern && !inHeading) block.children = markTerms(state, block.children, pattern, glossary, used);
  }
  // Paragraphs that hold only a picture or only a PDF link become blocks of their own.
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const open = tokens[i]!;
    const inline = tokens[i + 1];
    const close = tokens[i + 2];
    if (open.type === 'paragraph_open' && inline?.type === 'inline' && close?.type === 'paragraph_close') {
      const children = inline.children ?? [];
      const only = children.filter((c) => !(c.type === 'text' && c.content.trim() === ''));
      if (only.length === 1 && only[0]!.type === 'image') {
        const figure = new state.Token('balai_figure', 'figure', 0);
        figure.children = only;
        out.push(figure);
        i += 2;
        continue;
      }
      const pdf = lonePdfLink(children);
      if (pdf) {
        const slot = new state.Token('balai_pdf', 'div', 0);
        slot.meta = pdf;
        out.push(slot);
        i += 2;
        continue;
      }
    }
    out.push(open);
  }
  state.tokens = out;
});

type Renderer = MarkdownIt['renderer'];

function mediaHtml(token: Token, env: Env, renderer: Renderer, options: MarkdownIt['options']): string {
  const src = token.attrGet('src') ?? '';
  const alt = renderer.renderInlineAsText(token.children ?? [], options, env);
  if (!isRelativePath(src)) return alt ? `<span class="media-missing">${escape(alt)}</span>` : '';
  const url = escape(env.mediaBase + src);
  if (VIDEO.test(src)) {
    const vtt = env.captions[src];
    const track = vtt
      ? `<track kind="captions" src="${escape(env.mediaBase + vtt)}" srclang="id" label="${escape(env.labels.captions)}" default>`
      : '';
    return (
      `<span class="video-box"><video class="lesson-media" controls preload="metadata" src="${url}" aria-label="${escape(alt)}">${track}</video>` +
      `<button type="button" class="video-play" data-video-play="">${iconHtml('play')} ${escape(env.labels.play)}</button></span>`
    );
  }
  if (AUDIO.test(src)) {
    return `<audio class="lesson-media" controls preload="metadata" src="${url}" aria-label="${escape(alt)}"></audio>`;
  }
  return `<img class="lesson-img" src="${url}" alt="${escape(alt)}">`;
}

md.renderer.rules.image = (tokens, idx, options, env: Env, self) =>
  mediaHtml(tokens[idx]!, env, self, options);

md.renderer.rules.balai_figure = (tokens, idx, options, env: Env, self) => {
  const image = tokens[idx]!.children![0]!;
  const src = image.attrGet('src') ?? '';
  const inner = mediaHtml(image, env, self, options);
  if (!inner) return '';
  if (!isRelativePath(src) || VIDEO.test(src) || AUDIO.test(src)) {
    return `<figure class="lesson-figure lesson-figure-media">${inner}</figure>\n`;
  }
  const url = escape(env.mediaBase + src);
  return (
    `<figure class="lesson-figure"><button type="button" class="figure-zoom" aria-haspopup="dialog" data-zoom-src="${url}">` +
    `${inner}<span class="figure-zoom-badge" aria-hidden="true">${iconHtml('expand')} ${escape(env.labels.zoom)}</span></button></figure>\n`
  );
};

md.renderer.rules.balai_pdf = (tokens, idx) => {
  const { href, title } = tokens[idx]!.meta as { href: string; title: string };
  return `<div class="pdf-slot" data-pdf-src="${escape(href)}" data-pdf-title="${escape(title)}"></div>\n`;
};

md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  if (!isPdfLink(token)) return self.renderToken(tokens, idx, options);
  const href = escape(token.attrGet('href') ?? '');
  return `<button type="button" class="pdf-link" aria-haspopup="dialog" data-pdf-src="${href}">${iconHtml('doc')}`;
};

md.renderer.rules.link_close = (tokens, idx, options, env, self) => {
  // The matching opener is the nearest unclosed link_open before this token.
  let depth = 0;
  for (let i = idx - 1; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.type === 'link_close') depth += 1;
    if (t.type === 'link_open') {
      if (depth === 0) return isPdfLink(t) ? '</button>' : self.renderToken(tokens, idx, options);
      depth -= 1;
    }
  }
  return self.renderToken(tokens, idx, options);
};

md.renderer.rules.balai_term = (tokens, idx) => {
  const token = tokens[idx]!;
  const { index } = token.meta as { index: number };
  return `<button type="button" class="term" aria-haspopup="dialog" aria-expanded="false" data-term="${index}">${escape(token.content)}</button>`;
};

export function renderLesson(markdown: string, mediaBase: string, extras: LessonExtras = {}): string {
  return md.render(markdown, {
    mediaBase,
    glossary: extras.glossary ?? [],
    captions: extras.captions ?? {},
    labels: extras.labels ?? { zoom: 'Perbesar', play: 'Putar video', captions: 'Bahasa Indonesia' },
  } satisfies Env);
}
