import { createCanvas } from '@napi-rs/canvas';
import { Chart, type ChartConfiguration, type Plugin } from 'chart.js';
import { setUp } from '../digest/chart.js';
import type { NumberHealth } from './health.js';
import { VERDICT_INFO } from '../analysis/verdicts.js';

/** Colour-blind-safe (Okabe-Ito) colours for up to eight routes; more routes cycle. */
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

interface Mark {
  index: number;
  label: string;
  colour: string;
}

/** Vertical lines at each episode's onset (red) and recovery (green), labelled at the top. */
function marksPlugin(marks: Mark[]): Plugin<'bar' | 'line'> {
  return {
    id: 'onset-recovery',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea, scales } = chart;
      const x = scales.x;
      if (!x) return;
      ctx.save();
      for (const m of marks) {
        // Between the day before and the day itself: the change happened at that day's start.
        const px = (x.getPixelForValue(m.index) + x.getPixelForValue(Math.max(0, m.index - 1))) / 2;
        ctx.strokeStyle = m.colour;
        ctx.lineWidth = 2.5;
        ctx.setLineDash([7, 5]);
        ctx.beginPath();
        ctx.moveTo(px, chartArea.top);
        ctx.lineTo(px, chartArea.bottom);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = m.colour;
        ctx.font = `bold 14px ${String(Chart.defaults.font.family ?? 'sans-serif')}`;
        ctx.fillText(m.label, px + 5, chartArea.top + 16);
      }
      ctx.restore();
    },
  };
}

/**
 * The health card's chart: refusal rate per route per day (lines, left axis) over the number's
 * calls per day (grey bars, right axis), with each episode's onset and recovery marked.
 */
export function renderNumberChart(h: NumberHealth, width = 1000, height = 460): Buffer {
  setUp();
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  const labels = h.days.map((d) => d.date.slice(5));
  const routes = h.routes.map((r) => r.route);
  const marks: Mark[] = [];
  for (const e of h.episodes) {
    const b = h.days.findIndex((d) => d.day === e.began);
    if (b >= 0) marks.push({ index: b, label: `began: ${VERDICT_INFO[e.verdict].label}`, colour: '#c62828' });
    const r = e.recovered === null ? -1 : h.days.findIndex((d) => d.day === e.recovered);
    if (r >= 0) marks.push({ index: r, label: 'recovered', colour: '#2e7d32' });
  }
  const config: ChartConfiguration<'bar' | 'line', Array<number | null>, string> = {
    type: 'bar',
    data: {
      labels,
      datasets: [
        ...routes.map((route, i) => ({
          type: 'line' as const,
          label: `${route} refused %`,
          yAxisID: 'rate',
          order: 0,
          data: h.days.map((d) => {
            const t = d.routes[route];
            return t && t.calls > 0 ? Math.round((t.blocked / t.calls) * 1000) / 10 : null;
          }),
          borderColor: COLOURS[i % COLOURS.length],
          backgroundColor: COLOURS[i % COLOURS.length],
          borderWidth: 3,
          pointRadius: 3,
          spanGaps: false,
        })),
        {
          type: 'bar' as const,
          label: 'calls per day',
          data: h.days.map((d) => d.calls),
          yAxisID: 'calls',
          backgroundColor: '#dfe4ea',
          order: 1,
        },
      ],
    },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      layout: { padding: 12 },
      plugins: {
        title: {
          display: true,
          text: `${h.number}: refused % by route, last ${h.days.length} days (UTC)`,
          font: { size: 18, weight: 'bold' },
          padding: { bottom: 6 },
        },
        legend: { position: 'bottom', labels: { font: { size: 13 }, boxWidth: 18 } },
      },
      scales: {
        x: {
          grid: { display: false },
          ticks: { font: { size: 12 }, maxRotation: 0, autoSkip: true, autoSkipPadding: 10 },
        },
        rate: {
          type: 'linear',
          position: 'left',
          min: 0,
          max: 100,
          title: { display: true, text: 'refused %', font: { size: 13 } },
          ticks: { font: { size: 12 }, callback: (v) => `${v}%` },
        },
        // Twice the busiest day at the top: the bars stay in the lower half, under the rate lines.
        calls: {
          type: 'linear',
          position: 'right',
          beginAtZero: true,
          max: Math.max(10, Math.ceil(Math.max(...h.days.map((d) => d.calls)) * 2)),
          title: { display: true, text: 'calls per day', font: { size: 13 } },
          grid: { drawOnChartArea: false },
          ticks: { font: { size: 12 } },
        },
      },
    },
    plugins: [marksPlugin(marks)],
  };
  const chart = new Chart(ctx as unknown as ConstructorParameters<typeof Chart>[0], config as ChartConfiguration);
  const png = canvas.toBuffer('image/png');
  chart.destroy();
  return png;
}
