import { useEffect, useRef } from 'react';
import type { Chart } from 'chart.js';

export interface ChartRow {
  label: string;
  learners: number;
  active: number;
  posttest: number | null;
}

/**
 * Bars of learners and active learners per row, with the posttest average as a line on its own axis (0–100).
 * chart.js is loaded here, on first use, so the login screen never carries it.
 */
export function HubChart({
  rows,
  labels,
  title,
}: {
  rows: ChartRow[];
  labels: { learners: string; active: string; posttest: string };
  title: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let chart: Chart | null = null;
    let live = true;
    void import('chart.js').then((m) => {
      if (!live || !canvas.current) return;
      m.Chart.register(
        m.BarController,
        m.BarElement,
        m.LineController,
        m.LineElement,
        m.PointElement,
        m.CategoryScale,
        m.LinearScale,
        m.Tooltip,
        m.Legend,
      );
      chart = new m.Chart(canvas.current, {
        type: 'bar',
        data: {
          labels: rows.map((r) => r.label),
          datasets: [
            {
              type: 'bar',
              label: labels.learners,
              data: rows.map((r) => r.learners),
              backgroundColor: '#2f6f4f',
              yAxisID: 'y',
            },
            {
              type: 'bar',
              label: labels.active,
              data: rows.map((r) => r.active),
              backgroundColor: '#8cc084',
              yAxisID: 'y',
            },
            {
              type: 'line',
              label: labels.posttest,
              data: rows.map((r) => r.posttest),
              borderColor: '#b5542d',
              backgroundColor: '#b5542d',
              yAxisID: 'score',
              spanGaps: true,
            },
          ],
        },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          scales: {
            y: { beginAtZero: true, ticks: { precision: 0 }, position: 'left' },
            score: {
              beginAtZero: true,
              min: 0,
              max: 100,
              position: 'right',
              grid: { drawOnChartArea: false },
            },
          },
          plugins: { legend: { position: 'bottom' } },
        },
      });
      canvas.current.dataset.ready = 'true';
    });
    return () => {
      live = false;
      chart?.destroy();
    };
  }, [rows, labels]);
  return (
    <figure className="hub-chart">
      <div className="hub-chart-box">
        <canvas ref={canvas} role="img" aria-label={title} data-testid="hub-chart" />
      </div>
    </figure>
  );
}
