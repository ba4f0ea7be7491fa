import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Average, HubReport as Report, LearnerRow, RegionRow, ReportLevel } from '../../../main/api/hub';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';
import { useApp } from '../app/context';
import { formatDateTime } from '../i18n/format';
import { downloadBase64, XLSX_TYPE } from '../operator/download';
import { formatGain, formatScore } from '../operator/format';
import { OperatorNav } from '../operator/OperatorNav';
import { ErrorBox } from '../shared/ErrorBox';
import { Loading, Screen } from '../shared/Screen';
import { jabatanLabel } from '../shared/jabatan';
import { HubChart, type ChartRow } from './HubChart';

const LEVELS: ReportLevel[] = ['provinsi', 'kabupaten', 'kecamatan', 'desa', 'learner'];

/** One place in the drill-down: a level, within a region (none: the hub's own). */
interface Place {
  level: ReportLevel;
  regionCode?: string;
  /** The name of the region above this table, for the breadcrumb. */
  name: string;
}

const avg = (a: Average) => formatScore(a.average);

/**
 * "Laporan": one table per level, drilling down provinsi → kabupaten/kota → kecamatan → desa → peserta by
 * clicking a row, with a breadcrumb back up; a chart of learners, active learners and posttest average per
 * row; each table downloads as Excel or CSV.
 */
export function HubReport() {
  const { t } = useTranslation();
  const { info } = useApp();
  // A nasional hub opens on its provinsi; any other on its own region's row.
  const hubLevel = info.hub?.regionLevel ?? 'kabupaten';
  const start: Place = { level: hubLevel === 'nasional' ? 'provinsi' : hubLevel, name: info.hub?.name ?? '' };
  const [trail, setTrail] = useState<Place[]>([start]);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState<'csv' | 'xlsx' | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [offset, setOffset] = useState(0);
  const here = trail[trail.length - 1]!;

  useEffect(() => {
    let live = true;
    void call('hub.report', {
      level: here.level,
      ...(here.regionCode ? { regionCode: here.regionCode } : {}),
      // A kabupaten has thousands of learners: a page at a time (the download holds them all).
      ...(here.level === 'learner' ? { offset, limit: LEARNER_PAGE } : {}),
    }).then((r) => {
      if (!live) return;
      if (r.ok) {
        setReport(r.value.report);
        setError(null);
      } else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [here.level, here.regionCode, offset]);

  /** To another place of the drill-down: the old table goes until the new one comes. */
  const go = (next: Place[]) => {
    setReport(null);
    setSaved(null);
    setOffset(0);
    setTrail(next);
  };

  const down = (row: RegionRow) => {
    const next = LEVELS[LEVELS.indexOf(row.level) + 1];
    if (!next) return;
    go([...trail, { level: next, regionCode: row.code, name: row.name }]);
  };

  const save = async (format: 'csv' | 'xlsx') => {
    setSaving(format);
    setSaved(null);
    const r = await call('hub.reportFile', {
      level: here.level,
      format,
      ...(here.regionCode ? { regionCode: here.regionCode } : {}),
    });
    setSaving(null);
    if (!r.ok) return setError(r.error);
    downloadBase64(r.value.fileName, r.value.base64, format === 'csv' ? 'text/csv;charset=utf-8' : XLSX_TYPE);
    setSaved(t('hub.report.saved', { file: r.value.fileName, count: r.value.rows }));
  };

  const chartLabels = useMemo(
    () => ({
      learners: t('hub.report.col.learners'),
      active: t('hub.report.col.active'),
      posttest: t('hub.report.col.posttest'),
    }),
    [t],
  );
  const chartRows = useMemo<ChartRow[]>(
    () =>
      report
        ? report.level === 'learner'
          ? []
          : report.rows.map((r) => ({
              label: r.name,
              learners: r.learners,
              active: r.active30d,
              posttest: r.posttest.average,
            }))
        : [],
    [report],
  );

  const crumbs = (
    <nav aria-label={t('hub.report.breadcrumb')} className="hub-crumbs">
      <ol>
        {trail.map((p, i) => (
          <li key={`${p.level}-${p.regionCode ?? ''}`}>
            {i < trail.length - 1 ? (
              <button type="button" className="link-button" onClick={() => go(trail.slice(0, i + 1))}>
                {i === 0 ? t('hub.report.top') : p.name}
              </button>
            ) : (
              <span aria-current="page">{i === 0 ? t('hub.report.top') : p.name}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );

  if (!report) {
    return error ? (
      <div className="screen" data-screen="hub-report-failed">
        <OperatorNav />
        {crumbs}
        <ErrorBox error={error} />
      </div>
    ) : (
      <>
        <OperatorNav />
        <Loading name="hub-report" label={t('common.loading')} />
      </>
    );
  }
  const title = t('hub.report.title', {
    level: t(`hub.report.level.${report.level}`),
    scope: report.scope.name,
  });
  return (
    <>
      <OperatorNav />
      <Screen name="hub-report" title={title} wide>
        <div data-level={report.level} data-testid="hub-report">
          {crumbs}
          <div className="toolbar toolbar-wrap">
            <p className="muted summary" data-testid="report-summary">
              {t('hub.report.summary', {
                desa: report.total.desaTotal,
                reporting: report.total.desaReporting,
                learners: report.total.learners,
                when: formatDateTime(report.generatedAt),
              })}
            </p>
            <div className="actions">
              <button
                type="button"
                className="btn btn-secondary"
                disabled={saving !== null}
                onClick={() => void save('xlsx')}
              >
                {saving === 'xlsx' ? t('hub.report.saving') : t('hub.report.excel')}
              </button>
              <button
                type="button"
                className="btn btn-secondary"
                disabled={saving !== null}
                onClick={() => void save('csv')}
              >
                {saving === 'csv' ? t('hub.report.saving') : t('hub.report.csv')}
              </button>
            </div>
          </div>
          <ErrorBox error={error} />
          {saved && (
            <p className="notice notice-ok" role="status">
              {saved}
            </p>
          )}
          {report.level !== 'learner' && report.rows.length > 0 && (
            <HubChart
              rows={chartRows}
              labels={chartLabels}
              title={t('hub.report.chartTitle', { scope: report.scope.name })}
            />
          )}
          {report.rows.length === 0 ? (
            <p className="lead">{t('hub.report.none')}</p>
          ) : report.level === 'learner' ? (
            <>
              <LearnerTable rows={report.rows} />
              <LearnerPager
                offset={report.page.offset}
                shown={report.rows.length}
                total={report.page.total}
                onPage={setOffset}
              />
            </>
          ) : (
            <RegionTable rows={report.rows} total={report.total} onOpen={down} />
          )}
          <p className="muted">{t('hub.report.note')}</p>
        </div>
      </Screen>
    </>
  );
}

/** Learners per page of the learner level. */
const LEARNER_PAGE = 200;

/** Previous / next page of a learner list longer than a page, and where in it this page is. */
function LearnerPager({
  offset,
  shown,
  total,
  onPage,
}: {
  offset: number;
  shown: number;
  total: number;
  onPage: (offset: number) => void;
}) {
  const { t } = useTranslation();
  if (total <= shown && offset === 0) return null;
  const n = (v: number) => v.toLocaleString('id-ID');
  return (
    <nav className="hub-pager" aria-label={t('hub.report.pages')}>
      <button
        type="button"
        className="btn btn-secondary"
        disabled={offset === 0}
        onClick={() => onPage(Math.max(0, offset - LEARNER_PAGE))}
      >
        {t('hub.report.prevPage')}
      </button>
      <span data-testid="learner-page">
        {t('hub.report.pageOf', { from: n(offset + 1), to: n(offset + shown), total: n(total) })}
      </span>
      <button
        type="button"
        className="btn btn-secondary"
        disabled={offset + shown >= total}
        onClick={() => onPage(offset + LEARNER_PAGE)}
      >
        {t('hub.report.nextPage')}
      </button>
    </nav>
  );
}

function LastBundle({ at, days }: { at: string | null; days: number | null }) {
  const { t } = useTranslation();
  if (!at) return <>{t('hub.report.noData')}</>;
  return (
    <>
      {formatDateTime(at).split(' ').slice(0, 3).join(' ')}
      <span className="fact-detail">{t('hub.report.daysAgo', { count: days ?? 0 })}</span>
    </>
  );
}

function RegionTable({
  rows,
  total,
  onOpen,
}: {
  rows: RegionRow[];
  total: Report['total'];
  onOpen: (r: RegionRow) => void;
}) {
  const { t } = useTranslation();
  // A desa is one desa: the "desa melapor" column says something only above that level.
  const showDesa = rows[0]?.level !== 'desa';
  const cells = (r: RegionRow) => (
    <>
      {showDesa && <td className="num">{`${r.desaReporting}/${r.desaTotal}`}</td>}
      <td className="num">{r.learners}</td>
      <td className="num">{r.active30d}</td>
      <td className="num">{r.lessonsCompleted}</td>
      <td className="num">{r.coursesCompleted}</td>
      <td className="num">{avg(r.pretest)}</td>
      <td className="num">{avg(r.posttest)}</td>
      <td className="num">{formatGain(r.gain.average)}</td>
      <td className="num">{r.certificates}</td>
      <td>
        <LastBundle at={r.lastBundleAt} days={r.daysSinceLastBundle} />
      </td>
    </>
  );
  return (
    <div className="table-scroll" role="region" aria-label={t('hub.report.tableLabel')} tabIndex={0}>
      <table className="table hub-table">
        <thead>
          <tr>
            <th scope="col">{t('hub.report.col.name')}</th>
            {showDesa && (
              <th scope="col" className="num">
                {t('hub.report.col.desa')}
              </th>
            )}
            <th scope="col" className="num">
              {t('hub.report.col.learners')}
            </th>
            <th scope="col" className="num">
              {t('hub.report.col.active')}
            </th>
            <th scope="col" className="num">
              {t('hub.report.col.lessons')}
            </th>
            <th scope="col" className="num">
              {t('hub.report.col.courses')}
            </th>
            <th scope="col" className="num">
              {t('hub.report.col.pretest')}
            </th>
            <th scope="col" className="num">
              {t('hub.report.col.posttest')}
            </th>
            <th scope="col" className="num">
              {t('hub.report.col.gain')}
            </th>
            <th scope="col" className="num">
              {t('hub.report.col.certificates')}
            </th>
            <th scope="col">{t('hub.report.col.lastBundle')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const noData = r.desaReporting === 0;
            return (
              <tr
                key={r.code}
                className={noData ? 'row-nodata' : undefined}
                data-code={r.code}
                data-nodata={noData || undefined}
              >
                <th scope="row">
                  <button type="button" className="link-button" onClick={() => onOpen(r)}>
                    {r.name}
                  </button>
                  <span className="fact-detail">
                    {r.code}
                    {noData && (
                      <>
                        {' '}
                        · <strong>{t('hub.report.noData')}</strong>
                      </>
                    )}
                  </span>
                </th>
                {cells(r)}
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr data-testid="report-total">
            <th scope="row">{t('hub.report.total')}</th>
            {cells({ ...total, level: 'kecamatan' })}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function personName(r: LearnerRow, t: (k: string) => string): string {
  if (r.fullName) return r.fullName;
  if (r.personal === 'erased') return t('hub.report.erased');
  if (r.personal === 'none') return t('hub.report.noRoster');
  return r.jabatan ? jabatanLabel(r.jabatan as Parameters<typeof jabatanLabel>[0]) : t('hub.report.noName');
}

function LearnerTable({ rows }: { rows: LearnerRow[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll" role="region" aria-label={t('hub.report.tableLabel')} tabIndex={0}>
      <table className="table hub-table">
        <thead>
          <tr>
            <th scope="col">{t('hub.report.col.learner')}</th>
            <th scope="col">{t('hub.report.col.jabatan')}</th>
            <th scope="col">{t('hub.report.col.active')}</th>
            <th scope="col" className="num">
              {t('hub.report.col.lessons')}
            </th>
            <th scope="col" className="num">
              {t('hub.report.col.courses')}
            </th>
            <th scope="col" className="num">
              {t('hub.report.col.pretest')}
            </th>
            <th scope="col" className="num">
              {t('hub.report.col.posttest')}
            </th>
            <th scope="col" className="num">
              {t('hub.report.col.gain')}
            </th>
            <th scope="col" className="num">
              {t('hub.report.col.certificates')}
            </th>
            <th scope="col">{t('hub.report.col.lastActivity')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.learnerId}>
              <th scope="row">
                {personName(r, t)}
                {r.disabled && <span className="fact-detail">{t('hub.report.disabled')}</span>}
              </th>
              <td>{r.jabatan ? jabatanLabel(r.jabatan as Parameters<typeof jabatanLabel>[0]) : '—'}</td>
              <td>{r.active30d ? t('hub.report.yes') : t('hub.report.no')}</td>
              <td className="num">{r.lessonsCompleted}</td>
              <td className="num">{r.coursesCompleted}</td>
              <td className="num">{avg(r.pretest)}</td>
              <td className="num">{avg(r.posttest)}</td>
              <td className="num">{formatGain(r.gain.average)}</td>
              <td className="num">{r.certificates}</td>
              <td>{r.lastActivityAt ? formatDateTime(r.lastActivityAt) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
