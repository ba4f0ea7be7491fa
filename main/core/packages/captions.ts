/**
 * Captions for a lesson's video: a WebVTT file beside it with the same name, `media/tur.webm` →
 * `media/tur.vtt` (docs/formats/course-package.md). The player shows them, switched on, when the course
 * carries them; the package check refuses a `.vtt` that is not well-formed WebVTT or has no video.
 */
const VIDEO = /\.(mp4|webm)$/i;
/** A caption file is text: a whole film's cues fit well below this. */
export const MAX_CAPTIONS_BYTES = 1024 * 1024;
const TIMING =
  /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})[ \t]+-->[ \t]+(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})(?:[ \t].*)?$/;

/** The captions file a video would have (null for a path that is not a video). */
export function captionsPathFor(videoPath: string): string | null {
  return VIDEO.test(videoPath) ? videoPath.replace(VIDEO, '.vtt') : null;
}

function seconds(h: string | undefined, m: string, s: string, ms: string): number {
  return Number(h ?? 0) * 3600 + Number(m) * 60 + Number(s) + Number(ms) / 1000;
}

/**
 * Why these bytes are not captions the player can show, or null: UTF-8 text within size that starts with
 * the `WEBVTT` signature, and whose every cue timing line is well-formed with its end after its start.
 * (Cue text is shown by the browser's own text-track renderer, never as HTML.)
 */
export function vttProblem(bytes: Buffer): string | null {
  if (bytes.length > MAX_CAPTIONS_BYTES) return `larger than ${MAX_CAPTIONS_BYTES} bytes`;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'not valid UTF-8';
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) return 'does not start with WEBVTT';
  let cues = 0;
  for (const [i, line] of lines.entries()) {
    if (!line.includes('-->')) continue;
    const m = TIMING.exec(line.trim());
    if (!m) return `line ${i + 1}: the cue timing is not hh:mm:ss.ttt --> hh:mm:ss.ttt`;
    if (seconds(m[5], m[6]!, m[7]!, m[8]!) <= seconds(m[1], m[2]!, m[3]!, m[4]!))
      return `line ${i + 1}: the cue ends before it starts`;
    cues += 1;
  }
  return cues === 0 ? 'has no cues' : null;
}
