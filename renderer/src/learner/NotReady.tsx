import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../main/api/result';
import { navigate } from '../router/hash';
import { ErrorBox } from '../shared/ErrorBox';
import { Loading } from '../shared/Screen';

/**
 * A learner screen whose data has not come (yet): the loading line, or the error with one way back.
 * Roots carry `data-screen="<name>-loading"` / `"<name>-failed"`.
 */
export function NotReady({
  name,
  error,
  backTo,
  backLabel,
}: {
  name: string;
  error: ApiError | null;
  backTo: string;
  backLabel?: string;
}) {
  const { t } = useTranslation();
  if (!error) return <Loading name={name} label={t('common.loading')} />;
  return (
    <div className="screen" data-screen={`${name}-failed`}>
      <ErrorBox error={error} />
      <div className="actions">
        <button type="button" className="btn btn-secondary" onClick={() => navigate(backTo)}>
          {backLabel ?? t('common.back')}
        </button>
      </div>
    </div>
  );
}
