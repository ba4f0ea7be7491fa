import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../main/api/result';
import { errorText } from '../i18n/errors';

/** An API error in plain words: what happened, what to do (never the technical message). */
export function ErrorBox({ error, id }: { error: ApiError | null; id?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const { message, detail } = errorText(t, error);
  return (
    <div className="error-box" role="alert" id={id} data-error-code={error.code}>
      <p>{message}</p>
      {detail && <p className="error-detail">{detail}</p>}
    </div>
  );
}

/** A message of our own (not from the API), shown like an error. */
export function AlertText({ children, id }: { children: string | null; id?: string }) {
  if (!children) return null;
  return (
    <div className="error-box" role="alert" id={id}>
      <p>{children}</p>
    </div>
  );
}
