import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { extname } from 'node:path';

/**
 * Whether a media file will play in the app's Chromium (Electron's, which carries H.264, AAC and MP3 besides
 * the open codecs), told from the file's own bytes, never from its name:
 * - MP4 (`ftyp`): the sample entry of every track in `moov/trak/mdia/minf/stbl/stsd`: avc1/avc3 (H.264),
 *   vp09, av01, mp4a (AAC), Opus, fLaC, mp3 play; hev1/hvc1 (H.265), mp4v (MPEG-4 Part 2), ac-3/ec-3, alac,
 *   samr and others do not.
 * - WebM (EBML): DocType `webm`, and each track's CodecID: V_VP8, V_VP9, V_AV1, A_VORBIS, A_OPUS play; others
 *   (H.264 or AAC inside WebM) do not; a Matroska DocType under a .webm name is `unknown`.
 * - MP3: an MPEG audio frame header after any ID3 tag: Layer III plays; Layer I/II (MP2) does not.
 * - Ogg: the first packet's codec: Vorbis, Opus, FLAC play; Theora and Speex do not.
 * A file whose bytes match no known container is unplayable; one whose codec cannot be found is `unknown`.
 */
export type MediaVerdict =
  | { playable: true; container: string; codecs: string[] }
  | { playable: false; container: string; codecs: string[]; why: string }
  | { playable: 'unknown'; container: string; codecs: string[]; why: string };

/** The media types a course package may carry (main/core/packages/content-check.ts). */
export const MEDIA_EXTENSIONS = new Set(['.mp4', '.webm', '.mp3', '.ogg']);

const PLAYABLE_MP4 = new Set(['avc1', 'avc3', 'vp09', 'av01', 'mp4a', 'Opus', 'fLaC', '.mp3']);
const NAMED_MP4: Record<string, string> = {
  hev1: 'H.265/HEVC',
  hvc1: 'H.265/HEVC',
  mp4v: 'MPEG-4 Part 2',
  'ac-3': 'Dolby AC-3',
  'ec-3': 'Dolby E-AC-3',
  alac: 'Apple Lossless',
  samr: 'AMR',
  s263: 'H.263',
  jpeg: 'Motion JPEG',
  apcn: 'ProRes',
};
const PLAYABLE_WEBM = new Set(['V_VP8', 'V_VP9', 'V_AV1', 'A_VORBIS', 'A_OPUS']);
const MAX_READ = 64 * 1024 ** 2;

function reader(file: string) {
  const fd = openSync(file, 'r');
  const size = fstatSync(fd).size;
  const read = (at: number, n: number): Buffer => {
    const buf = Buffer.alloc(Math.max(0, Math.min(n, size - at)));
    let got = 0;
    while (got < buf.length) {
      const r = readSync(fd, buf, got, buf.length - got, at + got);
      if (r === 0) break;
      got += r;
    }
    return buf.subarray(0, got);
  };
  return { size, read, close: () => closeSync(fd) };
}

export function sniffMedia(file: string): MediaVerdict {
  const r = reader(file);
  try {
    const head = r.read(0, 64);
    if (head.subarray(4, 8).toString('latin1') === 'ftyp') return sniffMp4(r);
    if (head.subarray(0, 4).equals(Buffer.from('1a45dfa3', 'hex')))
      return sniffWebm(r.read(0, Math.min(r.size, 1024 ** 2)));
    if (head.subarray(0, 4).toString('latin1') === 'OggS') return sniffOgg(head);
    const mp3 = sniffMp3(r);
    if (mp3) return mp3;
    return {
      playable: false,
      container: extname(file).slice(1) || '?',
      codecs: [],
      why: 'the bytes are not MP4, WebM, Ogg or MP3',
    };
  } finally {
    r.close();
  }
}

type Reader = ReturnType<typeof reader>;

function boxes(buf: Buffer, from = 0, to = buf.length): { type: string; start: number; end: number }[] {
  const out: { type: string; start: number; end: number }[] = [];
  let at = from;
  while (at + 8 <= to) {
    let size = buf.readUInt32BE(at);
    const type = buf.subarray(at + 4, at + 8).toString('latin1');
    let header = 8;
    if (size === 1 && at + 16 <= to) {
      size = Number(buf.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) size = to - at;
    if (size < header || at + size > to) break;
    out.push({ type, start: at + header, end: at + size });
    at += size;
  }
  return out;
}

function sniffMp4(r: Reader): MediaVerdict {
  // Top-level boxes are walked by their headers only; just `moov` is read.
  let at = 0;
  let moov: Buffer | undefined;
  while (at + 8 <= r.size) {
    const h = r.read(at, 16);
    let size = h.readUInt32BE(0);
    const type = h.subarray(4, 8).toString('latin1');
    if (size === 1) size = Number(h.readBigUInt64BE(8));
    else if (size === 0) size = r.size - at;
    if (size < 8) break;
    if (type === 'moov') {
      if (size > MAX_READ)
        return { playable: 'unknown', container: 'mp4', codecs: [], why: 'moov box too large to read' };
      moov = r.read(at, size);
      break;
    }
    at += size;
  }
  if (!moov)
    return {
      playable: false,
      container: 'mp4',
      codecs: [],
      why: 'no moov box: the file is cut short or not a finished MP4',
    };
  const codecs: string[] = [];
  const walk = (from: number, to: number, path: string[]) => {
    for (const b of boxes(moov, from, to)) {
      if (path.length === 0 && b.type === 'trak') walk(b.start, b.end, ['trak']);
      else if (['mdia', 'minf', 'stbl'].includes(b.type)) walk(b.start, b.end, [...path, b.type]);
      else if (b.type === 'stsd' && b.end - b.start >= 16) {
        // version/flags (4), entry count (4), then the first sample entry: size (4) and its format (4).
        codecs.push(moov.subarray(b.start + 12, b.start + 16).toString('latin1'));
      }
    }
  };
  walk(8, moov.length, []);
  if (codecs.length === 0)
    return { playable: 'unknown', container: 'mp4', codecs, why: 'no track sample entry found' };
  const bad = codecs.filter((c) => !PLAYABLE_MP4.has(c));
  const names = codecs.map((c) => NAMED_MP4[c] ?? c);
  if (bad.length)
    return {
      playable: false,
      container: 'mp4',
      codecs: names,
      why: `codec ${bad.map((c) => NAMED_MP4[c] ?? c).join(', ')} does not play in Chromium (convert to H.264/AAC MP4 or VP9/Opus WebM)`,
    };
  return { playable: true, container: 'mp4', codecs: names };
}

/** An EBML element id at `at`: its length in bytes (ids keep their marker bit). */
function vintLength(first: number): number {
  for (let i = 0; i < 8; i++) if (first & (0x80 >> i)) return i + 1;
  return 0;
}

function readVint(buf: Buffer, at: number): { value: number; length: number } | null {
  const length = vintLength(buf[at] ?? 0);
  if (!length || at + length > buf.length) return null;
  let value = (buf[at]! & (0xff >> length)) >>> 0;
  for (let i = 1; i < length; i++) value = value * 256 + buf[at + i]!;
  return { value, length };
}

function sniffWebm(buf: Buffer): MediaVerdict {
  // DocType (0x4282) in the EBML header; every CodecID (0x86) element as ASCII.
  let docType = '';
  const d = buf.indexOf(Buffer.from([0x42, 0x82]));
  if (d >= 0 && d < 64) {
    const size = readVint(buf, d + 2);
    if (size)
      docType = buf.subarray(d + 2 + size.length, d + 2 + size.length + size.value).toString('latin1');
  }
  const codecs: string[] = [];
  for (let at = buf.indexOf(0x86); at >= 0 && at < buf.length - 2; at = buf.indexOf(0x86, at + 1)) {
    const size = readVint(buf, at + 1);
    if (!size || size.value < 3 || size.value > 40) continue;
    const start = at + 1 + size.length;
    const text = buf.subarray(start, start + size.value).toString('latin1');
    if (/^[VAS]_[A-Z0-9/_.-]+$/.test(text)) codecs.push(text);
  }
  const container = docType || 'matroska';
  if (docType !== 'webm')
    return {
      playable: 'unknown',
      container,
      codecs,
      why: `a Matroska file (DocType "${docType}"), not WebM: Chromium plays some of these; save it as WebM (VP9/Opus) to be sure`,
    };
  const media = codecs.filter((c) => !c.startsWith('S_'));
  if (media.length === 0)
    return { playable: 'unknown', container, codecs, why: 'no track codec found in the first MiB' };
  const bad = media.filter((c) => !PLAYABLE_WEBM.has(c));
  if (bad.length)
    return {
      playable: false,
      container,
      codecs,
      why: `codec ${bad.join(', ')} does not play in WebM in Chromium`,
    };
  return { playable: true, container, codecs };
}

function sniffOgg(head: Buffer): MediaVerdict {
  // The first page's header (27 bytes + segment table) is followed by the codec's identification packet.
  const segments = head[26] ?? 0;
  const packet = head.subarray(27 + segments, 27 + segments + 16);
  const p = packet.toString('latin1');
  const codec = p.startsWith('\x01vorbis')
    ? 'vorbis'
    : p.startsWith('OpusHead')
      ? 'opus'
      : p.startsWith('\x7fFLAC')
        ? 'flac'
        : p.startsWith('\x80theora')
          ? 'theora'
          : p.startsWith('Speex')
            ? 'speex'
            : '';
  if (codec === 'vorbis' || codec === 'opus' || codec === 'flac')
    return { playable: true, container: 'ogg', codecs: [codec] };
  if (!codec)
    return {
      playable: 'unknown',
      container: 'ogg',
      codecs: [],
      why: 'codec of the first Ogg stream not recognised',
    };
  return {
    playable: false,
    container: 'ogg',
    codecs: [codec],
    why: `${codec} does not play in Chromium (use Vorbis or Opus)`,
  };
}

function sniffMp3(r: Reader): MediaVerdict | null {
  const head = r.read(0, 10);
  let at = 0;
  if (head.subarray(0, 3).toString('latin1') === 'ID3' && head.length === 10) {
    // The tag's size: four 7-bit bytes, plus the header (and a footer when flagged).
    at =
      10 +
      (((head[6]! & 0x7f) << 21) | ((head[7]! & 0x7f) << 14) | ((head[8]! & 0x7f) << 7) | (head[9]! & 0x7f));
    if (head[5]! & 0x10) at += 10;
  }
  const window = r.read(at, 4096);
  const sync = window.findIndex((b, i) => b === 0xff && ((window[i + 1] ?? 0) & 0xe0) === 0xe0);
  if (sync < 0)
    return at > 0
      ? { playable: false, container: 'mp3', codecs: [], why: 'an ID3 tag with no MPEG audio frame after it' }
      : null;
  const layerBits = (window[sync + 1]! >> 1) & 0x03;
  const layer = layerBits === 1 ? 'III' : layerBits === 2 ? 'II' : layerBits === 3 ? 'I' : '?';
  if (layer === 'III') return { playable: true, container: 'mp3', codecs: ['mp3'] };
  return {
    playable: false,
    container: 'mpeg audio',
    codecs: [`layer ${layer}`],
    why: `MPEG audio layer ${layer} (MP2) does not play in Chromium: use MP3 (layer III)`,
  };
}
