import { useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './icons';
import { openPdf, type OpenedPdf, type PdfSource, type PDFDocumentProxy } from './pdf';

const ZOOMS = [1, 1.25, 1.5, 2, 3] as const;

/** The width a page is drawn at follows its box; this hook measures the box (and hears it change). */
function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/**
 * A PDF shown inside the app with pdf.js: one page at a time on a canvas as wide as its box (fit to width),
 * one pair of buttons named for the previous and next page, and zoom: a zoomed page scrolls inside its
 * frame (by touch too), which stays as wide as the lesson and within the screen's height.
 */
export function PdfViewer({
  source,
  title,
  onDocument,
}: {
  source: PdfSource;
  title: string;
  onDocument?: (doc: PDFDocumentProxy) => void;
}) {
  const { t } = useTranslation();
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null);
  const [failed, setFailed] = useState(false);
  const [page, setPage] = useState(1);
  const [zoom, setZoom] = useState(0);
  const [rendered, setRendered] = useState(0);
  const frame = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = useWidth(frame);
  const ready = useRef(onDocument);
  useEffect(() => {
    ready.current = onDocument;
  }, [onDocument]);

  useEffect(() => {
    let alive = true;
    let opened: OpenedPdf | null = null;
    openPdf(source).then(
      (pdf) => {
        opened = pdf;
        if (!alive) return pdf.close();
        setDoc(pdf.doc);
        ready.current?.(pdf.doc);
      },
      () => alive && setFailed(true),
    );
    return () => {
      alive = false;
      opened?.close();
    };
  }, [source]);

  useEffect(() => {
    const el = canvas.current;
    if (!doc || !el || width === 0) return;
    let cancelled = false;
    let cancel: (() => void) | null = null;
    void (async () => {
      try {
        const p = await doc.getPage(page);
        if (cancelled) return;
        const fit = width / p.getViewport({ scale: 1 }).width;
        const ratio = window.devicePixelRatio || 1;
        const viewport = p.getViewport({ scale: fit * ZOOMS[zoom]! * ratio });
        el.width = Math.floor(viewport.width);
        el.height = Math.floor(viewport.height);
        el.style.width = `${Math.floor(viewport.width / ratio)}px`;
        el.style.height = `${Math.floor(viewport.height / ratio)}px`;
        const task = p.render({ canvas: el, viewport });
        cancel = () => task.cancel();
        await task.promise;
        if (!cancelled) setRendered(page);
      } catch {
        // A render cancelled by the next one (page or zoom changed) is expected; a real failure shows below.
        if (!cancelled) setFailed(true);
      }
    })();
    return () => {
      cancelled = true;
      cancel?.();
    };
  }, [doc, page, zoom, width]);

  const total = doc?.numPages ?? 0;
  return (
    <div className="pdf-viewer" data-pdf-viewer="">
      <p className="pdf-title">
        <Icon name="doc" />
        {title}
      </p>
      {failed ? (
        <p className="error-box" role="alert">
          {t('pdf.failed')}
        </p>
      ) : (
        <>
          <div className="pdf-toolbar" role="toolbar" aria-label={t('pdf.toolbar', { title })}>
            {total > 1 && (
              <>
                <button
                  type="button"
                  className="btn btn-secondary"
                  disabled={page <= 1}
                  onClick={() => setPage(page - 1)}
                >
                  ← {t('pdf.prev')}
                </button>
                <span className="pdf-page" aria-live="polite">
                  {total ? t('pdf.page', { n: page, total }) : t('pdf.loading')}
                </span>
                <button
                  type="button"
                  className="btn btn-secondary"
                  disabled={page >= total}
                  onClick={() => setPage(page + 1)}
                >
                  {t('pdf.next')} →
                </button>
              </>
            )}
            <span className="pdf-zoom">
              <button
                type="button"
                className="btn btn-secondary btn-square"
                disabled={zoom === 0}
                aria-label={t('pdf.zoomOut')}
                onClick={() => setZoom(zoom - 1)}
              >
                −
              </button>
              <span className="pdf-zoom-value">{Math.round(ZOOMS[zoom]! * 100)}%</span>
              <button
                type="button"
                className="btn btn-secondary btn-square"
                disabled={zoom === ZOOMS.length - 1}
                aria-label={t('pdf.zoomIn')}
                onClick={() => setZoom(zoom + 1)}
              >
                +
              </button>
            </span>
          </div>
          <div
            ref={frame}
            className={`pdf-frame ${zoom > 0 ? 'pdf-frame-zoomed' : ''}`}
            tabIndex={0}
            role="group"
            aria-label={t('pdf.frame', { title })}
          >
            <canvas
              ref={canvas}
              role="img"
              aria-label={t('pdf.pageImage', { title, n: page, total })}
              data-pdf-page={page}
              data-rendered={rendered === page ? 'true' : 'false'}
            />
          </div>
        </>
      )}
    </div>
  );
}
