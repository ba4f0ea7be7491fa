import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportedBundle } from '../../../../main/api/transfer';
import { formatBytes } from '../format';

function folderOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '' : path.slice(0, at);
}

/**
 * "Aman dicabut": shown only for a bundle the app wrote, read back from the stick and verified. Says what is
 * on the stick (file, statements, learners, certificates, whether personal data is encrypted, the Excel
 * summary) and what to do next. `action` (the done button) sits right under "Aman dicabut", on the first
 * screen at 1366×768, above the details.
 */
export function ExportDone({
  bundle,
  label,
  action,
}: {
  bundle: ExportedBundle;
  label: string;
  action?: ReactNode;
}) {
  const { t } = useTranslation();
  const { statements } = bundle;
  return (
    <section className="export-done" aria-labelledby="export-done-title" data-testid="export-done">
      <div className="notice notice-ok safe-banner" role="status">
        <p className="safe-title" id="export-done-title">
          <span aria-hidden="true">✓ </span>
          {t('op.transfer.done.safe')}
        </p>
        <p>{t('op.transfer.done.checked', { label })}</p>
      </div>
      {action && <div className="actions done-action">{action}</div>}
      <dl className="fact-rows">
        <div>
          <dt>{t('op.transfer.done.file')}</dt>
          <dd>
            <span data-testid="bundle-file">{bundle.fileName}</span>
            <span className="fact-detail">
              {t('op.transfer.done.where', { label, folder: folderOf(bundle.path) })} ·{' '}
              {formatBytes(bundle.sizeBytes)}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('op.transfer.done.contents')}</dt>
          <dd data-testid="bundle-contents">
            {t('op.transfer.done.statements', { count: statements.count })}
            {statements.fromSeq !== null &&
              statements.toSeq !== null &&
              ` ${t('op.transfer.done.seqRange', { from: statements.fromSeq, to: statements.toSeq })}`}
            {', '}
            {t('op.transfer.done.learners', { count: bundle.learners })}
            {', '}
            {t('op.transfer.done.certificates', { count: bundle.certificates })}
          </dd>
        </div>
        <div>
          <dt>{t('op.transfer.done.personalData')}</dt>
          <dd data-testid="bundle-personal">
            {bundle.personalData === 'sealed' ? t('op.transfer.done.sealed') : t('op.transfer.done.clear')}
            <span className="fact-detail">
              {bundle.personalData === 'sealed'
                ? t('op.transfer.done.sealedHint')
                : t('op.transfer.done.clearHint')}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('op.transfer.done.summary')}</dt>
          <dd data-testid="bundle-summary">
            {bundle.summaryPath ? (
              <>
                {bundle.summaryPath.slice(bundle.summaryPath.lastIndexOf('/') + 1)}
                <span className="fact-detail">{t('op.transfer.done.summaryHint')}</span>
              </>
            ) : (
              <>
                {t('op.transfer.done.noSummary')}
                {bundle.summaryError && (
                  <span className="fact-detail tech-detail">
                    {t('op.install.technical')} <span lang="en">{bundle.summaryError}</span>
                  </span>
                )}
              </>
            )}
          </dd>
        </div>
      </dl>
      <p className="lead next-hint">{t('op.transfer.done.next')}</p>
    </section>
  );
}
