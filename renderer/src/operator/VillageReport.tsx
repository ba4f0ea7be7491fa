import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Jabatan } from '../../../main/api/jabatan';
import type { VillageCourse, VillageRow } from '../../../main/api/reports';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { formatDateTime } from '../i18n/format';
import { navigate } from '../router/hash';
import { ErrorBox } from '../shared/ErrorBox';
import { jabatanLabel, JABATAN_OPTIONS } from '../shared/jabatan';
import { Loading, Screen } from '../shared/Screen';
import { ClockBanner } from './ClockBanner';
import { downloadBase64, XLSX_TYPE } from './download';
import { formatGain, formatScore } from './format';
import { OperatorNav } from './OperatorNav';
import { ProgressStatusText } from './ProgressStatusText';

interface Village {
  rows: VillageRow[];
  courses: VillageCourse[];
  generatedAt: string;
}

/** One learner's rows, in the order the report gives them. */
function byLearner(rows: VillageRow[]): VillageRow[][] {
  const groups = new Map<string, VillageRow[]>();
  for (const row of rows) {
    const group = groups.get(row.learnerId);
    if (group) group.push(row);
    else groups.set(row.learnerId, [row]);
  }
  return [...groups.values()];
}

/**
 * "Hasil desa": every learner in every installed course (tes awal, tes akhir, kenaikan, status, sertifikat,
 * last activity), filtered by jabatan, downloadable as Excel; a learner's name opens their history.
 */
export function VillageReport() {
  const { t } = useTranslation();
  const [jabatan, setJabatan] = useState<Jabatan | ''>('');
  const [village, setVillage] = useState<Village | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState<string | null>(null);
  const filterId = useId();

  useEffect(() => {
    let current = true;
    void call('reports.village', jabatan ? { jabatan } : {}).then((r) => {
      if (!current) return;
      if (r.ok) {
        setVillage(r.value);
        setError(null);
      } else setError(r.error);
    });
    return () => {
      current = false;
    };
  }, [jabatan]);

  const exportXlsx = async () => {
    setExporting(true);
    setExported(null);
    setError(null);
    const r = await call('reports.villageXlsx', jabatan ? { jabatan } : {});
    setExporting(false);
    if (!r.ok) return setError(r.error);
    downloadBase64(r.value.fileName, r.value.base64, XLSX_TYPE);
    setExported(t('op.village.exported', { file: r.value.fileName }));
  };

  if (!village) {
    return error ? (
      <div className="screen" data-screen="operator-village-failed">
        <OperatorNav />
        <ErrorBox error={error} />
      </div>
    ) : (
      <Loading name="operator-village" label={t('common.loading')} />
    );
  }
  const learners = byLearner(village.rows);
  const certificates = village.rows.filter((r) => r.certificateNumber).length;
  return (
    <>
      <OperatorNav />
      <Screen name="operator-village" title={t('op.village.title')} wide>
        <ClockBanner />
        <div className="toolbar toolbar-wrap">
          <div className="field field-row">
            <label htmlFor={filterId}>{t('op.village.filter')}</label>
            <select
              id={filterId}
              className="input input-auto"
              value={jabatan}
              onChange={(e) => setJabatan(e.target.value as Jabatan | '')}
            >
              <option value="">{t('op.village.allJabatan')}</option>
              {JABATAN_OPTIONS.map(([code, label]) => (
                <option key={code} value={code}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            className="btn btn-secondary"
            disabled={exporting || village.rows.length === 0}
            onClick={() => void exportXlsx()}
          >
            {exporting ? t('op.village.exporting') : t('op.village.export')}
          </button>
        </div>
        <ErrorBox error={error} />
        {exported && (
          <p className="notice notice-ok" role="status">
            {exported}
          </p>
        )}
        <p className="muted summary" data-testid="village-summary">
          {t('op.village.summary', {
            learners: learners.length,
            courses: village.courses.length,
            certificates,
            when: formatDateTime(village.generatedAt),
          })}
        </p>
        {learners.length === 0 ? (
          <p className="lead">{jabatan ? t('op.village.noneForJabatan') : t('op.village.none')}</p>
        ) : (
          <div className="table-scroll" role="region" aria-label={t('op.village.tableLabel')} tabIndex={0}>
            <table className="table village-table">
              <thead>
                <tr>
                  <th scope="col">{t('op.village.learner')}</th>
                  <th scope="col">{t('op.village.course')}</th>
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
                  <th scope="col">{t('op.village.lastActivity')}</th>
                </tr>
              </thead>
              {learners.map((rows) => (
                <LearnerRows key={rows[0]!.learnerId} rows={rows} />
              ))}
            </table>
          </div>
        )}
      </Screen>
    </>
  );
}

function LearnerRows({ rows }: { rows: VillageRow[] }) {
  const { t } = useTranslation();
  const first = rows[0]!;
  const name = first.erased ? t('op.learners.erasedName') : (first.fullName ?? '');
  return (
    <tbody className="learner-group" data-learner={first.learnerId}>
      {rows.map((r, i) => (
        <tr key={r.courseId} data-course={r.courseId} className={first.erased ? 'erased' : ''}>
          {i === 0 && (
            <th scope="rowgroup" rowSpan={rows.length} className="learner-cell">
              <button
                type="button"
                className="btn-link learner-link"
                onClick={() => navigate(`/operator/village/${first.learnerId}`)}
              >
                {name}
                <span className="visually-hidden">: {t('op.village.openHistory')}</span>
              </button>
              <span className="learner-jabatan">{jabatanLabel(first.jabatan)}</span>
              {first.disabled && !first.erased && (
                <span className="learner-jabatan">{t('op.status.disabled')}</span>
              )}
            </th>
          )}
          <td className="wide-cell">{r.courseTitle}</td>
          <td className="num">{formatScore(r.pretestScore)}</td>
          <td className="num">{formatScore(r.posttestScore)}</td>
          <td className="num">{formatGain(r.gain)}</td>
          <td>
            <ProgressStatusText
              status={r.status}
              lessonsCompleted={r.lessonsCompleted}
              lessonCount={r.lessonCount}
              posttestAttemptsLeft={r.posttestAttemptsLeft}
            />
          </td>
          <td className="cert-number">{r.certificateNumber ?? '—'}</td>
          <td className="date-cell">{r.lastActivity ? formatDateTime(r.lastActivity) : '—'}</td>
        </tr>
      ))}
    </tbody>
  );
}
