import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../shared/Dialog';
import { PdfViewer } from './PdfViewer';
import type { PdfSource } from './pdf';

/** A lesson picture over the whole screen; a second size shows it twice as large, to pan by touch. */
export function FigureZoom({ src, alt, onClose }: { src: string; alt: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [big, setBig] = useState(false);
  return (
    <Dialog
      name="figure"
      className="dialog-wide"
      title={t('lesson.figureTitle')}
      onCancel={onClose}
      actions={
        <>
          <button type="button" className="btn btn-secondary" onClick={() => setBig(!big)}>
            {big ? t('lesson.figureSmaller') : t('lesson.figureBigger')}
          </button>
          <button type="button" className="btn btn-primary" autoFocus onClick={onClose}>
            {t('common.close')}
          </button>
        </>
      }
    >
      <div className="zoom-frame" tabIndex={0} role="group" aria-label={t('lesson.figureTitle')}>
        <img className={big ? 'zoom-img zoom-img-big' : 'zoom-img'} src={src} alt={alt} />
      </div>
    </Dialog>
  );
}

/** A PDF the lesson links to inside a sentence, opened over the lesson. */
export function PdfDialog({
  source,
  title,
  onClose,
}: {
  source: PdfSource;
  title: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Dialog
      name="pdf"
      className="dialog-wide"
      title={title}
      onCancel={onClose}
      actions={
        <button type="button" className="btn btn-primary" onClick={onClose}>
          {t('common.close')}
        </button>
      }
    >
      <PdfViewer source={source} title={title} />
    </Dialog>
  );
}
