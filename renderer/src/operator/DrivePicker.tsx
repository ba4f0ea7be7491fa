import { useTranslation } from 'react-i18next';
import type { DriveView } from '../../../main/api/library';
import type { ApiError } from '../../../main/api/result';
import { ErrorBox } from '../shared/ErrorBox';
import { formatBytes } from './format';

/**
 * The plugged-in sticks as big buttons (label and size), kept current by `useDrives`. With none plugged in it
 * says so plainly; a polite live region tells screen readers when a stick comes or goes.
 */
export function DrivePicker({
  drives,
  error,
  onPick,
  busy = false,
  actionLabel,
}: {
  drives: DriveView[] | null;
  error: ApiError | null;
  onPick: (drive: DriveView) => void;
  busy?: boolean;
  /** What touching a stick does, for screen readers ("Pilih", "Simpan ke"). */
  actionLabel: string;
}) {
  const { t } = useTranslation();
  if (error) return <ErrorBox error={error} />;
  if (!drives) {
    return (
      <p role="status" className="loading">
        {t('op.drives.looking')}
      </p>
    );
  }
  return (
    <div className="drive-picker">
      <p className="visually-hidden" role="status">
        {t('op.drives.count', { count: drives.length })}
      </p>
      {drives.length === 0 ? (
        <div className="empty-drives" data-testid="no-drives">
          <p className="empty-drives-title">{t('op.drives.none')}</p>
          <p className="muted">{t('op.drives.noneHint')}</p>
        </div>
      ) : (
        <ul className="drive-list" aria-label={t('op.drives.listLabel')}>
          {drives.map((d) => (
            <li key={d.id}>
              <button
                type="button"
                className="drive-button"
                data-drive={d.label}
                disabled={busy}
                onClick={() => onPick(d)}
              >
                <StickIcon />
                <span className="drive-text">
                  <span className="visually-hidden">{actionLabel}: </span>
                  <span className="drive-label">{d.label}</span>
                  <span className="drive-size">
                    {d.sizeBytes === null
                      ? t('op.drives.sizeUnknown')
                      : d.freeBytes === null
                        ? formatBytes(d.sizeBytes)
                        : t('op.drives.sizeFree', {
                            size: formatBytes(d.sizeBytes),
                            free: formatBytes(d.freeBytes),
                          })}
                  </span>
                  {d.readOnly && <span className="drive-tag">{t('op.drives.readOnly')}</span>}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A flashdisk, drawn: a body and its plug. */
function StickIcon() {
  return (
    <svg
      className="drive-icon"
      viewBox="0 0 56 28"
      width="56"
      height="28"
      aria-hidden="true"
      focusable="false"
    >
      <rect x="1" y="1" width="40" height="26" rx="5" fill="currentColor" />
      <rect
        x="41"
        y="6"
        width="13"
        height="16"
        rx="1.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="2.5"
      />
      <rect x="45" y="10" width="3" height="3" fill="currentColor" />
      <rect x="45" y="15" width="3" height="3" fill="currentColor" />
    </svg>
  );
}
