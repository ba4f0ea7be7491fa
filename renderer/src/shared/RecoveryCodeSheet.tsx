import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context';
import { formatDateTime } from '../i18n/format';

/**
 * The recovery code, shown once: large, printable (print CSS prints only `.print-sheet`), and the person
 * must confirm they wrote it down before going on.
 */
export function RecoveryCodeSheet({
  code,
  desaName,
  onContinue,
}: {
  code: string;
  desaName?: string | null;
  onContinue: () => void;
}) {
  const { t } = useTranslation();
  const { info } = useApp();
  const [noted, setNoted] = useState(false);
  const checkId = useId();
  const desa = desaName ?? info.desa?.name ?? null;
  return (
    <div className="recovery">
      <div className="print-sheet">
        <p className="print-only print-title">{t('app.name')}</p>
        {desa && <p className="print-only">{t('app.desaName', { name: desa })}</p>}
        <p className="recovery-label">{t('recovery.codeLabel')}</p>
        <p className="recovery-code" data-testid="recovery-code" translate="no">
          {code}
        </p>
        <p className="print-only">
          {t('recovery.printedAt', { when: formatDateTime(new Date().toISOString()) })}
        </p>
        <p className="recovery-why">{t('recovery.why')}</p>
      </div>
      <div className="recovery-actions">
        <button type="button" className="btn btn-secondary" onClick={() => window.print()}>
          {t('recovery.print')}
        </button>
        <label className="check-big" htmlFor={checkId}>
          <input id={checkId} type="checkbox" checked={noted} onChange={(e) => setNoted(e.target.checked)} />
          <span>{t('recovery.noted')}</span>
        </label>
        <button type="button" className="btn btn-primary" disabled={!noted} onClick={onContinue}>
          {t('common.continue')}
        </button>
      </div>
    </div>
  );
}
