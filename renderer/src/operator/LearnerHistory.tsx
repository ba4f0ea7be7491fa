import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LearnerHistory as History } from '../../../main/api/reports';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { formatDateTime } from '../i18n/format';
import { navigate } from '../router/hash';
import { ErrorBox } from '../shared/ErrorBox';
import { jabatanLabel } from '../shared/jabatan';
import { Loading, Screen } from '../shared/Screen';
import { ClockBanner } from './ClockBanner';
import { formatGain, formatLongDate, formatScore } from './format';
import { eventText } from './historyText';
import { OperatorNav } from './OperatorNav';
import { ProgressStatusText } from './ProgressStatusText';

/** "Riwayat belajar": one learner's identity, results per course and learning events, printable on A4. */
export function LearnerHistory({ learnerId }: { learnerId: string }) {
  const { t } = useTranslation();
  const [history, setHistory] = useState<History | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    void call('reports.learnerHistory', { learnerId, limit: 500, includeAnswers: false }).then((r) =>
      r.ok ? setHistory(r.value) : setError(r.error),
    );
  }, [learnerId]);

  if (!history) {
    return error ? (
      <div className="screen" data-screen="operator-history-failed">
        <OperatorNav />
        <ErrorBox error={error} />
        <button type="button" className="btn btn-secondary" onClick={() => navigate('/operator/village')}>
          {t('op.history.back')}
        </button>
      </div>
    ) : (
      <Loading name="operator-history" label={t('common.loading')} />
    );
  }
  const { learner, desa } = history;
  const name = learner.erased ? t('op.learners.erasedName') : (learner.fullName ?? '');
  return (
    <>
      <OperatorNav />
      <Screen
        name="operator-history"
        title={t('op.history.title', { name })}
        wide
        className="print-report history"
      >
        <div className="toolbar no-print">
          <button type="button" className="btn btn-secondary" onClick={() => navigate('/operator/village')}>
            ← {t('op.history.back')}
          </button>
          <button type="button" className="btn btn-primary" onClick={() => window.print()}>
            {t('op.history.print')}
          </button>
        </div>
        {history.clockWarning && (
          <div className="no-print">
            <ClockBanner />
          </div>
        )}
        <dl className="identity">
          <div>
            <dt>{t('op.history.name')}</dt>
            <dd>{name}</dd>
          </div>
          <div>
            <dt>{t('form.jabatan')}</dt>
            <dd>{jabatanLabel(learner.jabatan) || '—'}</dd>
          </div>
          <div>
            <dt>{t('op.history.desa')}</dt>
            <dd>
              {t('op.history.desaLine', {
                desa: desa.name,
                kecamatan: desa.kecamatan,
                kabupaten: desa.kabupaten,
                provinsi: desa.provinsi,
              })}
            </dd>
          </div>
          <div>
            <dt>{t('op.history.since')}</dt>
            <dd>{formatLongDate(learner.createdAt)}</dd>
          </div>
          <div>
            <dt>{t('op.history.made')}</dt>
            <dd>{formatDateTime(history.generatedAt)}</dd>
          </div>
        </dl>

        <section>
          <h2 id="history-courses">{t('op.history.coursesHeading')}</h2>
          <div className="table-scroll" role="region" aria-labelledby="history-courses" tabIndex={0}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('op.village.course')}</th>
                  <th scope="col">{t('op.history.lessons')}</th>
                  <th scope="col" className="num">
                    {t('op.village.pretest')}
                  </th>
                  <th scope="col" className="num">
                    {t('op.village.posttest')}
                  </th>
                  <th scope="col" className="num">
                    {t('op.village.gain')}
                  </th>
                  <th scope="col">{t('op.village.status')}</th>
                  <th scope="col">{t('op.village.certificate')}</th>
                </tr>
              </thead>
              <tbody>
                {history.courses.map((c) => (
                  <tr key={c.courseId} data-course={c.courseId}>
                    <th scope="row" className="row-head">
                      {c.title}
                    </th>
                    <td className="nowrap">
                      {t('op.history.lessonsDone', { done: c.lessonsCompleted, total: c.lessonCount })}
                    </td>
                    <td className="num">{formatScore(c.pretestScore)}</td>
                    <td className="num">{formatScore(c.posttestScore)}</td>
                    <td className="num">{formatGain(c.gain)}</td>
                    <td>
                      <ProgressStatusText
                        status={c.status}
                        lessonsCompleted={c.lessonsCompleted}
                        lessonCount={c.lessonCount}
                        posttestAttemptsLeft={c.posttestAttemptsLeft}
                      />
                    </td>
                    <td className="cert-number">{c.certificateNumber ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>

        <section>
          <h2 id="history-events">{t('op.history.eventsHeading')}</h2>
          {history.truncated && <p className="muted">{t('op.history.truncated')}</p>}
          {history.events.length === 0 ? (
            <p>{t('op.history.noEvents')}</p>
          ) : (
            <div className="table-scroll" role="region" aria-labelledby="history-events" tabIndex={0}>
              <table className="table events-table">
                <thead>
                  <tr>
                    <th scope="col">{t('op.history.when')}</th>
                    <th scope="col">{t('op.history.what')}</th>
                    <th scope="col">{t('op.village.course')}</th>
                  </tr>
                </thead>
                <tbody>
                  {history.events.map((e) => (
                    <tr key={e.seq} data-verb={e.verb}>
                      <td className="nowrap">{formatDateTime(e.at)}</td>
                      <td>{eventText(t, e)}</td>
                      <td>{e.courseTitle ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <p className="print-only print-footer">{t('op.history.footer', { desa: desa.name })}</p>
      </Screen>
    </>
  );
}
