import { createHash } from 'node:crypto';
import type { PDFDocument } from 'pdf-lib';
import { decodePDFRawStream, PDFArray, PDFDict, PDFName, PDFRawStream, PDFRef, type PDFPage } from 'pdf-lib';
import { z } from 'zod';
import { publicKeyFromRaw, signEd25519, verifyEd25519 } from '../crypto/keys';
import { canonicalBytes } from '../packages/canonical';

/**
 * A certificate PDF's page seal (issue 15): the kiosk signs, with the device key that signed the
 * certificate's code, a digest of what its page prints: the page size, its content streams (every text,
 * line, frame and QR square) and the fonts they use. It rides in the PDF's properties beside the code as
 * `BBP1.<base64url canonical JSON>.<base64url signature>`. `balai cert verify file.pdf` recomputes the
 * digest, so a changed page (a score typed over, a name replaced, a box drawn over a line) is refused.
 * Only what a page shows is digested, never the PDF's properties, so setting the seal changes nothing sealed.
 */
export const pageSealSchema = z.strictObject({
  v: z.literal(1),
  /** The certificate number, as in the code. */
  no: z.string().max(40),
  /** SHA-256 (hex) of the page's digest input (pageDigest). */
  ph: z.string().regex(/^[0-9a-f]{64}$/),
});
export type PageSeal = z.infer<typeof pageSealSchema>;

const PREFIX = 'BBP1';
export const SEAL_IN_TEXT = /BBP1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/;

export type PageDigest = { ok: true; hex: string } | { ok: false; reason: string };

function bytesOfStream(doc: PDFDocument, ref: unknown): Uint8Array | null {
  const stream = ref instanceof PDFRef ? doc.context.lookup(ref) : ref;
  if (!(stream instanceof PDFRawStream)) return null;
  return decodePDFRawStream(stream).decode();
}

/** The page's content streams, decoded and joined in order (`Contents` is one stream or an array). */
function contentBytes(doc: PDFDocument, page: PDFPage): Uint8Array[] | null {
  const contents = page.node.get(PDFName.of('Contents'));
  const looked = contents instanceof PDFRef ? doc.context.lookup(contents) : contents;
  const refs = looked instanceof PDFArray ? looked.asArray() : [contents];
  const out: Uint8Array[] = [];
  for (const ref of refs) {
    const bytes = bytesOfStream(doc, ref);
    if (!bytes) return null;
    out.push(bytes);
  }
  return out;
}

/**
 * What a certificate page prints, digested: exactly one page; its media box; every content stream's
 * decoded bytes; each font resource's name, type, base font and encoding (standard fonts only: an embedded
 * font could draw other glyphs for the same codes); no other resources (images, forms, graphics states
 * could cover or restyle the text), no annotations.
 */
export function pageDigest(doc: PDFDocument): PageDigest {
  const pages = doc.getPages();
  if (pages.length !== 1)
    return { ok: false, reason: `the PDF has ${pages.length} pages, a certificate one` };
  const page = pages[0]!;
  const annots = page.node.get(PDFName.of('Annots'));
  const annotList = annots instanceof PDFRef ? doc.context.lookup(annots) : annots;
  // pdf-lib writes an empty list; any annotation could float over the page.
  if (annots && !(annotList instanceof PDFArray && annotList.size() === 0))
    return { ok: false, reason: 'the page carries annotations' };
  const resources = page.node.Resources();
  const fonts: [string, string][] = [];
  for (const [key, value] of resources?.entries() ?? []) {
    const kind = key.decodeText();
    const dict = doc.context.lookup(value);
    if (kind === 'ProcSet') continue;
    if (kind !== 'Font') {
      // pdf-lib leaves an empty XObject dictionary; anything in one could be drawn over the text.
      if (dict instanceof PDFDict && dict.entries().length === 0) continue;
      return { ok: false, reason: `the page uses ${kind} resources` };
    }
    if (!(dict instanceof PDFDict)) return { ok: false, reason: 'the page fonts are unreadable' };
    for (const [name, ref] of dict.entries()) {
      const font = doc.context.lookup(ref);
      if (!(font instanceof PDFDict)) return { ok: false, reason: 'a page font is unreadable' };
      if (font.get(PDFName.of('FontDescriptor')))
        return { ok: false, reason: 'the page uses an embedded font' };
      const field = (k: string) => font.get(PDFName.of(k))?.toString() ?? '';
      fonts.push([name.decodeText(), `${field('Subtype')} ${field('BaseFont')} ${field('Encoding')}`]);
    }
  }
  const contents = contentBytes(doc, page);
  if (!contents) return { ok: false, reason: 'the page content is unreadable' };
  const hash = createHash('sha256');
  hash.update(
    canonicalBytes({ box: page.getMediaBox(), fonts: fonts.sort(([a], [b]) => a.localeCompare(b)) }),
  );
  for (const bytes of contents) {
    hash.update(`\n${bytes.length}\n`);
    hash.update(bytes);
  }
  return { ok: true, hex: hash.digest('hex') };
}

export function encodePageSeal(seal: PageSeal, devicePrivateKeyPem: string): string {
  const bytes = canonicalBytes(seal);
  const signature = Buffer.from(signEd25519(devicePrivateKeyPem, bytes), 'base64');
  return `${PREFIX}.${bytes.toString('base64url')}.${signature.toString('base64url')}`;
}

export type SealCheck = { state: 'same' } | { state: 'missing' } | { state: 'changed'; reason: string };

/**
 * Checks a PDF's page against its seal: signed by `publicKey` (the code's device key), for certificate
 * `number`, and the page digest the same as the one signed.
 */
export function checkPageSeal(
  doc: PDFDocument,
  sealText: string | null,
  number: string,
  publicKey: string,
): SealCheck {
  if (sealText === null) return { state: 'missing' };
  const parts = sealText.split('.');
  let seal: PageSeal;
  let bytes: Buffer;
  try {
    bytes = Buffer.from(parts[1] ?? '', 'base64url');
    seal = pageSealSchema.parse(JSON.parse(bytes.toString('utf8')));
  } catch {
    return { state: 'changed', reason: 'the page seal is damaged' };
  }
  const signed =
    canonicalBytes(seal).equals(bytes) &&
    verifyEd25519(
      publicKeyFromRaw(publicKey),
      bytes,
      Buffer.from(parts[2] ?? '', 'base64url').toString('base64'),
    );
  if (!signed) return { state: 'changed', reason: "the page seal is not the kiosk's" };
  if (seal.no !== number) return { state: 'changed', reason: 'the page seal is of another certificate' };
  const digest = pageDigest(doc);
  if (!digest.ok) return { state: 'changed', reason: digest.reason };
  if (digest.hex !== seal.ph)
    return { state: 'changed', reason: 'the page differs from the one the kiosk sealed' };
  return { state: 'same' };
}
