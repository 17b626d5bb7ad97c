// A bar chart (Chart.js, only the parts a bar chart needs): drawn on a canvas that says in words what it shows,
// its numbers in the Vietnamese format (1.234.567) whatever the page's language. Every chart sits beside the table it is drawn
// from: people read the chart, screen readers and tests read the table.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
  type ChartDataset,
} from 'chart.js';
import { useEffect, useRef } from 'react';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface Series {
  label: string;
  values: readonly number[];
  /** A colour from the house palette (`paid`, `waiting`, ...), or any CSS colour. */
  color: string;
}

const PALETTE: Record<string, string> = {
  paid: '#1b7f3b',
  waiting: '#e0a100',
  returned: '#b3261e',
  stopped: '#6b6b6b',
  blue: '#1d5fa8',
  teal: '#127a7a',
  purple: '#6a3d9a',
};

/** A horizontal (one bar per row) or vertical bar chart, stacked when its series add up to a whole. */
export function BarChart({
  title,
  labels,
  series,
  stacked = false,
  horizontal = true,
  testId,
}: {
  title: string;
  labels: readonly string[];
  series: readonly Series[];
  stacked?: boolean;
  horizontal?: boolean;
  testId?: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'bar'> | null>(null);
  // Numbers as the post writes them in both languages, as the tables beside do: 1.234.567.
  const locale = 'vi-VN';
  useEffect(() => {
    const c = new Chart(canvas.current!, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        locale,
        scales: {
          // Counts and đồng are whole: no 0,5 on an axis.
          x: { stacked, beginAtZero: true, ticks: { precision: 0 } },
          y: { stacked, beginAtZero: true, ticks: { precision: 0 } },
        },
        plugins: { legend: { position: 'bottom' } },
      },
    });
    chart.current = c;
    return () => {
      c.destroy();
      chart.current = null;
    };
  }, [horizontal, stacked]);
  useEffect(() => {
    const c = chart.current;
    if (c === null) return;
    c.data.labels = [...labels];
    c.data.datasets = series.map((s): ChartDataset<'bar'> => ({
      label: s.label,
      data: [...s.values],
      backgroundColor: PALETTE[s.color] ?? s.color,
    }));
    c.update('none');
  }, [labels, series]);
  const n = new Intl.NumberFormat(locale);
  const summary = `${title}: ${series
    .map((s) => `${s.label} ${n.format(s.values.reduce((a, b) => a + b, 0))}`)
    .join(', ')}`;
  const height = horizontal ? Math.max(140, 28 * labels.length + 70) : 260;
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div className="chart-box" style={{ height }}>
        <canvas ref={canvas} role="img" aria-label={summary}>
          {summary}
        </canvas>
      </div>
    </figure>
  );
}
