/**
 * What the read-aloud reads on a screen: its text split into sentences, each with the DOM range it covers
 * (so the sentence being read can be highlighted without touching the page's markup), grouped into
 * sections. A lesson's text has a section at each `#`/`##` heading (and one for text before the first), the
 * same rule `lessonSections` applies when a package is checked, so narration file N belongs to section N.
 */
export interface Sentence {
  text: string;
  range: Range;
}

export interface Section {
  /** Every sentence of the section, in reading order. */
  sentences: Sentence[];
  /** The whole section (highlighted while its narration plays). */
  range: Range;
}

/** Blocks a sentence never runs across: a heading is read as its own sentence, not glued to the next line. */
const BLOCKS = new Set([
  'P',
  'LI',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'DT',
  'DD',
  'FIGCAPTION',
  'TD',
  'TH',
  'LABEL',
  'LEGEND',
  'BLOCKQUOTE',
  'BUTTON',
  'DIV',
  'SECTION',
  'ARTICLE',
  'FIGURE',
  'PRE',
  'SUMMARY',
  'A',
]);

/** Left out of what is read: things marked so, hidden things, and the read-aloud's own controls. */
function skipped(el: Element): boolean {
  return (
    el.closest('[data-read-skip], [aria-hidden="true"], [hidden], script, style, svg, .read-aloud') !== null
  );
}

function blockOf(node: Node, root: Element): Element {
  let el = node.parentElement;
  while (el && el !== root && !BLOCKS.has(el.tagName)) el = el.parentElement;
  return el ?? root;
}

const segmenter =
  typeof Intl !== 'undefined' && 'Segmenter' in Intl
    ? new Intl.Segmenter('id', { granularity: 'sentence' })
    : null;

/** Sentence boundaries of a text (character offsets), with Intl.Segmenter or, lacking it, at . ! ? */
function sentenceSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  if (segmenter) {
    for (const s of segmenter.segment(text)) spans.push([s.index, s.index + s.segment.length]);
  } else {
    const re = /[^.!?]+[.!?]*\s*/g;
    for (let m = re.exec(text); m; m = re.exec(text)) spans.push([m.index, m.index + m[0].length]);
  }
  return spans;
}

/** The sentences of one block of text nodes, as ranges over those nodes. */
function sentencesOf(nodes: Text[]): Sentence[] {
  const starts: number[] = [];
  let joined = '';
  for (const n of nodes) {
    starts.push(joined.length);
    joined += n.data;
  }
  const at = (offset: number): [Text, number] => {
    let i = starts.length - 1;
    while (i > 0 && starts[i]! > offset) i--;
    return [nodes[i]!, offset - starts[i]!];
  };
  const out: Sentence[] = [];
  for (const [from, to] of sentenceSpans(joined)) {
    const raw = joined.slice(from, to);
    const text = raw.replace(/\s+/g, ' ').trim();
    if (!/[\p{L}\p{N}]/u.test(text)) continue;
    const lead = raw.length - raw.trimStart().length;
    const tail = raw.length - raw.trimEnd().length;
    const range = document.createRange();
    range.setStart(...at(from + lead));
    const [endNode, endOffset] = at(to - tail - 1);
    range.setEnd(endNode, endOffset + 1);
    out.push({ text, range });
  }
  return out;
}

/** Every sentence under `root`, in document order, block by block. */
export function sentencesIn(root: Element): Sentence[] {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const out: Sentence[] = [];
  let block: Element | null = null;
  let nodes: Text[] = [];
  const flush = () => {
    if (nodes.length) out.push(...sentencesOf(nodes));
    nodes = [];
  };
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || skipped(parent) || !(node as Text).data.trim()) continue;
    const b = blockOf(node, root);
    if (b !== block) {
      flush();
      block = b;
    }
    nodes.push(node as Text);
  }
  flush();
  return out;
}

/**
 * The sections of a lesson's text (`root` holds the rendered Markdown's top-level blocks). The player moves
 * headings one level down (the lesson title is the page's h1), so a Markdown `#`/`##` is an h2/h3 here.
 */
export function lessonSectionsIn(root: Element): Section[] {
  const groups: Element[][] = [];
  for (const child of Array.from(root.children)) {
    if (child.tagName === 'H2' || child.tagName === 'H3' || groups.length === 0) groups.push([child]);
    else groups[groups.length - 1]!.push(child);
  }
  return groups.map((els) => {
    const range = document.createRange();
    range.setStartBefore(els[0]!);
    range.setEndAfter(els[els.length - 1]!);
    return { sentences: els.flatMap((el) => sentencesIn(el)), range };
  });
}

/** A whole screen (or a part of it) as one section. */
export function screenSectionIn(root: Element): Section {
  const range = document.createRange();
  range.selectNodeContents(root);
  return { sentences: sentencesIn(root), range };
}
