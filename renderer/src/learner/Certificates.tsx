import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MyCertificate } from '../../../main/api/certificates';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { navigate } from '../router/hash';
import { ErrorBox } from '../shared/ErrorBox';
import { Loading, Screen } from '../shared/Screen';
import { Icon } from './icons';
import { LearnerNav } from './LearnerNav';
import { formatDate, formatScore } from './numbers';
import type { PDFDocumentProxy } from './pdf';
import { PdfViewer } from './PdfViewer';

/** "Sertifikat saya": the learner's own certificates, newest first. */
export function MyCertificates() {
  const { t } = useTranslation();
  const [list, setList] = useState<MyCertificate[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    void call('certificates.mine', {}).then((r) =>
      r.ok ? setList(r.value.certificates) : setError(r.error),
    );
  }, []);
  if (!list) {
    return error ? (
      <div className="screen" data-screen="certificates-failed">
        <ErrorBox error={error} />
      </div>
    ) : (
      <Loading name="certificates" label={t('common.loading')} />
    );
  }
  return (
    <>
      <LearnerNav />
      <Screen name="certificates" title={t('cert.title')} wide>
        {list.length === 0 && (
          <p className="lead" data-testid="no-certificates">
            {t('cert.none')}
          </p>
        )}
        <ul className="cert-list">
          {list.map((c) => (
            <li key={c.number} className="cert-card" data-certificate={c.number}>
              <div>
                <h2>
                  <Icon name="award" />
                  {c.courseTitle}
                </h2>
                <p>{t('cert.issued', { date: formatDate(c.issuedAt), number: c.number })}</p>
                <p>
                  {c.preScore === null
                    ? t('cert.postOnly', { post: formatScore(c.postScore) })
                    : t('cert.scores', { pre: formatScore(c.preScore), post: formatScore(c.postScore) })}
                </p>
              </div>
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => navigate(`/learn/certificates/${c.number}`)}
              >
                {t('cert.viewPrint')}
                <span className="visually-hidden">: {c.courseTitle}</span>
              </button>
            </li>
          ))}
        </ul>
      </Screen>
    </>
  );
}

interface CertificateFile {
  fileName: string;
  bytes: Uint8Array;
  /** A Blob URL of the PDF, for the download link. */
  url: string;
}

function fromBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The first page drawn large enough for paper (A4 at about 200 dpi), as an image for the print sheet. */
async function printImage(doc: PDFDocumentProxy): Promise<string | null> {
  const page = await doc.getPage(1);
  const viewport = page.getViewport({ scale: 2.8 });
  const canvas = document.createElement('canvas');
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  await page.render({ canvas, viewport }).promise;
  const blob = await new Promise<Blob | null>((done) => canvas.toBlob(done, 'image/png'));
  return blob ? URL.createObjectURL(blob) : null;
}

/**
 * One certificate: the PDF itself shown with pdf.js (an iframe of a Blob URL is refused by the CSP's
 * frame-src, and headless or kiosk browsers may not have a PDF viewer), "Cetak" prints it (the print sheet
 * holds only the certificate), and in a browser "Unduh PDF" saves the file under its own name.
 */
export function CertificateView({ number }: { number: string }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<CertificateFile | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [printUrl, setPrintUrl] = useState<string | null>(null);
  const inApp = typeof window.balai?.call === 'function';

  useEffect(() => {
    let url: string | null = null;
    let alive = true;
    void call('certificates.pdf', { number }).then((r) => {
      if (!alive) return;
      if (!r.ok) return setError(r.error);
      const bytes = fromBase64(r.value.base64);
      url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/pdf' }));
      setFile({ fileName: r.value.fileName, bytes, url });
    });
    return () => {
      alive = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [number]);

  useEffect(() => {
    if (!printUrl) return;
    return () => URL.revokeObjectURL(printUrl);
  }, [printUrl]);

  const source = useMemo(() => (file ? { data: file.bytes } : null), [file]);
  const onDocument = useCallback((doc: PDFDocumentProxy) => {
    void printImage(doc).then(setPrintUrl, () => setPrintUrl(null));
  }, []);

  if (!file || !source) {
    return error ? (
      <div className="screen" data-screen="certificate-failed">
        <ErrorBox error={error} />
        <div className="actions">
          <button type="button" className="btn btn-secondary" onClick={() => navigate('/learn/certificates')}>
            {t('common.back')}
          </button>
        </div>
      </div>
    ) : (
      <Loading name="certificate" label={t('common.loading')} />
    );
  }
  return (
    <>
      <LearnerNav />
      <Screen name="certificate" title={t('cert.viewTitle')} wide>
        <div className="cert-actions">
          <button
            type="button"
            className="btn btn-primary btn-big"
            disabled={!printUrl}
            onClick={() => window.print()}
          >
            <Icon name="print" /> {t('cert.print')}
          </button>
          {!inApp && (
            <a className="btn btn-secondary btn-big" href={file.url} download={file.fileName}>
              <Icon name="download" /> {t('cert.download')}
            </a>
          )}
          <button type="button" className="btn btn-secondary" onClick={() => navigate('/learn/certificates')}>
            {t('cert.toList')}
          </button>
        </div>
        <div className="cert-viewer">
          <PdfViewer source={source} title={t('cert.pdfTitle', { number })} onDocument={onDocument} />
        </div>
        {printUrl && (
          <div className="print-sheet print-only cert-print">
            <img src={printUrl} alt={t('cert.pdfTitle', { number })} />
          </div>
        )}
      </Screen>
    </>
  );
}
