import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DriveView, ForeignPackageOnDrive, PackageOnDrive } from '../../../main/api/library';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { navigate } from '../router/hash';
import { AlertText, ErrorBox } from '../shared/ErrorBox';
import { Screen } from '../shared/Screen';
import { DrivePicker } from './DrivePicker';
import { formatBytes } from './format';
import { InstallTask } from './InstallTask';
import { OperatorNav } from './OperatorNav';
import { useDrives } from './useDrives';

type Step =
  | { step: 'drive' }
  | { step: 'packages'; drive: DriveView }
  | { step: 'task'; taskId: string; fileName: string | null };

/**
 * "Pasang dari flashdisk": pick a stick (the list follows plugging and pulling), pick a course package found
 * on it, then watch the install as a task with a progress bar, a cancel button and a clear end.
 */
export function InstallFromDrive() {
  const { t } = useTranslation();
  const { drives, error: drivesError } = useDrives();
  const [state, setState] = useState<Step>({ step: 'drive' });
  const [pulled, setPulled] = useState<string | null>(null);

  // The stick chosen a moment ago was pulled out: say so and go back to the list (state adjusted while
  // rendering, as React recommends for state that follows other state).
  if (state.step === 'packages' && drives && !drives.some((d) => d.id === state.drive.id)) {
    setPulled(state.drive.label);
    setState({ step: 'drive' });
  }

  return (
    <>
      <OperatorNav />
      <Screen name={`operator-install-${state.step}`} title={t('op.install.title')} wide>
        <p className="step-line">
          {t('op.install.stepOf', { step: state.step === 'drive' ? 1 : state.step === 'packages' ? 2 : 3 })}
        </p>
        {state.step === 'drive' && (
          <>
            <h2 className="step-title">{t('op.install.pickDrive')}</h2>
            <AlertText>{pulled ? t('op.install.pulled', { label: pulled }) : null}</AlertText>
            <DrivePicker
              drives={drives}
              error={drivesError}
              actionLabel={t('op.drives.pick')}
              onPick={(drive) => {
                setPulled(null);
                setState({ step: 'packages', drive });
              }}
            />
            <div className="actions">
              <button
                type="button"
                className="btn btn-secondary"
                onClick={() => navigate('/operator/courses')}
              >
                {t('op.install.backToCourses')}
              </button>
            </div>
          </>
        )}
        {state.step === 'packages' && (
          <PackagePicker
            drive={state.drive}
            onBack={() => setState({ step: 'drive' })}
            onStarted={(taskId, fileName) => setState({ step: 'task', taskId, fileName })}
          />
        )}
        {state.step === 'task' && (
          <InstallTask
            key={state.taskId}
            taskId={state.taskId}
            fileName={state.fileName}
            onAnother={() => setState({ step: 'drive' })}
          />
        )}
      </Screen>
    </>
  );
}

/** The course packages found on one stick, each with its size and an "Pasang" button. */
function PackagePicker({
  drive,
  onBack,
  onStarted,
}: {
  drive: DriveView;
  onBack: () => void;
  onStarted: (taskId: string, fileName: string | null) => void;
}) {
  const { t } = useTranslation();
  const [packages, setPackages] = useState<PackageOnDrive[] | null>(null);
  const [foreign, setForeign] = useState<ForeignPackageOnDrive[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [runningId, setRunningId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void call('drives.packages', { driveId: drive.id }).then((r) => {
      if (!r.ok) return setError(r.error);
      setPackages(r.value.packages);
      setForeign(r.value.foreign);
    });
  }, [drive.id]);

  const install = async (pkg: PackageOnDrive) => {
    setBusy(true);
    setError(null);
    setRunningId(null);
    const r = await call('courses.installFromDrive', { driveId: drive.id, path: pkg.path });
    setBusy(false);
    if (r.ok) return onStarted(r.value.taskId, pkg.fileName);
    setError(r.error);
    const running = r.error.details?.taskId;
    if (r.error.code === 'BUSY' && typeof running === 'string') setRunningId(running);
  };

  return (
    <>
      <h2 className="step-title">{t('op.install.pickPackage', { label: drive.label })}</h2>
      <ErrorBox error={error} />
      {runningId && (
        <p className="follow-running">
          <button type="button" className="btn btn-secondary" onClick={() => onStarted(runningId, null)}>
            {t('op.install.followRunning')}
          </button>
        </p>
      )}
      {!packages && !error && (
        <p role="status" className="loading">
          {t('op.install.searching', { label: drive.label })}
        </p>
      )}
      {packages && packages.length === 0 && (
        <div className="empty-drives" data-testid="no-packages">
          <p className="empty-drives-title">{t('op.install.noPackages', { label: drive.label })}</p>
          <p className="muted">{t('op.install.noPackagesHint')}</p>
        </div>
      )}
      {packages && packages.length > 0 && (
        <ul className="package-list" aria-label={t('op.install.packagesLabel', { label: drive.label })}>
          {packages.map((p) => (
            <li key={p.path} className="package-row" data-package={p.fileName}>
              <span className="package-text">
                <span className="package-name">{p.fileName}</span>
                <span className="package-meta">
                  {formatBytes(p.sizeBytes)}
                  {p.path !== p.fileName && ` · ${t('op.install.folder', { path: folderOf(p.path) })}`}
                </span>
              </span>
              <button
                type="button"
                className="btn btn-primary"
                disabled={busy}
                onClick={() => void install(p)}
              >
                {t('op.install.install')}
                <span className="visually-hidden">: {p.fileName}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {foreign.length > 0 && <ForeignPackages drive={drive} foreign={foreign} />}
      <div className="actions">
        <button type="button" className="btn btn-secondary" onClick={onBack} disabled={busy}>
          {t('op.install.otherDrive')}
        </button>
      </div>
    </>
  );
}

/** Raw SCORM, H5P, cmi5, xAPI or Common Cartridge packages on the stick: named, with what to do about them. */
function ForeignPackages({ drive, foreign }: { drive: DriveView; foreign: ForeignPackageOnDrive[] }) {
  const { t } = useTranslation();
  return (
    <section className="foreign-packages" aria-label={t('op.install.foreignLabel', { label: drive.label })}>
      <h3>{t('op.install.foreignTitle')}</h3>
      <ul className="package-list">
        {foreign.map((p) => (
          <li key={p.path} className="package-row" data-foreign={p.fileName}>
            <span className="package-text">
              <span className="package-name">
                {p.fileName}
                {p.title && ` · ${p.title}`}
              </span>
              <span className="package-meta">
                {t(
                  p.standard === 'common-cartridge' ? 'op.install.foreignUnsupported' : 'op.install.foreign',
                  {
                    name: standardName(t, p),
                  },
                )}
              </span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** "SCORM 2004 edisi ke-4", "IMS Common Cartridge 1.3", "H5P": the standard as people say it. */
function standardName(
  t: (key: string, options?: Record<string, unknown>) => string,
  p: ForeignPackageOnDrive,
): string {
  switch (p.standard) {
    case 'scorm2004':
      return p.edition
        ? t('op.install.standard.scorm2004Edition', { n: parseInt(p.edition, 10) })
        : t('op.install.standard.scorm2004');
    case 'common-cartridge':
      return p.edition
        ? t('op.install.standard.commonCartridgeVersion', { version: p.edition.replace(/\.0$/, '') })
        : t('op.install.standard.commonCartridge');
    default:
      return t(`op.install.standard.${p.standard}`);
  }
}

function folderOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '' : path.slice(0, at);
}
