import MarkdownIt from 'markdown-it';

/**
 * Lesson text: Markdown without raw HTML and without auto-links. Relative image, media and link paths point
 * into the course's folder (`mediaBase`); anything absolute or remote is dropped (the kiosk is offline and
 * its CSP would refuse it anyway). Headings move one level down: the lesson title is the page's only h1.
 */
const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

const VIDEO = /\.(mp4|webm)$/i;
const AUDIO = /\.(mp3|ogg)$/i;

/** A path inside the course: no scheme, not absolute, no `..`, not a fragment or query on this page. */
export function isRelativePath(url: string): boolean {
  if (!url || /^[a-z][a-z0-9+.-]*:/i.test(url)) return false;
  if (/^[/\\#?]/.test(url)) return false;
  return !url.split(/[/\\]/).includes('..');
}

interface Env {
  mediaBase: string;
}

md.core.ruler.push('balai_rewrite', (state) => {
  const { mediaBase } = state.env as Env;
  for (const block of state.tokens) {
    if (block.type === 'heading_open' || block.type === 'heading_close') {
      block.tag = `h${Math.min(6, Number(block.tag.slice(1)) + 1)}`;
    }
    if (block.type !== 'inline' || !block.children) continue;
    const kept: typeof block.children = [];
    const dropped: boolean[] = [];
    for (const token of block.children) {
      if (token.type === 'link_open') {
        const href = token.attrGet('href') ?? '';
        const keep = isRelativePath(href);
        dropped.push(!keep);
        if (keep) {
          token.attrSet('href', mediaBase + href);
          kept.push(token);
        }
      } else if (token.type === 'link_close') {
        if (!dropped.pop()) kept.push(token);
      } else {
        kept.push(token);
      }
    }
    block.children = kept;
  }
});

const escape = (s: string) => md.utils.escapeHtml(s);

md.renderer.rules.image = (tokens, idx, options, env: Env, self) => {
  const token = tokens[idx]!;
  const src = token.attrGet('src') ?? '';
  const alt = self.renderInlineAsText(token.children ?? [], options, env);
  if (!isRelativePath(src)) return alt ? `<span class="media-missing">${escape(alt)}</span>` : '';
  const url = escape(env.mediaBase + src);
  if (VIDEO.test(src)) {
    return `<video class="lesson-media" controls preload="metadata" src="${url}" aria-label="${escape(alt)}"></video>`;
  }
  if (AUDIO.test(src)) {
    return `<audio class="lesson-media" controls preload="metadata" src="${url}" aria-label="${escape(alt)}"></audio>`;
  }
  return `<img class="lesson-img" src="${url}" alt="${escape(alt)}" loading="lazy">`;
};

export function renderLesson(markdown: string, mediaBase: string): string {
  return md.render(markdown, { mediaBase } satisfies Env);
}
