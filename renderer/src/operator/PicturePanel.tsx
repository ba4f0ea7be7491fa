import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AVATARS, type Picture } from '../../../main/api/learners';
import type { ApiInput } from '../../../main/api/contract';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { ErrorBox } from '../shared/ErrorBox';
import { AvatarArt, CardPicture } from '../shared/Picture';

/** The side of a kept photo: small enough for the roster, big enough to recognise a face. */
const SIDE = 256;
/** Files bigger than this are not even opened (a photo from a phone is some 2–8 MB). */
const FILE_MAX_BYTES = 20 * 1024 * 1024;

/** Draws the middle square of `source` at 256×256 and re-encodes it as JPEG (no EXIF, no location). */
function squareJpeg(source: CanvasImageSource, width: number, height: number): string {
  const canvas = document.createElement('canvas');
  canvas.width = SIDE;
  canvas.height = SIDE;
  const side = Math.min(width, height);
  canvas
    .getContext('2d')!
    .drawImage(source, (width - side) / 2, (height - side) / 2, side, side, 0, 0, SIDE, SIDE);
  return canvas.toDataURL('image/jpeg', 0.85).replace(/^data:image\/jpeg;base64,/, '');
}

/**
 * The name card's picture on the operator's learner screen: a photo with the PC's camera or from a file,
 * only after the official's consent is ticked (said on screen: what is kept, where, and that it goes with
 * an erasure), or one of our pictures, or none. Every photo is cropped, made small and re-encoded here; the
 * core checks it again. The camera is on only while this screen shows it (Electron lets it through to this
 * screen alone) and is switched off when the photo is taken, cancelled or the screen left.
 */
export function PicturePanel({ accountId, name }: { accountId: string; name: string }) {
  const { t } = useTranslation();
  const [picture, setPicture] = useState<Picture | undefined>(undefined);
  const [consent, setConsent] = useState(false);
  const [camera, setCamera] = useState<MediaStream | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  const consentId = useId();

  useEffect(() => {
    void call('learners.picture', { id: accountId }).then((r) =>
      r.ok ? setPicture(r.value.picture) : setError(r.error),
    );
  }, [accountId]);
  useEffect(() => {
    if (video.current && camera) video.current.srcObject = camera;
    return () => camera?.getTracks().forEach((track) => track.stop());
  }, [camera]);

  const save = async (next: ApiInput<'learners.setPicture'>['picture']) => {
    setError(null);
    setProblem(null);
    const r = await call('learners.setPicture', { id: accountId, picture: next });
    if (!r.ok) return setError(r.error);
    setPicture(r.value.picture);
  };

  const openCamera = async () => {
    setProblem(null);
    try {
      setCamera(
        await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false }),
      );
    } catch {
      setProblem(t('picture.noCamera'));
    }
  };

  const takePhoto = async () => {
    const v = video.current;
    if (!v || !camera) return;
    const jpeg = squareJpeg(v, v.videoWidth, v.videoHeight);
    setCamera(null);
    await save({ kind: 'photo', jpegBase64: jpeg, consent: true });
  };

  const pickFile = async (file: File | undefined) => {
    setProblem(null);
    if (!file) return;
    if (!/^image\/(jpeg|png|webp)$/.test(file.type) || file.size > FILE_MAX_BYTES)
      return setProblem(t('picture.badFile'));
    let bitmap: ImageBitmap;
    try {
      bitmap = await createImageBitmap(file);
    } catch {
      return setProblem(t('picture.badFile'));
    }
    const jpeg = squareJpeg(bitmap, bitmap.width, bitmap.height);
    bitmap.close();
    await save({ kind: 'photo', jpegBase64: jpeg, consent: true });
  };

  return (
    <section className="picture-panel" aria-labelledby="picture-heading" data-testid="picture-panel">
      <h2 id="picture-heading">{t('picture.heading')}</h2>
      <div className="picture-preview" data-testid="picture-now">
        {picture ? <CardPicture picture={picture} /> : <p className="muted">{t('picture.none')}</p>}
      </div>
      <label className="check-big" htmlFor={consentId}>
        <input
          id={consentId}
          type="checkbox"
          checked={consent}
          onChange={(e) => setConsent(e.target.checked)}
        />
        <span>{t('picture.consent', { name })}</span>
      </label>
      {camera ? (
        <div className="actions">
          <video ref={video} autoPlay muted playsInline aria-label={t('picture.cameraView')} />
          <button type="button" className="btn btn-primary" onClick={() => void takePhoto()}>
            {t('picture.take')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={() => setCamera(null)}>
            {t('common.cancel')}
          </button>
        </div>
      ) : (
        <div className="actions">
          <button
            type="button"
            className="btn btn-secondary"
            disabled={!consent}
            onClick={() => void openCamera()}
          >
            {t('picture.camera')}
          </button>
          <label className={`btn btn-secondary ${consent ? '' : 'disabled'}`}>
            {t('picture.file')}
            <input
              type="file"
              accept="image/jpeg,image/png,image/webp"
              className="visually-hidden"
              disabled={!consent}
              data-testid="picture-file"
              onChange={(e) => void pickFile(e.target.files?.[0])}
            />
          </label>
        </div>
      )}
      {problem && (
        <p className="error-box" role="alert">
          {problem}
        </p>
      )}
      <ErrorBox error={error} />
      <p>{t('picture.orAvatar')}</p>
      <div className="avatar-choices" role="group" aria-label={t('picture.avatars')}>
        {AVATARS.map((avatar) => (
          <button
            key={avatar}
            type="button"
            className="avatar-choice"
            aria-pressed={picture?.kind === 'avatar' && picture.avatar === avatar}
            aria-label={t(`picture.avatar.${avatar}`)}
            onClick={() => void save({ kind: 'avatar', avatar })}
          >
            <AvatarArt avatar={avatar} />
          </button>
        ))}
      </div>
      {picture && (
        <button type="button" className="btn-link" onClick={() => void save({ kind: 'none' })}>
          {t('picture.remove')}
        </button>
      )}
    </section>
  );
}
