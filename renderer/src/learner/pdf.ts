import type * as PdfJs from 'pdfjs-dist';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

/**
 * pdf.js, loaded only when a PDF is on screen. Its worker is a file of the built app (same origin: the CSP's
 * `worker-src 'self'`), nothing is fetched from elsewhere, and this pdf.js build runs no eval. Bitmaps only
 * (no text or annotation layers): a page is a picture on a canvas, which is what an old PC draws fastest.
 */
let loading: Promise<typeof PdfJs> | null = null;

function pdfjs(): Promise<typeof PdfJs> {
  loading ??= import('pdfjs-dist').then((lib) => {
    lib.GlobalWorkerOptions.workerSrc = workerUrl;
    return lib;
  });
  return loading;
}

/** Where a PDF comes from: a file of the course (streamed with Range requests) or bytes already here. */
export type PdfSource = { url: string } | { data: Uint8Array };

/** An open PDF, and how to let it go (ends its worker). */
export interface OpenedPdf {
  doc: PDFDocumentProxy;
  close: () => void;
}

export async function openPdf(source: PdfSource): Promise<OpenedPdf> {
  const lib = await pdfjs();
  const task = lib.getDocument({
    ...('url' in source ? { url: source.url } : { data: source.data.slice() }),
    // No WebAssembly decoders (the CSP has no 'wasm-unsafe-eval') and no fonts or maps from elsewhere.
    useWasm: false,
    enableXfa: false,
    stopAtErrors: false,
  });
  const doc = await task.promise;
  return { doc, close: () => void task.destroy() };
}

export type { PDFDocumentProxy };
