import MarkdownIt from 'markdown-it';
import { openSync, readSync, closeSync, readFileSync } from 'node:fs';
import { extname, join, posix } from 'node:path';
import type { CourseManifest } from '../courses/manifest';
import { vttProblem } from './captions';
import type { PackageLimits } from './limits';

/** File types a course may carry, each with the bytes it must start with. */
const TYPES: Record<string, { kind: string; magic?: (head: Buffer) => boolean }> = {
  '.md': { kind: 'lesson' },
  '.json': { kind: 'manifest' },
  '.png': { kind: 'image', magic: (h) => h.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex')) },
  '.jpg': { kind: 'image', magic: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  '.jpeg': { kind: 'image', magic: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  '.svg': { kind: 'image' },
  '.mp4': { kind: 'video', magic: (h) => h.subarray(4, 8).toString('latin1') === 'ftyp' },
  '.webm': { kind: 'video', magic: (h) => h.subarray(0, 4).equals(Buffer.from('1a45dfa3', 'hex')) },
  '.mp3': {
    kind: 'audio',
    magic: (h) =>
      h.subarray(0, 3).toString('latin1') === 'ID3' || (h[0] === 0xff && ((h[1] ?? 0) & 0xe0) === 0xe0),
  },
  '.ogg': { kind: 'audio', magic: (h) => h.subarray(0, 4).toString('latin1') === 'OggS' },
  '.pdf': { kind: 'pdf', magic: (h) => h.subarray(0, 5).toString('latin1') === '%PDF-' },
  // Captions of the video with the same name (captions.ts); checked whole below.
  '.vtt': { kind: 'captions' },
};

const md = new MarkdownIt({ html: true, linkify: false });
// markdown-it drops links it deems unsafe (javascript:, vbscript:, file:, most data:) and shows their text
// instead; the check must see every link the author wrote, so those are refused rather than slipped through.
md.validateLink = () => true;

function head(file: string, n = 16): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const read = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** Reasons an SVG is refused: anything that could run script or load from elsewhere. */
export function svgProblems(text: string): string | null {
  if (/<script/i.test(text)) return 'script in SVG';
  if (/<foreignObject/i.test(text)) return 'foreignObject in SVG';
  if (/<!(DOCTYPE|ENTITY)/i.test(text)) return 'DOCTYPE/ENTITY in SVG';
  if (/\son[a-z]+\s*=/i.test(text)) return 'event handler attribute in SVG';
  if (/(?:xlink:)?href\s*=\s*["'](?!#)/i.test(text)) return 'link to outside the SVG';
  if (/<(?:animate|set)\b[^>]*attributeName\s*=\s*["']?\s*(?:xlink:)?href/i.test(text))
    return 'animated link in SVG';
  if (/javascript\s*:/i.test(text)) return 'javascript: URL in SVG';
  if (/url\(\s*["']?(?!#)/i.test(text)) return 'url() to outside the SVG';
  if (/@import/i.test(text)) return '@import in SVG';
  return null;
}

/** What a lesson's Markdown points at: raw HTML found, and every image source and link target as written. */
export function lessonTargets(text: string): { rawHtml: boolean; targets: string[] } {
  const stack = [...md.parse(text, {})];
  const targets: string[] = [];
  let rawHtml = false;
  while (stack.length) {
    const t = stack.shift()!;
    if (t.type === 'html_block' || t.type === 'html_inline') rawHtml = true;
    if (t.children) stack.unshift(...t.children);
    const target = t.type === 'image' ? t.attrGet('src') : t.type === 'link_open' ? t.attrGet('href') : null;
    if (target !== null && !(t.type === 'link_open' && target.startsWith('#'))) targets.push(target);
  }
  return { rawHtml, targets };
}

/**
 * The course file a lesson's link or image names (paths are relative to the course root, e.g.
 * `media/figure.svg`; the player serves them from there), or why it names none.
 */
export function targetPath(target: string): { path: string } | { problem: 'remote' | 'escape' | 'encoding' } {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return { problem: 'remote' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(target.split('#')[0]!);
  } catch {
    return { problem: 'encoding' };
  }
  const path = posix.normalize(decoded);
  return path.startsWith('..') ? { problem: 'escape' } : { path };
}

/**
 * How many sections a lesson's text has, as the read-aloud counts them: one at each `#` or `##` heading,
 * and one for any text before the first heading. Narration files are matched to sections in this order.
 */
export function lessonSections(text: string): number {
  const tokens = md.parse(text, {});
  let sections = 0;
  let open = false;
  for (const token of tokens) {
    if (token.type === 'heading_open' && (token.tag === 'h1' || token.tag === 'h2')) {
      sections++;
      open = true;
    } else if (!open && token.block && token.level === 0 && token.nesting !== -1) {
      sections++;
      open = true;
    }
  }
  return sections;
}

/**
 * Reasons a lesson's Markdown is refused: raw HTML, or a link or image that is not a file of the package
 * (paths are relative to the course root, e.g. `media/figure.svg`).
 */
export function markdownProblems(
  text: string,
  lessonPath: string,
  files: ReadonlySet<string>,
): string | null {
  const { rawHtml, targets } = lessonTargets(text);
  if (rawHtml) return `raw HTML in ${lessonPath}`;
  for (const target of targets) {
    const found = targetPath(target);
    if ('problem' in found && found.problem === 'remote')
      return `remote or scheme link "${target.slice(0, 80)}" in ${lessonPath}`;
    if ('problem' in found && found.problem === 'encoding')
      return `link "${target.slice(0, 80)}" in ${lessonPath} is not a valid path (broken %-escape)`;
    if ('problem' in found || !files.has(found.path))
      return `"${target.slice(0, 80)}" in ${lessonPath} is not a file of the package`;
  }
  return null;
}

/**
 * Checks a course's files after extraction and signature check: known file types with the right leading
 * bytes, images within size, SVGs without script or outside links, every lesson file present, and every
 * Markdown file (a lesson or not: any can be linked and opened) without raw HTML or remote loads.
 */
export function checkCourseContent(
  dir: string,
  manifest: CourseManifest,
  paths: readonly string[],
  limits: PackageLimits,
): string | null {
  const files = new Set(paths);
  for (const path of paths) {
    if (path === 'signature.json') continue;
    const type = TYPES[extname(path).toLowerCase()];
    if (!type) return `file type not allowed: ${path}`;
    const full = join(dir, ...path.split('/'));
    if (type.magic && !type.magic(head(full))) return `${path} is not really a ${extname(path)} file`;
    if (type.kind === 'image') {
      const size = readFileSync(full).length;
      if (size > limits.maxImageBytes) return `image ${path} is larger than ${limits.maxImageBytes} bytes`;
    }
    if (type.kind === 'captions') {
      const video = ['.webm', '.mp4'].map((ext) => path.replace(/\.vtt$/i, ext)).find((v) => files.has(v));
      if (!video) return `captions ${path} have no video of the same name (.webm or .mp4) beside them`;
      const problem = vttProblem(readFileSync(full));
      if (problem) return `captions ${path}: ${problem}`;
    }
    if (extname(path).toLowerCase() === '.svg') {
      const problem = svgProblems(readFileSync(full, 'utf8'));
      if (problem) return `${path}: ${problem}`;
    }
  }
  for (const lesson of manifest.modules.flatMap((m) => m.lessons))
    if (lesson.body !== undefined && !files.has(lesson.body)) return `missing lesson file ${lesson.body}`;
  for (const lesson of manifest.modules.flatMap((m) => m.lessons)) {
    if (!lesson.narration || lesson.body === undefined) continue;
    const missing = lesson.narration.find((audio) => audio !== null && !files.has(audio));
    if (missing) return `missing narration file ${missing} of lesson ${lesson.id}`;
    const sections = lessonSections(readFileSync(join(dir, ...lesson.body.split('/')), 'utf8'));
    if (lesson.narration.length > sections)
      return `lesson ${lesson.id} has ${lesson.narration.length} narration files but ${sections} sections`;
  }
  for (const path of paths.filter((p) => extname(p).toLowerCase() === '.md')) {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(join(dir, ...path.split('/'))));
    } catch {
      return `${path} is not valid UTF-8`;
    }
    const problem = markdownProblems(text, path, files);
    if (problem) return problem;
  }
  return null;
}
